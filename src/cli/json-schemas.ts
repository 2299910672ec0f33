/** The rubric and evidence formats as JSON Schema, generated from the zod schemas that validate them. */
import { z } from 'zod';
import { evidenceSchema, rubricSchema } from '../core/index.js';

export function jsonSchemas(): { 'rubric.schema.json': string; 'evidence.schema.json': string } {
  const render = (schema: z.ZodType, id: string, title: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input' }), $id: id, title }, null, 2)}\n`;
  return {
    'rubric.schema.json': render(rubricSchema, 'https://kaohe.dev/schema/rubric.schema.json', 'Kaohe rubric (考核细则及评分标准)'),
    'evidence.schema.json': render(evidenceSchema, 'https://kaohe.dev/schema/evidence.schema.json', 'Kaohe evidence (证据)'),
  };
}
