/** Rubrics: list, post a draft (linted), read one, publish (immutable afterwards). */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES, type RubricRecord } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { RubricParams } from '../schemas/path-params.js';

export const RubricSummaryV1 = z.object({
  hash: z.string().describe('内容哈希（sha256:…），发布后即为考核细则的标识'),
  rubricId: z.string(),
  rubricVersion: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  createdAt: z.string(),
  createdBy: z.string(),
  publishedAt: z.string().optional(),
  publishedBy: z.string().optional(),
  version: z.number().int().describe('记录版本：发布时须在 If-Match 中提供'),
});

export const RubricV1 = RubricSummaryV1.extend({
  document: z.record(z.string(), z.unknown()).describe('考核细则 JSON，与提交时一致（哈希据此计算）'),
});

/** The body is the rubric itself, passed on untouched: its bytes' canonical form is what gets hashed, and the linter reports every problem. */
export const RubricDocumentV1 = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), '请求体应为考核细则 JSON 对象')
  .describe('考核细则 JSON（kaohe: "rubric/v1"），格式见 docs/rubric-format.md');

export const PublishRequestV1 = z.strictObject({ version: z.number().int().min(0).optional().describe('所读取的记录版本（也可用 If-Match 头）') });

function rubricSummary(r: RubricRecord): z.infer<typeof RubricSummaryV1> {
  return {
    hash: r.hash,
    rubricId: r.rubricId,
    rubricVersion: r.rubricVersion,
    year: r.year,
    title: r.title,
    status: r.status,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
    version: r.version,
  };
}

function rubricBody(r: RubricRecord, document: unknown): z.infer<typeof RubricV1> {
  return { ...rubricSummary(r), document: document as Record<string, unknown> };
}

export function rubricRoutes(services: Services): RouteSpec[] {
  const rubrics = services.rubrics;
  return [
    route({
      method: 'get',
      path: '/rubrics',
      summary: '考核细则列表（草稿与已发布）',
      roles: ROLES,
      response: z.array(RubricSummaryV1),
      handler: async () => ({ body: (await rubrics.list()).map(rubricSummary) }),
    }),
    route({
      method: 'post',
      path: '/rubrics',
      summary: '提交考核细则草稿（请求体即考核细则 JSON；先经完整检查，问题以 400 返回并注明路径）',
      successStatuses: [201],
      roles: ['examiner', 'admin'],
      body: RubricDocumentV1,
      response: RubricV1,
      handler: async ({ actor, body }) => {
        const record = await rubrics.create(actor, body);
        return { status: 201, body: rubricBody(record, body), etag: record.version };
      },
    }),
    route({
      method: 'get',
      path: '/rubrics/:id',
      summary: '读取一份考核细则：记录与 JSON 文本',
      roles: ROLES,
      params: RubricParams,
      response: RubricV1,
      handler: async ({ params }) => {
        const { record, document } = await rubrics.get(params.id);
        return { body: rubricBody(record, document), etag: record.version };
      },
    }),
    route({
      method: 'post',
      path: '/rubrics/:id/publish',
      summary: '发布考核细则（须提供所读取的版本；发布后不可更改）',
      roles: ['examiner', 'admin'],
      params: RubricParams,
      body: PublishRequestV1,
      response: RubricV1,
      handler: async ({ actor, params, ifMatch }) => {
        const record = await rubrics.publish(actor, params.id, ifMatch);
        return { body: rubricBody(record, JSON.parse(record.source)), etag: record.version };
      },
    }),
  ];
}
