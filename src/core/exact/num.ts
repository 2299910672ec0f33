/**
 * Exact numbers for rule arithmetic.
 *
 * JsonLogic arithmetic (+ - * / % min max) is closed over the rationals, so every
 * rule is evaluated exactly and the rubric's rounding rule is the only rounding there
 * is. A `Num` is one of:
 *  - a JS number that is a safe integer (the fast path: counts, yes/no, levels), or
 *    NaN / ±Infinity, which keep JavaScript's meaning so json-logic-js semantics hold;
 *  - a `Ratio`: a non-integer p/q in lowest terms with safe-integer parts;
 *  - a `BigRatio`: the same with bigint parts, for the rare value too large for the above.
 * Constructors here keep that invariant: every value has exactly one representation.
 */

export class Ratio {
  /** Use `ratio()`: it reduces and picks the representation. */
  constructor(
    readonly p: number,
    readonly q: number,
  ) {}

  /** JavaScript's rendering of the nearest double, as `cat` and `in` on strings expect. */
  toString(): string {
    return String(this.p / this.q);
  }
}

export class BigRatio {
  constructor(
    readonly p: bigint,
    readonly q: bigint,
  ) {}

  toString(): string {
    return String(bigToNumber(this.p, this.q));
  }
}

export type Num = number | Ratio | BigRatio;

export function isNum(x: unknown): x is Num {
  return typeof x === 'number' || x instanceof Ratio || x instanceof BigRatio;
}

export function isFiniteNum(x: Num): boolean {
  return typeof x !== 'number' || Number.isFinite(x);
}

export function gcd(a: number, b: number): number {
  if (a <= 0x7fffffff && b <= 0x7fffffff) {
    // Small operands (nearly all): integer remainders are many times faster than double ones.
    let x = a | 0;
    let y = b | 0;
    while (y !== 0) {
      const t = x % y;
      x = y;
      y = t;
    }
    return x;
  }
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function bigGcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** p/q for safe integers with q !== 0; falls back to bigint when a part is unsafe. */
export function ratio(p: number, q: number): Num {
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q)) return bigRatio(BigInt(p), BigInt(q));
  if (q < 0) {
    p = -p;
    q = -q;
  }
  const g = gcd(p < 0 ? -p : p, q);
  if (g !== 1) {
    p /= g;
    q /= g;
  }
  if (q === 1) return p === 0 ? 0 : p;
  return new Ratio(p, q);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** p/q for bigints with q !== 0n, demoted to the smallest representation that fits. */
export function bigRatio(p: bigint, q: bigint): Num {
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  const g = bigGcd(p, q);
  if (g !== 1n) {
    p /= g;
    q /= g;
  }
  if (p <= MAX_SAFE && p >= -MAX_SAFE && q <= MAX_SAFE) {
    const pn = Number(p);
    if (q === 1n) return pn === 0 ? 0 : pn;
    return new Ratio(pn, Number(q));
  }
  return new BigRatio(p, q);
}

export function toBig(x: Num): [bigint, bigint] {
  if (typeof x === 'number') return [BigInt(x), 1n];
  if (x instanceof Ratio) return [BigInt(x.p), BigInt(x.q)];
  return [x.p, x.q];
}

/** The nearest double (ties broken by a 20-digit decimal rendering for bigint parts). */
export function toNumber(x: Num): number {
  if (typeof x === 'number') return x;
  if (x instanceof Ratio) return x.p / x.q;
  return bigToNumber(x.p, x.q);
}

function bigToNumber(p: bigint, q: bigint): number {
  const neg = p < 0n;
  const a = neg ? -p : p;
  // Scale so the integer quotient carries 20+ significant digits, then let the
  // decimal parser round once.
  const digitsQ = q.toString().length;
  const digitsA = a.toString().length;
  const shift = Math.max(0, 21 - (digitsA - digitsQ));
  const n = (a * 10n ** BigInt(shift)) / q;
  const v = Number(`${n}e-${shift}`);
  return neg ? -v : v;
}
