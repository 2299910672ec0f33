/**
 * The published formats as JSON Schema, generated from the zod schemas that validate
 * them: rubrics and evidence (for editors), results and audit bundles (for evaluators
 * reading them with their own tools).
 */
import { z } from 'zod';
import { bundleSchema } from '../audit/index.js';
import { evidenceSchema, resultsSchema, rubricSchema } from '../core/index.js';

export const SCHEMA_FILES = ['rubric.schema.json', 'evidence.schema.json', 'results.schema.json', 'bundle.schema.json'] as const;

export function jsonSchemas(): Record<(typeof SCHEMA_FILES)[number], string> {
  const render = (schema: z.ZodType, id: string, title: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input' }), $id: id, title }, null, 2)}\n`;
  return {
    'rubric.schema.json': render(rubricSchema, 'https://kaohe.dev/schema/rubric.schema.json', 'Kaohe rubric (考核细则及评分标准)'),
    'evidence.schema.json': render(evidenceSchema, 'https://kaohe.dev/schema/evidence.schema.json', 'Kaohe evidence (证据)'),
    'results.schema.json': render(resultsSchema, 'https://kaohe.dev/schema/results.schema.json', 'Kaohe results (评分结果 results.json)'),
    'bundle.schema.json': render(bundleSchema, 'https://kaohe.dev/schema/bundle.schema.json', 'Kaohe audit bundle (审计包)'),
  };
}
