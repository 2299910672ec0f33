/**
 * What an evaluator reads off runs' audit bundles, as `kaohe audit diff` and `kaohe audit
 * sample` compute it: two runs compared, and a sampling plan (as rows, and as the CSV file
 * the CLI writes, byte for byte).
 */
import { z } from 'zod';
import { SAMPLE_COLUMNS, sampleCsv, sampleRows } from '../../audit/index.js';
import { savedSampleName } from '../../report/file-names.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { RunParams, cycleParam, runParam } from '../schemas/path-params.js';
import { NoQuery } from './run-params.js';

const CompareParams = z.strictObject({ cycle: cycleParam, run: runParam, other: runParam });

/** The longest seed taken: enough for any date or phrase, short enough for a file name. */
export const MAX_SEED_LENGTH = 64;

export const SampleQueryV1 = z.strictObject({
  size: z
    .string({ error: '请填写样本量（正整数）' })
    .regex(/^\d{1,6}$/, '样本量应为正整数（考核要点个数），例如 20')
    .transform(Number)
    .refine((n) => n >= 1, '样本量应为正整数（考核要点个数），例如 20')
    .describe('样本量（考核要点个数），正整数；超过总体时全部列出'),
  seed: z
    .string({ error: '请填写随机种子，例如 20160301' })
    .min(1, '请填写随机种子，例如 20160301')
    .max(MAX_SEED_LENGTH, `随机种子最长 ${MAX_SEED_LENGTH} 个字符`)
    .refine((s) => s.trim() === s, '随机种子的首尾不能有空格')
    .describe('随机种子，任意文字或数字，例如 20160301；请与样本一同记录'),
});

const Outcome = z.object({ score: z.number().nullable(), status: z.string() }).nullable();
const Standing = z
  .object({ total: z.number(), rank: z.number(), grade: z.string(), vetoed: z.boolean(), base: z.number(), bonus: z.number(), deductions: z.number() })
  .nullable();
const Side = z.object({
  year: z.number(),
  rubric: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
  precision: z.number(),
  engineVersion: z.string(),
  source: z.enum(['service', 'files']),
});
const RankPlace = z.enum(['ahead', 'tied', 'behind']).nullable();
const Changes = z.object({ evidence: z.array(z.string()), review: z.array(z.string()), rubric: z.array(z.string()) });

/** src/audit/diff.ts BundleDiff, the same JSON as `kaohe audit diff --json`. */
export const BundleDiffV1 = z.object({
  identical: z.boolean(),
  a: Side,
  b: Side,
  rubric: z.object({ wide: z.array(z.string()), items: z.array(z.object({ code: z.string(), changes: z.array(z.string()) })) }),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      before: Standing,
      after: Standing,
      changed: z.boolean(),
      items: z.array(
        z.object({
          code: z.string(),
          kind: z.string(),
          title: z.string(),
          before: Outcome,
          after: Outcome,
          outcomeChanged: z.boolean(),
          causes: z.array(z.enum(['evidence', 'review', 'rubric'])),
          changes: Changes,
          others: z.array(z.string()).optional().describe('输入未变而得分随其他单位变化时（规则读取全体单位的统计量）：输入有变化的其他单位代码'),
          lastYear: z.array(z.string()).optional().describe('规则读取上年证据时：上年证据中取值不同的字段'),
          labels: z.record(z.string(), z.string()).optional().describe('上述字段在考核细则中的名称，按字段键'),
        }),
      ),
      rankMoves: z
        .array(
          z.object({
            code: z.string(),
            name: z.string(),
            before: RankPlace,
            after: RankPlace,
            totals: z.tuple([z.number().nullable(), z.number().nullable()]),
          }),
        )
        .optional()
        .describe('名次变化时：相对本单位的位置（之前、并列、之后）有变化的其他单位，按单位代码排列'),
    }),
  ),
  otherParts: z.array(z.string()),
});

export const SamplePlanV1 = z.object({
  year: z.number(),
  runId: z.string(),
  runStatus: z.enum(['draft', 'final']),
  size: z.number(),
  seed: z.string(),
  population: z.number().describe('可抽取的考核要点总数'),
  units: z.number().describe('分层的单位数'),
  columns: z.array(z.string()).describe('与 CSV 文件相同的列'),
  rows: z.array(z.array(z.string())).describe('与 CSV 文件相同的行（文字）'),
});

export function bundleReadRoutes(services: Services): RouteSpec[] {
  const roles = ['examiner', 'auditor', 'admin'] as const;
  const drawn = (actor: Parameters<Services['bundles']['sample']>[0], params: z.infer<typeof RunParams>, query: z.infer<typeof SampleQueryV1>) =>
    services.bundles.sample(actor, params.cycle, params.run, query);
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/compare/:other',
      summary:
        '比较两次评分（与 kaohe audit diff --json 相同）：各单位总分、名次、结果的变化，及每个有变化的考核要点的原因（证据、审核调整、考核细则）；原因依据两次评分各自所用的证据区分；考核组、第三方评价机构',
      roles,
      params: CompareParams,
      query: NoQuery,
      response: BundleDiffV1,
      handler: async ({ actor, params }) => ({ body: await services.bundles.compare(actor, params.cycle, params.run, params.other) }),
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/sample',
      summary: '抽取待复核的考核要点样本（与 kaohe audit sample --run 相同：相同的评分、样本量和种子抽出相同的样本）；考核组、第三方评价机构',
      roles,
      params: RunParams,
      query: SampleQueryV1,
      response: SamplePlanV1,
      handler: async ({ actor, params, query }) => {
        const { sample, run } = await drawn(actor, params, query);
        const body: z.infer<typeof SamplePlanV1> = {
          year: sample.year,
          runId: params.run,
          runStatus: run?.status ?? 'draft',
          size: sample.size,
          seed: sample.seed,
          population: sample.population,
          units: sample.strata.length,
          columns: [...SAMPLE_COLUMNS],
          rows: sampleRows(sample),
        };
        return { body };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/sample.csv',
      summary: '抽样复核的 CSV 文件（UTF-8 带 BOM，与 kaohe audit sample 写出的文件逐字节相同）；考核组、第三方评价机构',
      roles,
      params: RunParams,
      query: SampleQueryV1,
      produces: 'text/csv; charset=utf-8',
      handler: async ({ actor, params, query }) => {
        const { sample, run } = await drawn(actor, params, query);
        const saved = { year: sample.year, runId: params.run, status: run?.status ?? 'draft' } as const;
        return {
          bytes: {
            data: Buffer.from(sampleCsv(sample), 'utf8'),
            contentType: 'text/csv; charset=utf-8',
            fileName: savedSampleName(saved, sample.seed),
            disposition: 'attachment',
          },
        };
      },
    }),
  ];
}
