/** The unit tree by administrative division: the whole of it, or one unit's subtree. */
import { z } from 'zod';
import { type LeveledNode, ROLES } from '../../records/index.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';

const UnitInTreeV1 = z.object({
  code: z.string().describe('行政区划代码（GB/T 2260）'),
  name: z.string(),
  kind: z.string().describe('省、地级市、自治州、区、县、县级市、自治县等'),
  level: z.enum(['province', 'city', 'county']).describe('province：省级；city：地级；county：县级'),
  parent: z.string().optional().describe('上级单位的代码（省没有）'),
});

const UnitNodeV1: z.ZodType<LeveledNode> = UnitInTreeV1.extend({
  get children() {
    return z.array(UnitNodeV1).describe('下级单位，按代码排列');
  },
});

export const UnitTreeV1 = z.object({
  asOf: z.string().describe('行政区划截至的日期'),
  path: z.array(UnitInTreeV1).describe('从省到所查单位的各级单位'),
  unit: UnitNodeV1,
});

/** `?under=620100`: that unit and what lies under it; the whole tree without it. The service names a code it does not hold. */
const UnderQuery = z.strictObject({
  under: z.string().max(32).optional().describe('只返回该单位及其下级单位，例如 620100（兰州市）'),
});

export function unitTreeRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/units/tree',
      summary: '单位树：省、市州及县级单位（按行政区划代码），或某单位及其下级单位',
      roles: ROLES,
      query: UnderQuery,
      response: UnitTreeV1,
      handler: async ({ query }) => ({ body: services.unitTree.read(query.under) }),
    }),
  ];
}
