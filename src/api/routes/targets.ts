/** Target filing (目标备案): each unit's targets for the rubric's target fields, filed by the city and approved or returned by the examiner. */
import { z } from 'zod';
import { requireReadUnit, requireWriteUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import type { TargetFilingView } from '../../services/targets/targets.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams, UnitParams } from '../schemas/path-params.js';
import { NoQuery, Version, strictRecord } from './run-params.js';

/** Item codes and field keys as rubrics write them; never an operator or a prototype key. */
const ItemCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '考核要点编码只能由字母、数字和 . _ - 组成，且以字母或数字开头');
const FieldKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, '字段名只能由字母、数字和下划线组成，且不以数字开头');

/** A target as evidence holds a value; checked against the rubric's field by the service. */
const TargetValueV1 = z.union([z.number(), z.boolean(), boundedText(2000), z.array(boundedText(2000)).max(200)]);

export const FileTargetsV1 = z.strictObject({
  version: Version.optional(),
  targets: strictRecord(ItemCode, strictRecord(FieldKey, TargetValueV1)).describe(
    '考核要点编码 → 字段 → 目标值；只备案所给出的目标，其余保持不变。已批准的目标不能改动，已退回的可以重新备案',
  ),
});

export const TargetDecisionV1 = z
  .strictObject({
    version: Version.optional(),
    decision: z.enum(['approve', 'return']).describe('approve：批准；return：退回（须说明理由）'),
    reason: boundedText(2000, { trim: true }).regex(/\S/, '退回理由不能为空').optional().describe('退回理由（退回时必填）'),
    item: ItemCode.optional().describe('只审核这一个目标：考核要点编码（与 field 同时给出）；省略时审核全部待审核的目标'),
    field: FieldKey.optional().describe('只审核这一个目标：字段名（与 item 同时给出）'),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'return' && body.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回目标须说明理由' });
    if (body.decision === 'approve' && body.reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: '批准时不需要理由' });
    if ((body.item === undefined) !== (body.field === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [body.item === undefined ? 'item' : 'field'],
        message: 'item 与 field 须同时给出（审核一个目标），或都省略（审核全部待审核的目标）',
      });
    }
  });

const FiledTargetV1 = z.object({
  value: z.unknown(),
  state: z.enum(['filed', 'approved', 'returned']).describe('filed：待审核；approved：已批准（冻结）；returned：已退回'),
  filedAt: z.string(),
  filedBy: z.string(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  reason: z.string().optional().describe('退回理由'),
});

export const TargetFilingV1 = z.object({
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  version: z.number().int().describe('0 表示尚未备案'),
  targets: z.record(z.string(), z.record(z.string(), FiledTargetV1)).describe('考核要点编码 → 字段 → 备案目标'),
  unfiled: z.array(z.object({ item: z.string(), field: z.string(), label: z.string() })).describe('考核细则要求备案、尚未备案的目标'),
  filingDeadline: z.string().describe('目标备案截止时间（UTC）'),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

function filingBody(v: TargetFilingView): z.infer<typeof TargetFilingV1> {
  return {
    year: v.year,
    unitCode: v.unit.code,
    unitName: v.unit.name,
    version: v.version,
    targets: v.targets,
    unfiled: [...v.unfiled],
    filingDeadline: v.filingDeadline,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    updatedBy: v.updatedBy,
  };
}

const reply = (v: TargetFilingView) => ({ body: filingBody(v), etag: v.version });

export function targetRoutes(services: Services): RouteSpec[] {
  const targets = services.targets;
  const base = '/cycles/:cycle/targets';
  return [
    route({
      method: 'get',
      path: base,
      summary: '各单位的目标备案及其审核状态（考核组、第三方评价机构）',
      roles: ['examiner', 'auditor', 'admin'],
      params: CycleParams,
      query: NoQuery,
      response: z.array(TargetFilingV1),
      handler: async ({ actor, params }) => ({ body: (await targets.list(actor, params.cycle)).map(filingBody) }),
    }),
    route({
      method: 'get',
      path: `${base}/:unit`,
      summary: '读取一个单位的目标备案（市州只能读本单位；尚未备案时为空，版本 0）',
      roles: ['examiner', 'auditor', 'admin', 'city'],
      params: UnitParams,
      query: NoQuery,
      authorize: (actor, params) => requireReadUnit(actor, params.unit),
      response: TargetFilingV1,
      handler: async ({ actor, params }) => reply(await targets.get(actor, params.cycle, params.unit)),
    }),
    route({
      method: 'put',
      path: `${base}/:unit`,
      summary: '备案本单位的目标（市州；每个目标值按考核细则检查；目标备案截止后拒绝；首次备案版本 0，之后须提供所读取的版本）',
      roles: ['city'],
      params: UnitParams,
      query: NoQuery,
      authorize: (actor, params) => requireWriteUnit(actor, params.unit),
      body: FileTargetsV1,
      response: TargetFilingV1,
      handler: async ({ actor, params, body, ifMatch }) => reply(await targets.file(actor, params.cycle, params.unit, body.targets, ifMatch)),
    }),
    route({
      method: 'post',
      path: `${base}/:unit/decisions`,
      summary: '审核备案目标：批准或退回（退回须说明理由），可审核一个目标或全部待审核的目标（考核组）',
      roles: ['examiner', 'admin'],
      params: UnitParams,
      query: NoQuery,
      body: TargetDecisionV1,
      response: TargetFilingV1,
      handler: async ({ actor, params, body, ifMatch }) => {
        const decision = body.decision === 'approve' ? { approve: true as const } : { approve: false as const, reason: body.reason ?? '' };
        const only = body.item !== undefined && body.field !== undefined ? { item: body.item, field: body.field } : undefined;
        return reply(await targets.decide(actor, params.cycle, params.unit, decision, only, ifMatch));
      },
    }),
  ];
}
