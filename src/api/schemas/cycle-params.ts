/** Path parameters shared by the cycle, submission and material routes: strict patterns, so no operator or dotted key ever reaches a query. */
import { z } from 'zod';

export const yearParam = z
  .string()
  .regex(/^\d{4}$/, '年度应为四位数字，例如 2015')
  .transform(Number)
  .pipe(z.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间'))
  .describe('考核年度');

export const unitParam = z.string().regex(/^\d{6}$/, '单位代码应为 6 位行政区划代码，例如 620100').describe('单位的行政区划代码');

export const CycleParamsV1 = z.strictObject({ year: yearParam });
export const UnitParamsV1 = z.strictObject({ year: yearParam, unit: unitParam });
