/**
 * Exact arithmetic on `Num`. Each operation tries safe-integer doubles first (a
 * product or sum of safe integers that is itself safe is exact) and falls back to
 * bigint only when an intermediate would overflow. Non-finite operands keep
 * JavaScript's float meaning so that NaN and Infinity propagate as in json-logic-js.
 */
import { BigRatio, type Num, Ratio, bigRatio, gcd, ratio, toBig, toNumber } from './num.js';

function nonFinite(x: Num): boolean {
  return typeof x === 'number' && !Number.isFinite(x);
}

// Each operation unpacks its operands into (p, q) pairs inline rather than through a
// helper: returning pairs would allocate on every operation of every rule.
//
// Integer results below 2^53 in magnitude are exact: the operands are integers, and
// a double sum or product of integers only rounds once it leaves that range.
const MAX = Number.MAX_SAFE_INTEGER;
const fits = (x: number) => x <= MAX && x >= -MAX;

export function add(a: Num, b: Num): Num {
  return addSigned(a, b, 1);
}

export function sub(a: Num, b: Num): Num {
  return addSigned(a, b, -1);
}

/** a + sign·b without allocating the negation. */
function addSigned(a: Num, b: Num, sign: 1 | -1): Num {
  let ap: number;
  let aq: number;
  let bp: number;
  let bq: number;
  if (typeof a === 'number') {
    if (typeof b === 'number') {
      const s = a + sign * b;
      if (fits(s)) return s === 0 ? 0 : s;
      return addSlow(a, sign === 1 ? b : neg(b));
    }
    ap = a;
    aq = 1;
  } else if (a instanceof Ratio) {
    ap = a.p;
    aq = a.q;
  } else return addSlow(a, sign === 1 ? b : neg(b));
  if (typeof b === 'number') {
    bp = sign * b;
    bq = 1;
  } else if (b instanceof Ratio) {
    bp = sign * b.p;
    bq = b.q;
  } else return addSlow(a, sign === 1 ? b : neg(b));
  if (aq === bq) {
    const p = ap + bp;
    if (fits(p)) return ratio(p, aq);
  } else if (aq === 1 || bq === 1) {
    // n + p/q = (n·q + p)/q, already in lowest terms.
    const p = aq === 1 ? ap * bq + bp : ap + bp * aq;
    const q = aq === 1 ? bq : aq;
    if (fits(p)) return new Ratio(p, q);
  } else {
    const x = ap * bq;
    const y = bp * aq;
    const p = x + y;
    const q = aq * bq;
    if (fits(x) && fits(y) && fits(p) && fits(q)) return ratio(p, q);
  }
  return addSlow(a, sign === 1 ? b : neg(b));
}

function addSlow(a: Num, b: Num): Num {
  if (nonFinite(a) || nonFinite(b)) return toNumber(a) + toNumber(b);
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  return bigRatio(ap * bq + bp * aq, aq * bq);
}

export function neg(a: Num): Num {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (a instanceof Ratio) return new Ratio(-a.p, a.q);
  return new BigRatio(-a.p, a.q);
}

export function mul(a: Num, b: Num): Num {
  let ap: number;
  let aq: number;
  let bp: number;
  let bq: number;
  if (typeof a === 'number') {
    if (typeof b === 'number') {
      const m = a * b;
      if (fits(m)) return m === 0 ? 0 : m;
      return mulSlow(a, b);
    }
    ap = a;
    aq = 1;
  } else if (a instanceof Ratio) {
    ap = a.p;
    aq = a.q;
  } else return mulSlow(a, b);
  if (typeof b === 'number') {
    bp = b;
    bq = 1;
  } else if (b instanceof Ratio) {
    bp = b.p;
    bq = b.q;
  } else return mulSlow(a, b);
  if (!fits(ap) || !fits(bp)) return mulSlow(a, b); // NaN or ±Infinity
  // Cross-reduce first so the products stay small and the result is already reduced.
  const g1 = bq === 1 ? 1 : gcd(ap < 0 ? -ap : ap, bq);
  const g2 = aq === 1 ? 1 : gcd(bp < 0 ? -bp : bp, aq);
  const p = (ap / g1) * (bp / g2);
  const q = (aq / g2) * (bq / g1);
  if (fits(p) && fits(q)) {
    if (p === 0) return 0;
    return q === 1 ? p : new Ratio(p, q);
  }
  return mulSlow(a, b);
}

function mulSlow(a: Num, b: Num): Num {
  if (nonFinite(a) || nonFinite(b)) return toNumber(a) * toNumber(b);
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  return bigRatio(ap * bp, aq * bq);
}

export function sign(a: Num): number {
  if (typeof a === 'number') return a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : NaN;
  if (a instanceof Ratio) return a.p > 0 ? 1 : -1;
  return a.p > 0n ? 1 : -1;
}

function inverse(a: Num): Num {
  if (typeof a === 'number') {
    if (a === 0) return Infinity;
    if (!Number.isFinite(a)) return 1 / a;
    return ratio(1, a);
  }
  if (a instanceof Ratio) return ratio(a.q, a.p);
  return bigRatio(a.q, a.p);
}

export function div(a: Num, b: Num): Num {
  if (typeof b === 'number' && (b === 0 || !Number.isFinite(b))) return toNumber(a) / b;
  if (nonFinite(a)) return toNumber(a) / toNumber(b);
  if (typeof a === 'number' && typeof b === 'number') return ratio(a, b);
  return mul(a, inverse(b));
}

/** The integer part, toward zero (bigint: it is rare in rubrics). */
export function trunc(a: Num): Num {
  if (typeof a === 'number') return a;
  const [p, q] = toBig(a);
  return bigRatio(p / q, 1n);
}

/** JavaScript's remainder: the sign follows the dividend. */
export function mod(a: Num, b: Num): Num {
  if (nonFinite(a) || nonFinite(b) || (typeof b === 'number' && b === 0)) {
    return toNumber(a) % toNumber(b);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  return sub(a, mul(b, trunc(div(a, b))));
}

/** -1, 0 or 1; NaN when either side is NaN. */
export function cmp(a: Num, b: Num): number {
  let ap: number;
  let aq: number;
  let bp: number;
  let bq: number;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
    ap = a;
    aq = 1;
  } else if (a instanceof Ratio) {
    ap = a.p;
    aq = a.q;
  } else return cmpSlow(a, b);
  if (typeof b === 'number') {
    bp = b;
    bq = 1;
  } else if (b instanceof Ratio) {
    bp = b.p;
    bq = b.q;
  } else return cmpSlow(a, b);
  // Cross-multiplied; NaN or an infinity fails `fits` and takes the slow path.
  const x = ap * bq;
  const y = bp * aq;
  if (fits(x) && fits(y)) return x < y ? -1 : x > y ? 1 : 0;
  return cmpSlow(a, b);
}

function cmpSlow(a: Num, b: Num): number {
  if (nonFinite(a) || nonFinite(b)) {
    const x = toNumber(a);
    const y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    if (x === y) return 0; // both the same infinity
    return x < y ? -1 : 1; // an infinity against a finite value
  }
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  const x = ap * bq;
  const y = bp * aq;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function min(a: Num, b: Num): Num {
  const c = cmp(a, b);
  return Number.isNaN(c) ? NaN : c <= 0 ? a : b;
}

export function max(a: Num, b: Num): Num {
  const c = cmp(a, b);
  return Number.isNaN(c) ? NaN : c >= 0 ? a : b;
}

export function isInteger(a: Num): boolean {
  return typeof a === 'number' ? Number.isFinite(a) : a instanceof BigRatio && a.q === 1n;
}
