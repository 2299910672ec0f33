/**
 * The operators rubric rules use most, each with a closure of its own. A closure
 * shared by every operator calls its operation through a megamorphic call site; one
 * per operator lets the engine inline the operation and its integer fast path.
 * Semantics are those of operations.ts, which every slow path falls back to.
 */
import { add, cmp, div, mul, sub } from '../exact/index.js';
import type { Fn } from './compile.js';
import { compare, looseEquals, parseFloatOf, strictEquals, toNum, truthy } from './coerce.js';
import { type Operand, read } from './operand.js';

type Factory = (a: Operand, b: Operand, id: number) => Fn;

/** Both are integers that fit in 32 bits: plain arithmetic on them is exact. */
function small(x: unknown, y: unknown): boolean {
  return typeof x === 'number' && typeof y === 'number' && (x | 0) === x && (y | 0) === y;
}

const MAX = Number.MAX_SAFE_INTEGER;

export const FAST_BINARY: Readonly<Record<string, Factory>> = {
  '+': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = small(x, y) ? (x as number) + (y as number) : add(parseFloatOf(x), parseFloatOf(y));
    if (t !== null) t[id] = v;
    return v;
  },
  '-': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    // json-logic-js: a missing second operand makes `-` a negation.
    const v = small(x, y) ? (x as number) - (y as number) || 0 : y === undefined ? sub(0, toNum(x)) : sub(toNum(x), toNum(y));
    if (t !== null) t[id] = v;
    return v;
  },
  '*': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    let v: unknown;
    if (small(x, y)) {
      const m = (x as number) * (y as number);
      v = m <= MAX && m >= -MAX ? m || 0 : mul(x as number, y as number);
    } else v = mul(parseFloatOf(x), parseFloatOf(y));
    if (t !== null) t[id] = v;
    return v;
  },
  '/': (a, b, id) => (d, t) => {
    const v = div(toNum(read(a, d, t)), toNum(read(b, d, t)));
    if (t !== null) t[id] = v;
    return v;
  },
  min: (a, b, id) => (d, t) => {
    const x = toNum(read(a, d, t));
    const y = toNum(read(b, d, t));
    const c = cmp(x, y);
    const v = c === c ? (c <= 0 ? x : y) : NaN; // c !== c: a NaN operand, and Math.min gives NaN
    if (t !== null) t[id] = v;
    return v;
  },
  max: (a, b, id) => (d, t) => {
    const x = toNum(read(a, d, t));
    const y = toNum(read(b, d, t));
    const c = cmp(x, y);
    const v = c === c ? (c >= 0 ? x : y) : NaN;
    if (t !== null) t[id] = v;
    return v;
  },
  '>=': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === 'number' && typeof y === 'number' ? x >= y : isAtLeast(compare(x, y));
    if (t !== null) t[id] = v;
    return v;
  },
  '>': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === 'number' && typeof y === 'number' ? x > y : compare(x, y) === 1;
    if (t !== null) t[id] = v;
    return v;
  },
  '<=': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === 'number' && typeof y === 'number' ? x <= y : isAtLeast(-compare(x, y));
    if (t !== null) t[id] = v;
    return v;
  },
  '<': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === 'number' && typeof y === 'number' ? x < y : compare(x, y) === -1;
    if (t !== null) t[id] = v;
    return v;
  },
  '==': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === typeof y && typeof x !== 'object' ? x === y : looseEquals(x, y);
    if (t !== null) t[id] = v;
    return v;
  },
  '===': (a, b, id) => (d, t) => {
    const x = read(a, d, t);
    const y = read(b, d, t);
    const v = typeof x === typeof y && typeof x !== 'object' ? x === y : strictEquals(x, y);
    if (t !== null) t[id] = v;
    return v;
  },
};

export const FAST_UNARY: Readonly<Record<string, Factory>> = {
  '!': (a, _b, id) => (d, t) => {
    const v = !truthy(read(a, d, t));
    if (t !== null) t[id] = v;
    return v;
  },
};

function isAtLeast(c: number): boolean {
  return c === 1 || c === 0;
}
