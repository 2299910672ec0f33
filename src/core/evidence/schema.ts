/**
 * The evidence document: what one unit (市州) submitted for one rubric and year,
 * with the examiner's verified values, findings and adjustments merged in.
 * Items are keyed by the rubric's item codes (checkpoints, bonus and deduction
 * items, vetoes); values by the item's field keys.
 */
import { z } from 'zod';

// Evidence is hashed as submitted, so nothing here may transform it (no trim, no defaults):
// the parsed document must be the file's own content.
const text = z.string().regex(/\S/, '不能为空');
const score = z.number().nonnegative().finite();

export const evidenceValueSchema = z.union([z.number(), z.boolean(), z.string(), z.array(z.string()), z.null()]);

const evidenceItemSchema = z.strictObject({
  values: z.record(z.string(), evidenceValueSchema).optional().describe('Field key → value; null or absent means not provided.'),
  notApplicable: z.boolean().optional().describe('The unit declares the checkpoint 不涉及 (only where the rubric allows it).'),
  selfScore: score.optional().describe("The unit's self-score (自评分); recorded beside the verified score, never counted."),
  note: text.optional().describe("The unit's explanation (说明)."),
  materials: z
    .array(
      z.strictObject({
        name: text,
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      }),
    )
    .optional()
    .describe('Materials submitted for this item (names and content hashes).'),
  finding: text.optional().describe("The examiner's on-site finding (实地核查情况)."),
  adjustment: z
    .strictObject({
      score: score.describe("The score the examiner sets, within [0, cap] at the rubric's precision."),
      justification: text.describe('Mandatory written justification.'),
      by: text.optional(),
    })
    .optional()
    .describe("An examiner's score adjustment; replaces the computed score and is shown beside it."),
});

/**
 * A filed target (目标备案) as the examiner approved it: the value the rule reads for a
 * field declared `"filledBy": "target"`, and where it came from, for the trace.
 */
const filedTargetSchema = z
  .strictObject({
    value: evidenceValueSchema.describe("The approved target, checked against the field's declaration like any value."),
    filedAt: z.iso.datetime({ offset: true }).describe('When the unit filed it (ISO 8601).'),
    approvedAt: z.iso.datetime({ offset: true }).describe('When the examiner approved it (ISO 8601).'),
    approvedBy: text.describe('Who approved it.'),
  })
  .describe('An approved filed target and its provenance.');

export const evidenceSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kaohe: z.literal('evidence/v1'),
    rubric: z.string().min(1).describe('Id of the rubric the evidence answers.'),
    year: z.number().int().min(2000).max(2100),
    unit: z.strictObject({
      code: z
        .string()
        .regex(/^\d{6}$/, '行政区划代码应为6位数字')
        .describe('Administrative division code.'),
      name: text,
    }),
    selfTotal: score.optional().describe("The unit's self-assessed total (自评总分)."),
    items: z.record(z.string(), evidenceItemSchema).optional().describe('Item code → what was submitted for it; an item without an entry was not answered.'),
    targets: z
      .record(z.string(), z.record(z.string(), filedTargetSchema))
      .optional()
      .describe('Approved filed targets (目标备案): item code → field key → target. Only fields declared "filledBy": "target" take them, and only from here.'),
  })
  .describe('Evidence of one unit for one rubric and year.');

export type EvidenceDocument = z.output<typeof evidenceSchema>;
export type EvidenceItemDocument = z.output<typeof evidenceItemSchema>;
export type FiledTargetDocument = z.output<typeof filedTargetSchema>;
