/**
 * What an uncertainty analysis varies (issue 13), as zod schemas: declared by a rubric's
 * authors once (the rubric's `uncertainty`, what `kaohe analyse uncertainty` varies by
 * default), or per run in a spec (src/analysis/uncertainty/spec.ts adds the seed, the
 * draws and the method). Here, beside the rubric's schema, because a rubric may carry it;
 * the analysis that reads it lives in src/analysis.
 *
 * - judgement: an examiner's judgement (考核组评价 and the like) moves to an adjacent level
 *   with the stated probability. By default every examiner-filled enum field; other fields
 *   (an examiner's count of findings, a boolean) only when listed, since most of them are
 *   facts rather than judgements.
 * - fields: a numeric field varies within a tolerance (absolute or % of its value), or over
 *   its whole declared range (a discretionary deduction, 酌情扣分).
 * - weights: each section's weight, or each checkpoint's points within its section, varies
 *   within ±percent, then all are scaled back so that the full marks stay the same (as
 *   composite-indicator practice renormalises weights): what a rank owes to the authors'
 *   choice of points rather than to the evidence.
 * - missing: "imputed" adds a second scenario, missing values imputed from the other units.
 */
import { z } from 'zod';

const fieldRef = z.strictObject({
  item: z.string().min(1).describe('Code of the checkpoint, bonus, deduction item or veto.'),
  field: z.string().min(1).describe('Key of the field within that item.'),
});

const judgementSchema = z
  .strictObject({
    probability: z.number().gt(0, '概率应大于 0').max(1, '概率不能大于 1').describe('Chance that each judgement moves to an adjacent level.'),
    fields: z.array(fieldRef).min(1).optional().describe('The judgement fields; default: every examiner-filled enum field.'),
  })
  .describe("Examiners' judgements moved to an adjacent level.");

const fieldVariationSchema = fieldRef
  .extend({
    absolute: z.number().positive('容差应大于 0').finite().optional().describe('Tolerance in the field’s own unit: the value varies within ± this.'),
    percent: z.number().positive('容差应大于 0').max(100, '百分比容差不能大于 100').optional().describe('Tolerance as a percentage of the value.'),
    range: z.literal(true).optional().describe('Draw over the whole declared range [min, max] (酌情扣分).'),
    levels: z.number().int().min(1).max(100).default(5).describe('For a number without a step: the tolerance is split into this many equal steps each side.'),
  })
  .refine((v) => [v.absolute, v.percent, v.range].filter((x) => x !== undefined).length === 1, {
    message: '每个字段应恰好给出 absolute、percent 或 range 中的一项',
  })
  .describe('A numeric field drawn uniformly within its tolerance or range.');

const weightVariationSchema = z
  .strictObject({
    percent: z.number().positive('变化幅度应大于 0').max(50, '变化幅度不能大于 50%').describe('Each weight varies within ± this percentage.'),
    levels: z.number().int().min(1).max(10).default(2).describe('The ± range is split into this many equal steps each side.'),
  })
  .describe('Weights drawn uniformly from 1 + k·percent/levels %, k = −levels…levels, then renormalised.');

const weightsSchema = z
  .strictObject({
    sections: weightVariationSchema.optional().describe("Each section's weight (its points in the total) varies; the total's full marks stay the same."),
    points: weightVariationSchema.optional().describe("Each checkpoint's points vary within its section; each section's points stay the same."),
  })
  .refine((w) => w.sections !== undefined || w.points !== undefined, { message: '应给出 sections 或 points 中的至少一项' })
  .describe('Points and section weights varied within ±percent.');

/** The sources of uncertainty, as a rubric declares them and a spec restates or overrides them. */
export const uncertaintySourcesShape = {
  judgement: judgementSchema.optional(),
  fields: z.array(fieldVariationSchema).default([]),
  weights: weightsSchema.optional(),
  missing: z
    .literal('imputed')
    .optional()
    .describe('Also score the scenario in which each missing value is imputed from the other units (missing.ts), beside the published one where it scores 0.'),
};

export const rubricUncertaintySchema = z
  .strictObject(uncertaintySourcesShape)
  .refine((s) => s.judgement !== undefined || s.fields.length > 0 || s.weights !== undefined || s.missing !== undefined, {
    message: '至少声明一种不确定性来源（judgement、fields、weights 或 missing）',
  })
  .describe("What an uncertainty analysis (kaohe analyse uncertainty) varies unless a run's spec says otherwise (issue 13).");

export type UncertaintySources = z.output<typeof rubricUncertaintySchema>;
export type FieldVariation = UncertaintySources['fields'][number];
export type WeightVariationSpec = z.output<typeof weightVariationSchema>;
