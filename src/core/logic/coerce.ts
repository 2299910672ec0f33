/**
 * JavaScript's coercions, as json-logic-js relies on them, restated for exact
 * numbers. A `Ratio`/`BigRatio` behaves exactly like a JS number primitive here;
 * non-integer doubles coming from data are read as the decimal they print as.
 */
import { type Num, cmp, fromDouble, isNum, parseFloatNum, stringToNum } from '../exact/index.js';

/** ECMAScript ToNumber (used by `-`, `/`, `%`, `min`, `max`, relational operators). */
export function toNum(x: unknown): Num {
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : fromDouble(x);
  if (isNum(x)) return x;
  if (typeof x === 'string') return stringToNum(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x === null) return 0;
  if (x === undefined) return NaN;
  return toNum(toPrimitive(x));
}

/** ECMAScript parseFloat (used by json-logic-js's `+` and `*`). */
export function parseFloatOf(x: unknown): Num {
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : fromDouble(x);
  if (isNum(x)) return x;
  return parseFloatNum(String(x));
}

/** json-logic-js truthiness: JavaScript's, except that an empty array is false. */
export function truthy(x: unknown): boolean {
  if (Array.isArray(x)) return x.length !== 0;
  return !!x;
}

function toPrimitive(x: unknown): unknown {
  if (x === null || typeof x !== 'object' || isNum(x)) return x;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JsonLogic coerces as JavaScript does, "[object Object]" included
  return String(x); // arrays join with commas; plain objects are "[object Object]"
}

function isNumberLike(x: unknown): boolean {
  return typeof x === 'number' || isNum(x);
}

/** ECMAScript `===`, with numbers compared by exact value. */
export function strictEquals(a: unknown, b: unknown): boolean {
  if (isNumberLike(a) && isNumberLike(b)) return cmp(toNum(a), toNum(b)) === 0;
  return a === b;
}

/** ECMAScript `==` (IsLooselyEqual), with numbers compared by exact value. */
export function looseEquals(a: unknown, b: unknown): boolean {
  const aNum = isNumberLike(a);
  const bNum = isNumberLike(b);
  if (!aNum && !bNum) {
    // eslint-disable-next-line eqeqeq -- this function *is* the loose-equality operator
    return a == b;
  }
  if (aNum && bNum) return cmp(toNum(a), toNum(b)) === 0;
  const other = aNum ? b : a;
  const num = toNum(aNum ? a : b);
  if (other === null || other === undefined) return false;
  if (typeof other === 'object') return looseEquals(num, toPrimitive(other));
  return cmp(num, toNum(other)) === 0;
}

/**
 * ECMAScript abstract relational comparison: strings compare as strings, anything
 * else numerically. Returns -1, 0, 1, or NaN when incomparable (every relation false).
 */
export function compare(a: unknown, b: unknown): number {
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  if (typeof pa === 'string' && typeof pb === 'string') return pa < pb ? -1 : pa > pb ? 1 : 0;
  return cmp(toNum(pa), toNum(pb));
}
