/** A run's ranking grouped by a level of the unit tree: each county's rank among its own city's counties. */
import { z } from 'zod';
import { ROLES } from '../../records/index.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { RunParams } from '../schemas/path-params.js';
import { UnitPageQuery, unitPage } from './run-params.js';
import { RankingRowV1 } from './runs.js';

/** Groups per page: a country's 2,851 counties fall in about 340 cities, too many units for one reply. */
const GROUPS_PAGE_MAX = 50;

const LevelQuery = UnitPageQuery(GROUPS_PAGE_MAX, '按代码排列的组').extend({
  level: z
    .enum(['city', 'province'], { error: 'level 应为 city（市州）或 province（省份）' })
    .optional()
    .describe('分组的层级：city（按所属市州，默认）或 province（按所属省份）'),
});

const GroupedRowV1 = RankingRowV1.extend({
  groupRank: z.number().describe('在本组单位中的名次（与总名次同样比较，总分相同者名次相同）'),
  groupTiedWith: z.array(z.string()).describe('本组中与之名次相同的单位代码（含自身）；不并列时为空'),
});

export const RunGroupsV1 = z.object({
  level: z.enum(['city', 'province']),
  title: z.string().describe('组的称呼，如“市州”'),
  total: z.number().describe('组数（全部）'),
  offset: z.number(),
  groups: z
    .array(z.object({ code: z.string(), name: z.string(), units: z.array(GroupedRowV1).describe('本组单位，按总名次排列') }))
    .describe(
      `各组按代码排列，分页：?offset&limit 按组计（每页最多 ${GROUPS_PAGE_MAX} 组，默认从头 ${GROUPS_PAGE_MAX} 组）；不设县的市（如嘉峪关市）自成一组，省直管的县级单位归入“某省直管”`,
    ),
});

export function runGroupRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/groups',
      summary: `一次评分的分组排名：各单位按所属市州（?level=city，默认）或省份分组，附组内名次；按组分页（?offset&limit，每页最多 ${GROUPS_PAGE_MAX} 组）（市州用户只能查看已定稿的，且只看到本单位）`,
      roles: ROLES,
      params: RunParams,
      query: LevelQuery,
      response: RunGroupsV1,
      handler: async ({ actor, params, query }) => {
        const { run, ranking } = await services.runs.ranking(actor, params.cycle, params.run);
        const grouped = services.unitTree.grouped(ranking, query.level ?? 'city');
        const { offset, limit } = unitPage(query, GROUPS_PAGE_MAX);
        const body = {
          level: grouped.level,
          title: grouped.title,
          total: grouped.groups.length,
          offset,
          groups: grouped.groups.slice(offset, offset + limit).map((g) => ({
            code: g.code,
            name: g.name,
            units: g.units.map((u) => ({ ...u.row, groupRank: u.groupRank, groupTiedWith: [...u.groupTiedWith] })),
          })),
        };
        return { body, etag: run.version };
      },
    }),
  ];
}
