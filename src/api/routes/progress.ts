/** The examiners' progress board (填报进度) a page at a time: filtered, sorted, with the counts by status from the server. */
import { z } from 'zod';
import { PROGRESS_STATUSES, ROLES, lineStatus } from '../../records/index.js';
import type { Services } from '../../services/index.js';
import { PROGRESS_SORT_KEYS, type ProgressSortKey, progressBoard } from '../../services/submissions/progress-board.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams } from '../schemas/path-params.js';
import { UnitPageQuery, UnitSearchQuery, unitPage } from './run-params.js';

/** Lines per page: the board's page sizes go up to this. */
const PAGE_MAX = 200;
const SORT_PATTERN = new RegExp(`^-?(?:${PROGRESS_SORT_KEYS.join('|')})$`);

const BoardQuery = UnitPageQuery(PAGE_MAX, '筛选、排序后').extend({
  status: z
    .enum(PROGRESS_STATUSES as [string, ...string[]], { error: `status 应为 ${PROGRESS_STATUSES.join('、')} 之一` })
    .describe('只要该状态的单位：empty 未填报、draft 草稿、submitted 已提交、reopened 已退回、final 已定稿')
    .optional(),
  city: z
    .string()
    .regex(/^\d{6}$/, 'city 应为 6 位市州代码，例如 620100')
    .describe('只要该市州的单位')
    .optional(),
  q: UnitSearchQuery(),
  sort: z
    .string()
    .regex(SORT_PATTERN, `sort 应为 ${PROGRESS_SORT_KEYS.join('、')} 之一，前加 - 为降序`)
    .describe('排序：字段名，前加 - 为降序（默认 unitCode）')
    .optional(),
});

const StatusCounts = z.object(Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, z.number()])));

const ProgressBoardV1 = z.object({
  units: z.number().describe('可查看的单位数（市州用户为 1）'),
  total: z.number().describe('符合筛选条件的单位数'),
  offset: z.number(),
  limit: z.number(),
  counts: StatusCounts.describe('全部单位按状态的计数（不受筛选影响）'),
  cities: z.array(z.object({ code: z.string(), name: z.string(), units: z.number() })).describe('各单位所属的市州（筛选的选项）'),
  rows: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      city: z.object({ code: z.string(), name: z.string() }),
      status: z.enum(PROGRESS_STATUSES as [string, ...string[]]),
      state: z.enum(['draft', 'submitted']),
      version: z.number(),
      missing: z.number().describe('缺证据的检查点数'),
      selfTotal: z.number().optional(),
      updatedAt: z.string().optional(),
      submittedAt: z.string().optional(),
    }),
  ),
});

export function progressRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/progress',
      summary: `填报进度的一页（考核组的进度看板用）：按状态、市州、单位名称或代码筛选，排序，分页（每页最多 ${PAGE_MAX} 个单位），附全部单位按状态的计数（市州用户只看到本单位）`,
      roles: ROLES,
      params: CycleParams,
      query: BoardQuery,
      response: ProgressBoardV1,
      handler: async ({ actor, params, query }) => {
        const [{ lines, unsavedMissing }, runs] = await Promise.all([
          services.submissions.progress(actor, params.cycle),
          services.runs.list(actor, params.cycle),
        ]);
        const finalised = runs.some((r) => r.status === 'final');
        // The city of each unit, as the run pages group them (ranks play no part here).
        const grouped = services.unitTree.grouped(
          lines.map((l) => ({ code: l.unit.code, name: l.unit.name, rank: 1 })),
          'city',
        );
        const cityOf = new Map(grouped.groups.flatMap((g) => g.units.map((u) => [u.row.code, { code: g.code, name: g.name }] as const)));
        const board = lines.map(({ unit, line }) => ({
          unitCode: unit.code,
          unitName: unit.name,
          city: cityOf.get(unit.code) ?? { code: unit.code, name: unit.name },
          status: lineStatus(line ?? { state: 'draft', reopened: false, version: 0 }, finalised),
          state: line?.state ?? 'draft',
          version: line?.version ?? 0,
          missing: line?.missing ?? unsavedMissing,
          ...(line?.selfTotal === undefined ? {} : { selfTotal: line.selfTotal }),
          ...(line?.updatedAt === undefined ? {} : { updatedAt: line.updatedAt }),
          ...(line?.submittedAt === undefined ? {} : { submittedAt: line.submittedAt }),
        }));
        const page = unitPage(query, PAGE_MAX);
        const sort = query.sort ?? 'unitCode';
        const body = progressBoard(board, {
          ...page,
          ...(query.status === undefined ? {} : { status: query.status as (typeof PROGRESS_STATUSES)[number] }),
          ...(query.city === undefined ? {} : { city: query.city }),
          ...(query.q === undefined ? {} : { q: query.q }),
          sort: sort.replace(/^-/, '') as ProgressSortKey,
          descending: sort.startsWith('-'),
        });
        return { body: { units: board.length, ...page, ...body } };
      },
    }),
  ];
}
