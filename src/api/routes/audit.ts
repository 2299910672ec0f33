/** The audit trail: its entries, filtered by cycle, unit, actor, kind of action and time. */
import { z } from 'zod';
import { AUDIT_KINDS, AUDIT_KIND_WORDS } from '../../audit/audit-actions.js';
import { MAX_EVENTS } from '../../services/audit/audit.js';
import type { Services } from '../../services/index.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { unitParam, yearParam } from '../schemas/path-params.js';

/** A date-time with its offset, or a date (from its start / through its end, in UTC). */
const instant = (end: boolean) =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => {
    if (s.length > 10) return new Date(s).toISOString();
    return end ? `${s}T23:59:59.999Z` : `${s}T00:00:00.000Z`;
  });

export const AuditQueryV1 = z.strictObject({
  year: yearParam.optional(),
  unit: unitParam.optional(),
  actor: boundedText(64).min(1).describe('用户名').optional(),
  kind: z
    .enum(AUDIT_KINDS, { error: () => `kind 应为以下之一：${AUDIT_KINDS.map((k) => `${k}（${AUDIT_KIND_WORDS[k]}）`).join('、')}` })
    .describe(`操作类别：${AUDIT_KINDS.map((k) => `${k}（${AUDIT_KIND_WORDS[k]}）`).join('、')}`)
    .optional(),
  from: instant(false).describe('起始时间（含），ISO 8601').optional(),
  to: instant(true).describe('截止时间（含），ISO 8601').optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'limit 应为 1–1000 的整数')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_EVENTS, 'limit 应为 1–1000 的整数')
    .optional(),
  after: z
    .string()
    .regex(/^\d{1,12}$/, 'after 应为审计记录序号（整数）')
    .transform(Number)
    .describe('只返回序号大于此值的记录：翻页时传入上一页最后一条的 seq')
    .optional(),
});

export const AuditEventV1 = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  year: z.number().optional(),
  unitCode: z.string().optional(),
  beforeHash: z.string(),
  afterHash: z.string(),
  detail: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export function auditRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/audit/events',
      summary: '审计记录（按年度、单位、操作人、操作类别、时间筛选；考核组、第三方评价机构）',
      roles: ['examiner', 'auditor', 'admin'],
      query: AuditQueryV1,
      response: z.array(AuditEventV1),
      handler: async ({ actor, query }) => ({
        body: await services.audit.events(actor, {
          year: query.year,
          unitCode: query.unit,
          actor: query.actor,
          kind: query.kind,
          from: query.from,
          to: query.to,
          limit: query.limit,
          afterSeq: query.after,
        }),
      }),
    }),
  ];
}
