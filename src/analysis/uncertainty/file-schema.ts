/**
 * Reading an uncertainty/v1 file back (kaohe report --uncertainty): a zod schema of what
 * file.ts writes, so that a file edited by hand or cut short is refused naming the field
 * and the reason rather than drawn as a wrong chart. Members added by later versions are
 * dropped, not refused.
 */
import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import type { UncertaintyFileV1 } from './file.js';
import { UncertaintySpecError, uncertaintySpecSchema } from './spec.js';

const hash = z.custom<`sha256:${string}`>((v) => typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v), '应为 sha256: 加 64 位十六进制数字');
const rank = z.number().int().min(1);
const share = z.number().min(0).max(1);
const count = z.number().int().min(0);
const codes = z.array(z.string());
const given = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);
const standing = z.object({ rank, grade: z.string(), total: z.number() });

const unitSchema = z.object({
  code: z.string().min(1),
  name: z.string(),
  published: z.object({ rank, grade: z.string(), flags: codes }),
  medianRank: rank,
  rankInterval: z.tuple([rank, rank]).refine(([low, high]) => low <= high, { message: '名次区间的下限不能大于上限' }),
  rankProbabilities: z.array(share),
  grades: z.array(z.object({ grade: z.string(), probability: share })),
  flags: z.array(z.object({ code: z.string(), probability: share })),
  variations: count,
});

const flagSetSchema = z.object({
  code: z.string(),
  label: z.string(),
  published: codes,
  changeProbability: share,
  sets: z.array(z.object({ units: codes, probability: share })),
});

const driversSchema = z.object({
  code: z.string(),
  drivers: z.array(z.object({ unit: z.string(), item: z.string(), field: z.string(), label: z.string(), index: z.number() })),
});

const missingSchema = z.object({
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      published: standing,
      imputed: standing,
      missingItems: codes,
      values: z.array(z.object({ item: z.string(), field: z.string(), value: given })),
    }),
  ),
});

export const uncertaintyFileSchema = z.object({
  kaohe: z.literal('uncertainty/v1'),
  rubric: z.object({ id: z.string(), version: z.string(), hash }),
  evidenceHash: hash.optional(),
  spec: uncertaintySpecSchema,
  method: z.enum(['exact', 'sample']),
  scenarios: z.number().int().min(1),
  variations: count,
  // Section weights and checkpoint points varied; files written before they could vary have none.
  weights: count.default(0),
  units: z.array(unitSchema).min(1),
  flagSets: z.array(flagSetSchema),
  drivers: z.array(driversSchema),
  missing: missingSchema.optional(),
});

/** An uncertainty/v1 file from JSON, or an UncertaintySpecError naming each bad field and why. */
export function parseUncertaintyFile(json: unknown): UncertaintyFileV1 {
  const parsed = parseWith(uncertaintyFileSchema, json);
  if (!parsed.ok) throw new UncertaintySpecError(parsed.problems);
  const file: UncertaintyFileV1 = parsed.value;
  return file;
}
