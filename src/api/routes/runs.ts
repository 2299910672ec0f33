/** Runs: scoring every unit of a cycle, reading the results and the ranking, finalising. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams, RunParams, ScorecardParams } from '../schemas/path-params.js';
import { NoQuery, UnitPageQuery, Version, unitPage } from './run-params.js';

/** Units of results.json per page: each carries its items with their traces (tens of KB). */
const RESULTS_PAGE_MAX = 100;
/** Ranking rows per page: a few hundred bytes each. */
const RANKING_PAGE_MAX = 1000;

export const RunSummaryV1 = z.object({
  runId: z.string(),
  year: z.number(),
  seq: z.number(),
  status: z.enum(['draft', 'final']),
  version: z.number(),
  rubricHash: z.string(),
  engineVersion: z.string(),
  inputsHash: z.string().describe('评分输入（各单位证据文档的 JSON 文本）的 SHA-256'),
  resultsHash: z.string().describe('results.json 文本的 SHA-256'),
  previousRun: z.string().optional().describe('考核细则读取上年数据时：提供上年证据的上一年度定稿评分（如 2014-2）'),
  previousInputsHash: z.string().optional().describe('该评分输入（上年证据）的 SHA-256'),
  previousMissing: z.boolean().optional().describe('考核细则读取上年数据，但上一年度没有定稿的评分：本次评分未读上年证据'),
  createdBy: z.string(),
  createdAt: z.string(),
  finalizedAt: z.string().optional(),
  finalizedBy: z.string().optional(),
});

/** results.json v1 (src/core/results-file/types.ts); described here by its top level. */
const ResultsV1Schema = z
  .looseObject({
    kaohe: z.literal('results/v1'),
    engine: z.object({ name: z.literal('kaohe'), version: z.string() }),
    rubric: z.looseObject({ id: z.string(), version: z.string(), hash: z.string() }),
    year: z.number(),
    evidenceHash: z.string(),
    summary: z.looseObject({ units: z.number() }),
    units: z.array(z.looseObject({ rank: z.number(), code: z.string(), name: z.string(), total: z.number(), grade: z.string() })),
  })
  .describe('results.json（市州用户只看到本单位）');

/** One unit's entry in results.json (src/core/results-file/types.ts); described here by its top level. */
const UnitResultV1 = z
  .looseObject({ rank: z.number(), code: z.string(), name: z.string(), total: z.number(), grade: z.string(), vetoed: z.boolean() })
  .describe('results.json 中一个单位的条目');

export const RankingRowV1 = z.object({
  rank: z.number(),
  code: z.string(),
  name: z.string(),
  total: z.number(),
  grade: z.string(),
  vetoed: z.boolean(),
  flags: z.array(z.object({ code: z.string(), label: z.string(), obligation: z.string().optional() })),
});

export const FinalizeRequestV1 = z.strictObject({ version: Version.optional() });

export function runRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/cycles/:cycle/runs',
      summary: '用已发布的考核细则评定全部单位（考核组）；可带 Idempotency-Key 安全重试',
      successStatuses: [201],
      roles: ['examiner', 'admin'],
      params: CycleParams,
      query: NoQuery,
      response: RunSummaryV1,
      handler: async ({ actor, params }) => {
        const run = await services.runs.create(actor, params.cycle);
        return { status: 201, body: run, etag: run.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs',
      summary: '本年度的全部评分（市州用户只看到已定稿的）',
      roles: ROLES,
      params: CycleParams,
      query: NoQuery,
      response: z.array(RunSummaryV1),
      handler: async ({ actor, params }) => ({ body: await services.runs.list(actor, params.cycle) }),
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run',
      summary: `一次评分的结果（results.json；市州用户只能查看已定稿的，且只看到本单位）。units 按名次分页：?offset&limit，每页最多 ${RESULTS_PAGE_MAX} 个单位（默认从头 ${RESULTS_PAGE_MAX} 个）；summary 始终是全部单位的`,
      roles: ROLES,
      params: RunParams,
      query: UnitPageQuery(RESULTS_PAGE_MAX),
      response: ResultsV1Schema,
      handler: async ({ actor, params, query }) => {
        const { run, results } = await services.runs.get(actor, params.cycle, params.run, unitPage(query, RESULTS_PAGE_MAX));
        return { body: results, etag: run.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/units/:unit',
      summary: '一次评分中一个单位的结果（results.json 中该单位的条目，含各指标及其计算过程；市州用户只能查看已定稿评分中的本单位）',
      roles: ROLES,
      params: ScorecardParams,
      query: NoQuery,
      response: UnitResultV1,
      handler: async ({ actor, params }) => {
        const { run, result } = await services.runs.unit(actor, params.cycle, params.run, params.unit);
        return { body: result, etag: run.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/ranking',
      summary: `一次评分的排名（市州用户只能查看已定稿的，且只看到本单位）。按名次分页：?offset&limit，每页最多 ${RANKING_PAGE_MAX} 行（默认从头 ${RANKING_PAGE_MAX} 行）；单位总数见结果的 summary.units`,
      roles: ROLES,
      params: RunParams,
      query: UnitPageQuery(RANKING_PAGE_MAX),
      response: z.array(RankingRowV1),
      handler: async ({ actor, params, query }) => {
        const { run, ranking } = await services.runs.ranking(actor, params.cycle, params.run, unitPage(query, RANKING_PAGE_MAX));
        return { body: ranking, etag: run.version };
      },
    }),
    route({
      method: 'post',
      path: '/cycles/:cycle/runs/:run/finalize',
      summary: '评分定稿（考核组；须给出版本）：此后不能再改动，更正须重新评分',
      roles: ['examiner', 'admin'],
      params: RunParams,
      query: NoQuery,
      body: FinalizeRequestV1,
      response: RunSummaryV1,
      handler: async ({ actor, params, ifMatch }) => {
        const run = await services.runs.finalize(actor, params.cycle, params.run, ifMatch);
        return { body: run, etag: run.version };
      },
    }),
  ];
}
