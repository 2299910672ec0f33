/**
 * What an uncertainty analysis varies (issue 13): the sources a run or a rubric declares,
 * as a zod schema, so that a bad spec is refused naming the field and the reason.
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
import type { Problem } from '../../core/errors.js';
import { parseWith } from '../../core/validation.js';

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

export const uncertaintySpecSchema = z
  .strictObject({
    kaohe: z.literal('uncertainty-spec/v1').optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(1).describe('Seed of the draws: the same seed gives the same figures.'),
    draws: z.number().int().min(1).max(100_000).default(1000).describe('Number of random draws (method "sample").'),
    method: z
      .enum(['auto', 'exact', 'sample'])
      .default('auto')
      .describe(
        '"exact" enumerates every combination with its probability; "sample" draws; "auto" enumerates when there are at most `exactLimit` combinations.',
      ),
    exactLimit: z.number().int().min(1).max(1_000_000).default(10_000),
    judgement: judgementSchema.optional(),
    fields: z.array(fieldVariationSchema).default([]),
    weights: weightsSchema.optional(),
    missing: z
      .literal('imputed')
      .optional()
      .describe(
        'Also score the scenario in which each missing value is imputed from the other units (missing.ts), beside the published one where it scores 0.',
      ),
  })
  .refine((s) => s.judgement !== undefined || s.fields.length > 0 || s.weights !== undefined || s.missing !== undefined, {
    message: '至少声明一种不确定性来源（judgement、fields、weights 或 missing）',
  })
  .describe('Sources of uncertainty for a ranking.');

export type UncertaintySpec = z.output<typeof uncertaintySpecSchema>;
export type FieldVariation = UncertaintySpec['fields'][number];
export type WeightVariationSpec = z.output<typeof weightVariationSchema>;

/** A spec from JSON, or an UncertaintySpecError naming each bad field and why. */
export function parseUncertaintySpec(json: unknown): UncertaintySpec {
  const parsed = parseWith(uncertaintySpecSchema, json);
  if (!parsed.ok) throw new UncertaintySpecError(parsed.problems);
  return parsed.value;
}

/** A spec that does not fit: every problem names its JSON path in the spec and the reason, in Chinese. */
export class UncertaintySpecError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('；'));
    this.name = 'UncertaintySpecError';
  }
}
