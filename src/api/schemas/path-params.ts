/**
 * Every path parameter of the API, each defined once: one pattern, one range and one
 * Chinese message, whichever route it is on. Strict patterns, so that no operator or
 * dotted key ever reaches a query, and a malformed value is a 400 naming
 * $.params.<name> before any service is asked. The query parameters with the same
 * meaning (an audit trail's year, a notes list's unit) use the same definitions.
 */
import { z } from 'zod';
import { RUBRIC_ID_PATTERN } from '../../services/rubrics/rubric-loader.js';
import { type CycleKey, parseCycleId } from '../../records/index.js';
import { RUN_ID_PATTERN } from '../../records/run-id.js';

/** The years a cycle may have: a path, a query or a new cycle's body outside them is refused. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;
const YEAR_RANGE = `年度应在 ${YEAR_MIN}–${YEAR_MAX} 之间`;

/** A year as a number, e.g. in a request body; the same range as the path's. */
export const yearNumber = z.number().int('年度应为整数').min(YEAR_MIN, YEAR_RANGE).max(YEAR_MAX, YEAR_RANGE);

export const yearParam = z
  .string()
  .regex(/^\d{4}$/, '年度应为四位数字，例如 2015')
  .transform(Number)
  .pipe(yearNumber)
  .describe('考核年度');

/**
 * A cycle: its year for the tree root's ("2015"), its year and body for another
 * body's ("2015-620100"; records/cycle-key.ts).
 */
export const cycleParam = z
  .string()
  .regex(/^\d{4}(?:-\d{6})?$/, '考核周期编号应为年度（例如 2015），或年度-考核主体代码（例如 2015-620100）')
  .transform((id) => parseCycleId(id) as CycleKey)
  .refine((key) => key.year >= YEAR_MIN && key.year <= YEAR_MAX, YEAR_RANGE)
  .describe('考核周期编号：省级考核为年度（如 2015），其他考核主体为“年度-主体代码”（如 2015-620100）');

export const unitParam = z
  .string()
  .regex(/^\d{6}$/, '单位代码应为 6 位行政区划代码，例如 620100')
  .describe('单位的行政区划代码');

export const runParam = z
  .string()
  .regex(RUN_ID_PATTERN, '评分编号应为“考核周期编号-序号”，例如 2015-1 或 2015-620100-1')
  .describe('评分编号：考核周期编号-序号，例如 2015-1 或 2015-620100-1');

export const rubricIdParam = z
  .string()
  .regex(RUBRIC_ID_PATTERN, '考核细则标识应为内容哈希：sha256:<64 位十六进制>（前缀可省略）')
  .describe('内容哈希，可省略 sha256: 前缀');

export const materialIdParam = z
  .string()
  .regex(/^[0-9a-f]{24}$/, '附件标识应为 24 位十六进制字符')
  .describe('附件标识');

export const analysisIdParam = z
  .string()
  .regex(/^[0-9a-f]{16}$/, '分析编号应为 16 位十六进制字符')
  .describe('名次不确定性分析的编号：由评分和规范化的设定决定，同一评分、同一设定（含种子）的编号相同');

export const chartParam = z
  .string()
  .regex(/^chart-[a-z0-9-]{1,40}\.png$/, '图表文件名应形如 chart-ranking.png')
  .describe(
    '统计图表的文件名：chart-ranking.png、chart-grades.png、chart-heat.png、chart-movement.png（有上年结果时）或 chart-unit-<单位代码>.png；超过 100 个单位时为 chart-grades.png、chart-totals.png、chart-top.png、chart-bottom.png、chart-changes.png 与 chart-movers.png（有上年结果时）、chart-groups[-n].png（按市州分组时），chart-unit-<单位代码>.png 在首次请求时生成',
  );

/** The parameter sets of the routes, by the path they serve. */
export const CycleParams = z.strictObject({ cycle: cycleParam });
export const UnitParams = z.strictObject({ cycle: cycleParam, unit: unitParam });
export const RunParams = z.strictObject({ cycle: cycleParam, run: runParam });
export const ScorecardParams = z.strictObject({ cycle: cycleParam, run: runParam, unit: unitParam });
export const AnalysisParams = z.strictObject({ cycle: cycleParam, run: runParam, analysis: analysisIdParam });
export const ChartParams = z.strictObject({ cycle: cycleParam, run: runParam, chart: chartParam });
export const MaterialParams = z.strictObject({ cycle: cycleParam, unit: unitParam, id: materialIdParam });
export const RubricParams = z.strictObject({ id: rubricIdParam });

/** The same rule as a new user's name (services/access/session.ts), so that no other value reaches a query. */
export const usernameParam = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{2,64}$/, '用户名应由 2–64 个字母、数字、点、下划线或连字符组成')
  .describe('用户名');
