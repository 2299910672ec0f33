/**
 * Property access for `var` and `missing`. Only own properties of plain data are
 * read, and never `__proto__`, `constructor` or `prototype`: json-logic-js 2.0.5
 * returns `Object.prototype` for {"var":"__proto__"} and the Function constructor
 * for {"var":"constructor.constructor"}; here both are simply not found.
 */
import { isNum } from '../exact/index.js';
import { UNSAFE_PROPERTIES } from './operators.js';

const hasOwn = Object.prototype.hasOwnProperty;

function child(value: unknown, key: string): unknown {
  if (UNSAFE_PROPERTIES.has(key)) return undefined;
  if (typeof value === 'string' || (typeof value === 'object' && value !== null && !isNum(value))) {
    return hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

/** Follows dotted path segments; `notFound` when any step is absent, as json-logic-js does. */
export function lookup(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return notFound;
    current = child(current, segments[i] as string);
    if (current === undefined) return notFound;
  }
  return current;
}

/** json-logic-js's reading of a `var` argument: "", null and undefined mean "the data itself". */
export function pathSegments(path: unknown): string[] | null {
  if (path === undefined || path === null || path === '') return null;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JsonLogic coerces as JavaScript does, "[object Object]" included
  return String(path).split('.');
}
