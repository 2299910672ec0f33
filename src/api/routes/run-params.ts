/**
 * Schema pieces the routes share besides their path parameters (those are all in
 * ../schemas/path-params.ts): a body's version, a strict record, no query.
 */
import { z } from 'zod';
import { UNIT_SEARCH_MAX } from '../../records/unit-search.js';

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

/**
 * `?offset&limit` of a paginated list of a run's units (rank order): integers, offset
 * from 0, limit from 1 to `max`; by default `max` from the start (unitPage), which holds
 * every unit of the runs the pages show today.
 */
export function UnitPageQuery(max: number, order = '按名次排列') {
  const count = (name: string, min: number, most: number) =>
    z
      .string()
      .regex(/^\d{1,9}$/, `${name} 应为 ${min}–${most} 的整数`)
      .transform(Number)
      .refine((n) => n >= min && n <= most, `${name} 应为 ${min}–${most} 的整数`);
  return z.strictObject({
    offset: count('offset', 0, 999_999_999).describe(`跳过${order}的前多少个（默认 0）`).optional(),
    limit: count('limit', 1, max).describe(`最多返回多少个（默认且最多 ${max}）`).optional(),
  });
}

/**
 * `?q`, a search by unit name or code (the ranking page and the progress board): trimmed,
 * 1 to 50 characters; `scope` tells the reader what the search leaves as it was.
 */
export function UnitSearchQuery(scope = '') {
  const message = `q 应为 1–${UNIT_SEARCH_MAX} 个字符的单位名称或代码`;
  return z.string().trim().min(1, message).max(UNIT_SEARCH_MAX, message).describe(`只要名称含有它、或代码以它开头的单位${scope}`).optional();
}

/** The page a UnitPageQuery asked for, its defaults filled in. */
export function unitPage(query: { offset?: number; limit?: number }, max: number): { offset: number; limit: number } {
  return { offset: query.offset ?? 0, limit: query.limit ?? max };
}
