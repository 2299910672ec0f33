/**
 * The eager operators, as plain functions of already evaluated arguments. Each
 * restates json-logic-js 2.0.5's operator with exact numbers (see coerce.ts for
 * JavaScript's coercions). The one- and two-argument forms are what rules mostly
 * use; the variadic forms cover every other arity exactly as json-logic-js does.
 */
import { type Num, add, cmp, div, isNum, mod, mul, neg, sub, toNumber } from '../exact/index.js';
import { compare, looseEquals, parseFloatOf, strictEquals, toNum, truthy } from './coerce.js';
import { lookup, pathSegments } from './lookup.js';
import { runtimeError } from './runtime-error.js';

export type Unary = (x: unknown) => unknown;
export type Binary = (x: unknown, y: unknown) => unknown;
/** Given the arity at compile time, the operator over an array of evaluated arguments. */
export type Variadic = (arity: number, path: string, read?: KeyReader) => (values: unknown[], data: unknown) => unknown;
/** How `missing` reads one key from the data. */
export type KeyReader = (data: unknown, key: unknown) => unknown;

const lt: Binary = (x, y) => compare(x, y) === -1;
const le: Binary = (x, y) => {
  const c = compare(x, y);
  return c === -1 || c === 0;
};
const gt: Binary = (x, y) => compare(x, y) === 1;
const ge: Binary = (x, y) => {
  const c = compare(x, y);
  return c === 1 || c === 0;
};
const minus: Binary = (x, y) => (y === undefined ? neg(toNum(x)) : sub(toNum(x), toNum(y)));

/** Math.min / Math.max: ToNumber on every argument, NaN wins, none gives ±Infinity. */
function extreme(values: readonly unknown[], direction: 1 | -1): Num {
  let best: Num = direction === 1 ? -Infinity : Infinity;
  for (const value of values) {
    const v = toNum(value);
    if (typeof v === 'number' && Number.isNaN(v)) return NaN;
    if (compare(v, best) === direction) best = v;
  }
  return best;
}
/** Two-argument Math.min / Math.max without building an array. */
function extreme2(x: unknown, y: unknown, direction: 1 | -1): Num {
  const a = toNum(x);
  const b = toNum(y);
  if ((typeof a === 'number' && Number.isNaN(a)) || (typeof b === 'number' && Number.isNaN(b))) return NaN;
  return cmp(b, a) === direction ? b : a;
}
const min2: Binary = (x, y) => extreme2(x, y, -1);
const max2: Binary = (x, y) => extreme2(x, y, 1);

function contains(haystack: unknown, needle: unknown): boolean {
  if (!haystack || typeof (haystack as { indexOf?: unknown }).indexOf === 'undefined') return false;
  if (Array.isArray(haystack)) return haystack.some((item) => strictEquals(item, needle));
  if (typeof haystack === 'string') return haystack.indexOf(String(needle)) !== -1;
  return false;
}

function plain(x: unknown): unknown {
  return isNum(x) ? toNumber(x) : x;
}

function substr(source: unknown, start: unknown, end: unknown): string {
  const text = String(plain(source));
  const from = plain(start) as number;
  const length = plain(end) as number;
  if (length < 0) {
    const tail = text.substr(from);
    return tail.substr(0, tail.length + length);
  }
  return text.substr(from, length);
}

export function missing(data: unknown, values: readonly unknown[], read: KeyReader = readKey): unknown[] {
  const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const absent: unknown[] = [];
  for (const key of keys) {
    const value = read(data, key);
    if (value === null || value === undefined || value === '') absent.push(key);
  }
  return absent;
}

function readKey(data: unknown, key: unknown): unknown {
  const segments = pathSegments(key);
  return segments === null ? data : lookup(data, segments, null);
}

function missingSome(data: unknown, needCount: unknown, options: unknown, read?: KeyReader): unknown[] {
  const list = Array.isArray(options) ? options : [options];
  const absent = missing(data, [list], read);
  const c = compare(list.length - absent.length, needCount);
  return c === 1 || c === 0 ? [] : absent;
}

export const UNARY: Readonly<Record<string, Unary>> = {
  '!': (x) => !truthy(x),
  '!!': (x) => truthy(x),
  '-': (x) => neg(toNum(x)),
  '+': (x) => parseFloatOf(x),
  // json-logic-js reduces without an initial value: one argument comes back untouched.
  '*': (x) => x,
};

export const BINARY: Readonly<Record<string, Binary>> = {
  '==': looseEquals,
  '!=': (x, y) => !looseEquals(x, y),
  '===': strictEquals,
  '!==': (x, y) => !strictEquals(x, y),
  '<': lt,
  '<=': le,
  '>': gt,
  '>=': ge,
  '+': (x, y) => add(parseFloatOf(x), parseFloatOf(y)),
  '-': minus,
  '*': (x, y) => mul(parseFloatOf(x), parseFloatOf(y)),
  '/': (x, y) => div(toNum(x), toNum(y)),
  '%': (x, y) => mod(toNum(x), toNum(y)),
  min: min2,
  max: max2,
  in: (x, y) => contains(y, x),
};

/** Operators of any arity; the first two arguments are what two-argument operators see. */
export const VARIADIC: Readonly<Record<string, Variadic>> = {
  ...Object.fromEntries(
    Object.entries(BINARY)
      .filter(([op]) => op !== '<' && op !== '<=' && op !== '+' && op !== '*' && op !== 'min' && op !== 'max')
      .map(([op, f]) => [op, () => (v: unknown[]) => f(v[0], v[1])]),
  ),
  '!': () => (v) => !truthy(v[0]),
  '!!': () => (v) => truthy(v[0]),
  '<': () => (v) => (v[2] === undefined ? lt(v[0], v[1]) : lt(v[0], v[1]) && lt(v[1], v[2])),
  '<=': () => (v) => (v[2] === undefined ? le(v[0], v[1]) : le(v[0], v[1]) && le(v[1], v[2])),
  '+': () => (v) => {
    let sum: Num = 0;
    for (const x of v) sum = add(sum, parseFloatOf(x));
    return sum;
  },
  '*': (arity, path) => (v) => {
    if (arity === 0) throw runtimeError(path, '"*" 至少需要一个参数');
    if (arity === 1) return v[0];
    let product = parseFloatOf(v[0]);
    for (let i = 1; i < v.length; i++) product = mul(product, parseFloatOf(v[i]));
    return product;
  },
  min: () => (v) => extreme(v, -1),
  max: () => (v) => extreme(v, 1),
  cat: () => (v) => v.join(''),
  substr: () => (v) => substr(v[0], v[1], v[2]),
  merge: () => (v) => v.reduce<unknown[]>((acc, x) => acc.concat(x), []),
  missing: (_arity, _path, read) => (v, d) => missing(d, v, read),
  missing_some: (_arity, _path, read) => (v, d) => missingSome(d, v[0], v[1], read),
};
