/** Submissions: each unit's evidence for a cycle; save drafts, submit, reopen, and the materials routes. */
import { z } from 'zod';
import { evidenceValueSchema } from '../../core/evidence/schema.js';
import { requireWriteUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { ROLES, type SubmissionRecord, type UnitRecord } from '../../records/index.js';
import type { SubmissionView } from '../../services/submissions/submissions.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams, UnitParams } from '../schemas/path-params.js';
import { MaterialV1, materialBody, materialRoutes } from './materials.js';

const version = z.number().int().min(0).optional().describe('所读取的版本（也可用 If-Match 头）');
const examinerOnly = z.unknown().optional().describe('考核组填写的内容：市州提交时拒绝（403）');

export const SubmissionItemV1 = z.strictObject({
  values: z.record(boundedText(64), evidenceValueSchema).optional().describe('字段 → 值；null 或省略表示尚未填写'),
  notApplicable: z.boolean().optional().describe('申报“不涉及”（仅限考核细则允许的要点）'),
  selfScore: z.number().nonnegative().finite().optional().describe('自评分'),
  note: boundedText(5000).regex(/\S/, '说明不能为空').optional().describe('说明'),
  finding: examinerOnly,
  adjustment: examinerOnly,
});

export const SaveSubmissionV1 = z.strictObject({
  version,
  items: z.record(boundedText(64), SubmissionItemV1).describe('考核要点编码 → 填报内容'),
  selfTotal: z.number().nonnegative().finite().optional().describe('自评总分'),
});

export const SubmitRequestV1 = z.strictObject({ version });
export const ReopenRequestV1 = z.strictObject({
  reason: boundedText(2000, { trim: true }).min(1, '退回理由不能为空').describe('退回理由（必填）'),
  version,
});

const ReopeningV1 = z.object({ at: z.string(), by: z.string(), reason: z.string() });

export const SubmissionV1 = z.object({
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  rubric: z.string().describe('考核细则的内容哈希'),
  state: z.enum(['draft', 'submitted']),
  version: z.number().int().describe('0 表示尚未保存'),
  items: z.record(z.string(), z.unknown()),
  selfTotal: z.number().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
  submittedAt: z.string().optional(),
  submittedBy: z.string().optional(),
  reopenings: z.array(ReopeningV1).describe('退回记录：时间、退回人、理由'),
  materials: z.array(MaterialV1),
  missing: z.array(z.string()).describe('尚未填报的考核要点（缺项计 0 分，不妨碍提交）'),
});

export const SubmissionSummaryV1 = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  state: z.enum(['draft', 'submitted']),
  version: z.number().int(),
  updatedAt: z.string().optional(),
  submittedAt: z.string().optional(),
  selfTotal: z.number().optional().describe('自评总分'),
  reopenings: z.array(ReopeningV1).describe('退回记录：时间、退回人、理由'),
  missing: z.array(z.string()).describe('尚未填报的考核要点'),
});

export function submissionBody(v: SubmissionView): z.infer<typeof SubmissionV1> {
  const r = v.record;
  return {
    year: v.year,
    unitCode: v.unit.code,
    unitName: v.unit.name,
    rubric: v.rubricHash,
    state: r?.state ?? 'draft',
    version: r?.version ?? 0,
    items: v.items,
    selfTotal: r?.selfTotal,
    createdAt: r?.createdAt,
    updatedAt: r?.updatedAt,
    updatedBy: r?.updatedBy,
    submittedAt: r?.submittedAt,
    submittedBy: r?.submittedBy,
    reopenings: (r?.reopenings ?? []).map((o) => ({ at: o.at, by: o.by, reason: o.reason })),
    materials: v.materials.map(materialBody),
    missing: [...v.missing],
  };
}

function summaryBody({
  unit,
  record,
  missing,
}: {
  unit: UnitRecord;
  record: SubmissionRecord | null;
  missing: readonly string[];
}): z.infer<typeof SubmissionSummaryV1> {
  return {
    unitCode: unit.code,
    unitName: unit.name,
    state: record?.state ?? 'draft',
    version: record?.version ?? 0,
    updatedAt: record?.updatedAt,
    submittedAt: record?.submittedAt,
    selfTotal: record?.selfTotal,
    reopenings: (record?.reopenings ?? []).map((o) => ({ at: o.at, by: o.by, reason: o.reason })),
    missing: [...missing],
  };
}

export const submissionReply = (v: SubmissionView) => ({ body: submissionBody(v), etag: v.record?.version ?? 0 });

export function submissionRoutes(services: Services): RouteSpec[] {
  const submissions = services.submissions;
  const base = '/cycles/:cycle/submissions';
  return [
    route({
      method: 'get',
      path: base,
      summary: '各单位填报状态（市州只看到本单位）',
      roles: ROLES,
      params: CycleParams,
      response: z.array(SubmissionSummaryV1),
      handler: async ({ actor, params }) => ({ body: (await submissions.list(actor, params.cycle)).map(summaryBody) }),
    }),
    route({
      method: 'get',
      path: `${base}/:unit`,
      summary: '读取一个单位的填报内容（尚未保存时为空草稿，版本 0）',
      roles: ROLES,
      params: UnitParams,
      response: SubmissionV1,
      handler: async ({ actor, params }) => submissionReply(await submissions.get(actor, params.cycle, params.unit)),
    }),
    route({
      method: 'put',
      path: `${base}/:unit`,
      summary: '保存本单位草稿（证据值、自评分、说明；每个值按考核细则检查；首次保存版本 0，之后须提供所读取的版本）',
      roles: ['city'],
      params: UnitParams,
      authorize: (actor, params) => requireWriteUnit(actor, params.unit),
      body: SaveSubmissionV1,
      response: SubmissionV1,
      handler: async ({ actor, params, body, ifMatch }) =>
        submissionReply(await submissions.save(actor, params.cycle, params.unit, { items: body.items, selfTotal: body.selfTotal }, ifMatch)),
    }),
    route({
      method: 'post',
      path: `${base}/:unit/submit`,
      summary: '提交本单位填报内容（须提供版本；截止时间后拒绝；提交后冻结）',
      roles: ['city'],
      params: UnitParams,
      authorize: (actor, params) => requireWriteUnit(actor, params.unit),
      body: SubmitRequestV1,
      response: SubmissionV1,
      handler: async ({ actor, params, ifMatch }) => submissionReply(await submissions.submit(actor, params.cycle, params.unit, ifMatch)),
    }),
    route({
      method: 'post',
      path: `${base}/:unit/reopen`,
      summary: '退回已提交的填报内容（考核组；须说明理由）',
      roles: ['examiner', 'admin'],
      params: UnitParams,
      body: ReopenRequestV1,
      response: SubmissionV1,
      handler: async ({ actor, params, body, ifMatch }) => submissionReply(await submissions.reopen(actor, params.cycle, params.unit, body.reason, ifMatch)),
    }),
    ...materialRoutes(services),
  ];
}
