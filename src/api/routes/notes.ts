/**
 * Auditor notes (第三方评估意见): a third-party evaluator agrees or disagrees with a
 * unit's assessment, or one of its checkpoints, and says why. Shown on the unit's
 * scorecard and carried in audit bundles; never scored.
 */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { NoteInputSchema } from '../../services/audit/notes.js';
import { ROLES } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams, UnitParams, unitParam } from '../schemas/path-params.js';
import { NoQuery } from './run-params.js';

export const NoteV1 = z.object({
  id: z.string(),
  year: z.number(),
  unitCode: z.string(),
  itemCode: z.string().optional(),
  runId: z.string().optional(),
  verdict: z.enum(['agree', 'disagree']),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});

const NotesQuery = z.strictObject({ unit: unitParam.optional() });

export function noteRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/cycles/:cycle/units/:unit/notes',
      summary: '填写对一个单位（或其某个考核要点）的评估意见：同意或不同意及理由；只记录和展示，不改变任何得分（第三方评价机构）',
      roles: ['auditor'],
      successStatuses: [201],
      params: UnitParams,
      query: NoQuery,
      body: NoteInputSchema,
      response: NoteV1,
      handler: async ({ actor, params, body }) => ({ status: 201, body: await services.notes.add(actor, params.cycle, params.unit, body) }),
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/notes',
      summary: '本年度的第三方评估意见，按时间先后（可按单位筛选）；市州用户只能看到本单位的（不含关于未定稿评分的）',
      roles: ROLES,
      params: CycleParams,
      query: NotesQuery,
      response: z.array(NoteV1),
      handler: async ({ actor, params, query }) => ({ body: await services.notes.list(actor, params.cycle, query.unit) }),
    }),
  ];
}
