/**
 * An uncertainty analysis's spec (`uncertainty-spec/v1`): the sources it varies
 * (core/rubric/uncertainty-schema.ts, which a rubric may declare too) and how it scores
 * them: exactly or by seeded draws. A bad spec is refused naming the field and the reason.
 */
import { z } from 'zod';
import type { Problem } from '../../core/errors.js';
import { type FieldVariation, type WeightVariationSpec, uncertaintySourcesShape } from '../../core/rubric/uncertainty-schema.js';
import { parseWith } from '../../core/validation.js';

export type { FieldVariation, WeightVariationSpec };

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
    ...uncertaintySourcesShape,
  })
  .refine((s) => s.judgement !== undefined || s.fields.length > 0 || s.weights !== undefined || s.missing !== undefined, {
    message: '至少声明一种不确定性来源（judgement、fields、weights 或 missing）',
  })
  .describe('Sources of uncertainty for a ranking.');

export type UncertaintySpec = z.output<typeof uncertaintySpecSchema>;

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
