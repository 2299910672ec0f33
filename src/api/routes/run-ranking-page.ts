/**
 * The run pages' reads of a ranking at scale: a page of the ranking with each row's place
 * and city and a search by name or code, and one unit's place (neighbours and ties), so
 * the browser never holds the whole ranking of 2,851 units.
 */
import { z } from 'zod';
import { ROLES } from '../../records/index.js';
import type { Services } from '../../services/index.js';
import { rankingPage, unitPlace } from '../../services/runs/ranking-page.js';
import { forbidden, notFound } from '../../services/errors.js';
import type { RankingRow } from '../../services/runs/run-views.js';
import { type RouteSpec, route } from '../route.js';
import { RunParams, ScorecardParams } from '../schemas/path-params.js';
import { NoQuery, UnitPageQuery, UnitSearchQuery, unitPage } from './run-params.js';
import { RankingRowV1 } from './runs.js';

/** Rows of a page: the page sizes the ranking page offers go up to this. */
const PAGE_MAX = 200;

const PageQuery = UnitPageQuery(PAGE_MAX).extend({
  q: UnitSearchQuery('（按名次排列，position 仍是在总排名中的位置）'),
});

const PlacedRowV1 = RankingRowV1.extend({
  position: z.number().describe('在总排名中的位置（从 0 起）：以它为 offset 的一页从该单位开始'),
});

const PageRowV1 = PlacedRowV1.extend({
  tied: z.boolean().describe('是否与其他单位名次相同（并列）'),
  group: z
    .object({
      code: z.string(),
      name: z.string(),
      position: z.number().describe('该市州在分组排名中的位置（从 0 起，按代码排列）：以它为 offset 的一页分组排名从该市州开始'),
    })
    .describe('所属市州（不设县的市、不在单位树中的单位自成一组）'),
});

const RankingPageV1 = z.object({
  units: z.number().describe('本次评分中可查看的单位数（市州用户为 1）'),
  total: z.number().describe('符合 q 的单位数（没有 q 时即 units）'),
  offset: z.number(),
  limit: z.number(),
  groupTitle: z.string().describe('组的称呼，如“市州”'),
  groups: z.number().describe('全部单位分属多少个市州'),
  rows: z.array(PageRowV1),
});

const UnitPlaceV1 = z.object({
  units: z.number().describe('本次评分中可查看的单位数'),
  row: PlacedRowV1,
  previous: PlacedRowV1.nullable().describe('名次在前的一个单位；第一名时为 null'),
  next: PlacedRowV1.nullable().describe('名次在后的一个单位；最后一名时为 null'),
  tiedWith: z.array(PlacedRowV1).describe('与之名次相同的其他单位'),
});

/** Runs whose cities are kept: a run's results never change, so its grouping is made once, not per page read. */
const GROUPINGS_KEPT = 8;

interface Grouping {
  readonly title: string;
  readonly groups: number;
  readonly groupOf: ReadonlyMap<string, { readonly code: string; readonly name: string; readonly position: number }>;
}

export function runRankingPageRoutes(services: Services): RouteSpec[] {
  const groupings = new Map<string, Grouping>();
  /** Each unit's city, by run and by what the caller sees (a unit's own user its own row only). */
  function groupingOf(run: { runId: string; resultsHash: string }, ranking: readonly RankingRow[], sees: string): Grouping {
    const key = `${run.runId}|${run.resultsHash}|${sees}`;
    const kept = groupings.get(key);
    if (kept) return kept;
    const grouped = services.unitTree.grouped(ranking, 'city');
    const made = {
      title: grouped.title,
      groups: grouped.groups.length,
      groupOf: new Map(grouped.groups.flatMap((g, position) => g.units.map((u) => [u.row.code, { code: g.code, name: g.name, position }] as const))),
    };
    if (groupings.size >= GROUPINGS_KEPT) groupings.delete(groupings.keys().next().value as string);
    groupings.set(key, made);
    return made;
  }

  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/ranking/page',
      summary: `评分排名的一页（评分页用）：?offset&limit（每页最多 ${PAGE_MAX} 行，默认 ${PAGE_MAX}），?q 按单位名称或代码查找；每行附在总排名中的位置与所属市州（市州用户只看到本单位）`,
      roles: ROLES,
      params: RunParams,
      query: PageQuery,
      response: RankingPageV1,
      handler: async ({ actor, params, query }) => {
        const { run, ranking } = await services.runs.ranking(actor, params.cycle, params.run);
        const { title, groups, groupOf } = groupingOf(run, ranking, actor.role === 'city' ? (actor.unitCode ?? '') : 'all');
        const page = unitPage(query, PAGE_MAX);
        const { total, rows } = rankingPage(ranking, { ...page, q: query.q });
        const body = {
          units: ranking.length,
          total,
          ...page,
          groupTitle: title,
          groups,
          // Every row has its group (a unit the tree lacks is a group of its own); the fallback only satisfies the type.
          rows: rows.map((r) => ({ ...r, group: groupOf.get(r.code) ?? { code: r.code, name: r.name, position: 0 } })),
        };
        return { body, etag: run.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/units/:unit/place',
      summary: '一个单位在评分排名中的位置：名次前后的单位与并列的单位（单位得分明细页用；市州用户只能查看本单位）',
      roles: ROLES,
      params: ScorecardParams,
      query: NoQuery,
      response: UnitPlaceV1,
      handler: async ({ actor, params }) => {
        if (actor.role === 'city' && actor.unitCode !== params.unit) throw forbidden('市州用户只能查看本单位的评分结果');
        const { run, ranking } = await services.runs.ranking(actor, params.cycle, params.run);
        const place = unitPlace<RankingRow>(ranking, params.unit);
        if (!place) throw notFound(`评分 ${params.run} 中的单位 ${params.unit}`);
        return { body: { units: ranking.length, ...place }, etag: run.version };
      },
    }),
  ];
}
