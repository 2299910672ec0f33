/**
 * /api/openapi.json: the OpenAPI 3.1 document, generated from the same zod schemas
 * that validate requests, so the description cannot drift from the behaviour.
 */
import { z } from 'zod';
import type { RouteSpec } from './route.js';

function schemaOf(schema: z.ZodType): unknown {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(spec: RouteSpec): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s });
    }
  }
  return out;
}

const ERROR = {
  description: '错误：{ code, message, errors? }',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                path: { type: 'string' },
                code: { type: 'string' },
                message: { type: 'string' },
                cell: {
                  type: 'object',
                  description: '导入工作簿时：该单元格问题的各部分（考核要点、填报项、填写内容、原因）',
                  properties: { item: { type: 'string' }, field: { type: 'string' }, found: { type: 'string' }, reason: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  },
};

function successContent(spec: RouteSpec): unknown {
  if (spec.response) return { 'application/json': { schema: schemaOf(spec.response) } };
  if (spec.produces) return { [spec.produces]: { schema: { type: 'string', format: 'binary' } } };
  return undefined;
}

export function openApiDocument(routes: readonly RouteSpec[]): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      'x-kaohe-roles': spec.roles,
      parameters: parameters(spec),
      responses: {
        ...Object.fromEntries(
          (spec.successStatuses ?? [200]).map((status) => [String(status), { description: status === 201 ? 'Created' : 'OK', content: successContent(spec) }]),
        ),
        '4XX': ERROR,
        ...Object.fromEntries((spec.errorStatuses ?? []).map((status) => [String(status), ERROR])),
      },
    };
    if (spec.roles !== 'public') operation.security = [{ bearer: [] }];
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(spec.body) } } };
    if (spec.receive) operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
    (paths[path] ??= {})[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kaohe 质量工作考核 API',
      version: 'v1',
      description: '考核细则、证据填报、审核、评分、排名与审计。除附件与报告文件外，所有响应为 JSON；错误为 { code, message, errors? }。',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
