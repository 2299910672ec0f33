/**
 * Two runs compared a page at a time: what RunCompare.vue reads, so that a comparison of
 * thousands of units is never sent or drawn whole (the whole is GET …/compare/:other).
 */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { cycleParam, runParam } from '../schemas/path-params.js';
import { BundleDiffV1 } from './bundle-reads.js';
import { UnitPageQuery, UnitSearchQuery, unitPage } from './run-params.js';

/** Units of a page at most: each carries its changed checkpoints with their causes. */
const PAGE_MAX = 100;

const CompareParams = z.strictObject({ cycle: cycleParam, run: runParam, other: runParam });

const ComparePageQuery = UnitPageQuery(PAGE_MAX, '按单位代码排列').extend({
  q: UnitSearchQuery('（按单位代码排列）'),
  changed: z.enum(['true', 'false']).describe('true：只要有变化的单位').optional(),
});

const ComparePageV1 = BundleDiffV1.extend({
  counts: z
    .object({
      units: z.number(),
      changed: z.number(),
      rankUp: z.number(),
      rankDown: z.number(),
      gradeChanged: z.number(),
      added: z.number(),
      removed: z.number(),
    })
    .describe('全部单位的变化计数（不只本页）：单位数、有变化、名次上升、名次下降、结果改变、仅在 B 中、仅在 A 中'),
  total: z.number().describe('符合 q 和 changed 的单位数'),
  offset: z.number(),
  limit: z.number(),
});

export function runComparePageRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/compare/:other/page',
      summary:
        '分页比较两次评分：与 …/compare/:other 相同的对比，units 只含一页（按单位代码排列，可按名称或代码搜索、只看有变化的单位），另附全部单位的变化计数；对比保留一分钟供翻页；考核组、第三方评价机构',
      roles: ['examiner', 'auditor', 'admin'],
      params: CompareParams,
      query: ComparePageQuery,
      response: ComparePageV1,
      handler: async ({ actor, params, query }) => ({
        body: await services.bundles.comparePage(actor, params.cycle, params.run, params.other, {
          ...unitPage(query, 50),
          ...(query.q === undefined ? {} : { q: query.q }),
          changed: query.changed === 'true',
        }),
      }),
    }),
  ];
}
