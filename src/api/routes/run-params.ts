/**
 * Schema pieces the routes share besides their path parameters (those are all in
 * ../schemas/path-params.ts): a body's version, a strict record, no query.
 */
import { z } from 'zod';

/** `version` in a request body: the version the client read (the same as If-Match). */
export const Version = z.number().int().min(0).max(999_999_999).describe('读取时的版本号（也可用 If-Match 头给出）');

/**
 * z.record, refusing a `__proto__` key: JSON.parse makes it an own key, and z.record
 * would drop it silently, while every unknown field must be refused.
 */
export function strictRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V) {
  return z.preprocess(
    (input, ctx) => {
      if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, '__proto__')) {
        ctx.addIssue({ code: 'custom', message: '不能使用 __proto__ 作为键', path: ['__proto__'], input });
      }
      return input;
    },
    z.record(key, value),
  );
}

/** For routes that take no query parameters: any given is refused rather than ignored. */
export const NoQuery = z.strictObject({});
