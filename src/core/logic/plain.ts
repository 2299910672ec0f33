import { isNum, toNumber } from '../exact/index.js';

/** The value as plain JavaScript (exact numbers become the nearest double), for comparison with json-logic-js. */
export function toPlain(value: unknown): unknown {
  if (isNum(value)) return toNumber(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
