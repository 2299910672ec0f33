/**
 * Exact arithmetic on `Num`. Each operation tries safe-integer doubles first (a
 * product or sum of safe integers that is itself safe is exact) and falls back to
 * bigint only when an intermediate would overflow. Non-finite operands keep
 * JavaScript's float meaning so that NaN and Infinity propagate as in json-logic-js.
 */
import { BigRatio, type Num, Ratio, bigRatio, gcd, ratio, toBig, toNumber } from './num.js';

const safe = Number.isSafeInteger;

function nonFinite(x: Num): boolean {
  return typeof x === 'number' && !Number.isFinite(x);
}

export function add(a: Num, b: Num): Num {
  if (typeof a === 'number') {
    if (typeof b === 'number') {
      const s = a + b;
      if (safe(s)) return s === 0 ? 0 : s;
      if (Number.isFinite(a) && Number.isFinite(b)) return bigRatio(BigInt(a) + BigInt(b), 1n);
      return s;
    }
    if (b instanceof Ratio && safe(a)) return addIntRatio(a, b);
  } else if (a instanceof Ratio) {
    if (typeof b === 'number' && safe(b)) return addIntRatio(b, a);
    if (b instanceof Ratio) {
      if (a.q === b.q) {
        const p = a.p + b.p;
        if (safe(p)) return ratio(p, a.q);
      } else {
        const x = a.p * b.q;
        const y = b.p * a.q;
        const p = x + y;
        const q = a.q * b.q;
        if (safe(x) && safe(y) && safe(p) && safe(q)) return ratio(p, q);
      }
    }
  }
  if (nonFinite(a) || nonFinite(b)) return toNumber(a) + toNumber(b);
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  return bigRatio(ap * bq + bp * aq, aq * bq);
}

/** n + p/q is (n·q + p)/q, already in lowest terms because p/q was. */
function addIntRatio(n: number, r: Ratio): Num {
  const p = n * r.q + r.p;
  if (safe(p)) return new Ratio(p, r.q);
  return bigRatio(BigInt(n) * BigInt(r.q) + BigInt(r.p), BigInt(r.q));
}

export function neg(a: Num): Num {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (a instanceof Ratio) return new Ratio(-a.p, a.q);
  return new BigRatio(-a.p, a.q);
}

export function sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b;
    if (safe(s)) return s === 0 ? 0 : s;
    if (Number.isFinite(a) && Number.isFinite(b)) return bigRatio(BigInt(a) - BigInt(b), 1n);
    return s;
  }
  return add(a, neg(b));
}

export function mul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const m = a * b;
    if (safe(m)) return m === 0 ? 0 : m;
    if (Number.isFinite(a) && Number.isFinite(b)) return bigRatio(BigInt(a) * BigInt(b), 1n);
    return m;
  }
  if (nonFinite(a) || nonFinite(b)) return toNumber(a) * toNumber(b);
  if (!(a instanceof BigRatio) && !(b instanceof BigRatio)) {
    const ap = typeof a === 'number' ? a : a.p;
    const aq = typeof a === 'number' ? 1 : a.q;
    const bp = typeof b === 'number' ? b : b.p;
    const bq = typeof b === 'number' ? 1 : b.q;
    // Cross-reduce first so the products stay small and the result is already reduced.
    const g1 = bq === 1 ? 1 : gcd(ap < 0 ? -ap : ap, bq);
    const g2 = aq === 1 ? 1 : gcd(bp < 0 ? -bp : bp, aq);
    const p = (ap / g1) * (bp / g2);
    const q = (aq / g2) * (bq / g1);
    if (safe(p) && safe(q)) {
      if (p === 0) return 0;
      return q === 1 ? p : new Ratio(p, q);
    }
  }
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  return bigRatio(ap * bp, aq * bq);
}

export function sign(a: Num): number {
  if (typeof a === 'number') return a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : NaN;
  if (a instanceof Ratio) return a.p > 0 ? 1 : -1;
  return a.p > 0n ? 1 : -1;
}

export function inverse(a: Num): Num {
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
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  // An integer against a fraction: compare n·q with p (the fraction is never equal to it).
  if (typeof a === 'number' && b instanceof Ratio && safe(a)) {
    const x = a * b.q;
    if (safe(x)) return x < b.p ? -1 : 1;
  } else if (a instanceof Ratio && typeof b === 'number' && safe(b)) {
    const y = b * a.q;
    if (safe(y)) return a.p < y ? -1 : 1;
  }
  if (nonFinite(a) || nonFinite(b)) {
    const x = toNumber(a);
    const y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    if (x === y) return 0; // both the same infinity
    return x < y ? -1 : 1; // an infinity against a finite value
  }
  if (!(a instanceof BigRatio) && !(b instanceof BigRatio)) {
    const ap = typeof a === 'number' ? a : a.p;
    const aq = typeof a === 'number' ? 1 : a.q;
    const bp = typeof b === 'number' ? b : b.p;
    const bq = typeof b === 'number' ? 1 : b.q;
    const x = ap * bq;
    const y = bp * aq;
    if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const [ap, aq] = toBig(a);
  const [bp, bq] = toBig(b);
  const x = ap * bq;
  const y = bp * aq;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function eq(a: Num, b: Num): boolean {
  return cmp(a, b) === 0;
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
