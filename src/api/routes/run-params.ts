/** Path parameters shared by the review, run and audit routes: a cycle year, a unit code, a run id. */
import { z } from 'zod';

export const Year = z
  .string()
  .regex(/^\d{4}$/, '年度应为4位数字，例如 2015')
  .transform(Number)
  .describe('考核年度');

export const UnitCode = z.string().regex(/^\d{6}$/, '单位代码应为6位行政区划代码，例如 620100').describe('单位的行政区划代码');

export const RunId = z
  .string()
  .regex(/^\d{4}-[1-9]\d{0,5}$/, '评分编号形如 2015-1')
  .describe('评分编号：年度-序号，例如 2015-1');

export const CycleUnitParams = z.strictObject({ year: Year, unit: UnitCode });
export const CycleParams = z.strictObject({ year: Year });
export const RunParams = z.strictObject({ year: Year, run: RunId });

/** `version` in a request body: the version the client read (the same as If-Match). */
export const Version = z.number().int().min(0).max(999_999_999).describe('读取时的版本号（也可用 If-Match 头给出）');

/**
 * z.record, refusing a `__proto__` key: JSON.parse makes it an own key, and z.record
 * would drop it silently, while every unknown field must be refused.
 */
export function strictRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V) {
  return z.preprocess((input, ctx) => {
    if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: '不能使用 __proto__ 作为键', path: ['__proto__'], input });
    }
    return input;
  }, z.record(key, value));
}

/** For routes that take no query parameters: any given is refused rather than ignored. */
export const NoQuery = z.strictObject({});
