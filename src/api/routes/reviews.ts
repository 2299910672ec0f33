/** Reviews: the examiner's verified values, findings and score adjustments for one unit of a cycle. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { UnitParams } from '../schemas/path-params.js';
import { NoQuery, Version, strictRecord } from './run-params.js';

const nonEmpty = (what: string, max: number) => boundedText(max).regex(/\S/, `${what}不能为空`);

/** Item codes as rubrics write them (G01.1, GD1, GV1); never an operator or a prototype key. */
const ItemCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '考核要点编码只能由字母、数字和 . _ - 组成，且以字母或数字开头');
const FieldKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, '字段名只能由字母、数字和下划线组成，且不以数字开头');

/** A value as evidence holds it; checked against the rubric's field by the service. */
const FieldValue = z.union([z.number(), z.boolean(), boundedText(2000), z.array(boundedText(2000)).max(200), z.null()]);

export const ReviewItemInV1 = z.strictObject({
  values: strictRecord(FieldKey, FieldValue).optional().describe('核实后的证据值（与申报值不同时）及考核组填写的字段（评价、酌情扣分、扣分项、一票否决事项）'),
  finding: nonEmpty('实地核查情况', 5000).optional().describe('实地核查情况'),
  adjustment: z
    .strictObject({
      score: z.number().describe('调整后得分：在 [0, 上限] 之内，且符合细则的精度'),
      justification: nonEmpty('调整理由', 5000).describe('调整理由（必填）'),
    })
    .optional()
    .describe('得分调整'),
});

export const ReviewRequestV1 = z.strictObject({
  version: Version.optional(),
  items: strictRecord(ItemCode, ReviewItemInV1).describe('考核要点编码 → 审核内容；整体替换上一版'),
});

const ReviewItemV1 = ReviewItemInV1.extend({
  adjustment: z.object({ score: z.number(), justification: z.string(), by: z.string().optional() }).optional(),
});

export const ReviewV1 = z.object({
  year: z.number(),
  unit: z.string(),
  version: z.number(),
  items: z.record(z.string(), ReviewItemV1),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export function reviewRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'put',
      path: '/cycles/:cycle/reviews/:unit',
      summary: '保存对一个单位的审核：核实值、实地核查情况、得分调整（考核组；首次保存不需版本，之后须给出版本）',
      successStatuses: [200, 201],
      roles: ['examiner', 'admin'],
      params: UnitParams,
      query: NoQuery,
      body: ReviewRequestV1,
      response: ReviewV1,
      handler: async ({ actor, params, body, ifMatch }) => {
        const review = await services.reviews.save(actor, params.cycle, params.unit, body.items, ifMatch);
        return { status: review.version === 1 ? 201 : 200, body: review, etag: review.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/reviews/:unit',
      summary: '查看对一个单位的审核（考核组、第三方评价机构）',
      roles: ['examiner', 'auditor', 'admin'],
      params: UnitParams,
      query: NoQuery,
      response: ReviewV1,
      handler: async ({ actor, params }) => {
        const review = await services.reviews.get(actor, params.cycle, params.unit);
        return { body: review, etag: review.version };
      },
    }),
  ];
}
