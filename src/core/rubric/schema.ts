/**
 * The rubric document (考核细则及评分标准) as a zod schema: the one definition that
 * validates rubric files, types the code and is exported as JSON Schema for editors.
 * The meaning of every field is documented in docs/rubric-format.md.
 */
import { z } from 'zod';
import { ROUNDING_MODES } from '../exact/index.js';
import { rubricUncertaintySchema } from './uncertainty-schema.js';

const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '编码只能由字母、数字和 . _ - 组成，且以字母或数字开头')
  .describe('Stable code, unique within the rubric (e.g. "T10.1").');
const text = z.string().trim().min(1, '不能为空');
const points = z.number().nonnegative().finite();
const departments = z.array(text).describe('Departments, e.g. "省质监局".');
const rule = z.json().describe('A JsonLogic rule.');

export const FIELD_TYPES = ['number', 'integer', 'boolean', 'enum', 'set'] as const;

const fieldSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '字段名只能由字母、数字和下划线组成，且不以数字开头')
      .describe('Name the rule reads with {"var": key}.'),
    label: text.describe('What the field means, in Chinese (e.g. "质量监督覆盖率").'),
    type: z.enum(FIELD_TYPES).describe('number, integer, boolean, enum (one of values) or set (several of values).'),
    unit: text.optional().describe('Unit of measure shown to users (e.g. "%", "个", "万元").'),
    min: z.number().finite().optional().describe('Smallest allowed value (number, integer).'),
    max: z.number().finite().optional().describe('Largest allowed value (number, integer).'),
    step: z.number().positive().finite().optional().describe('Values must be multiples of step (number).'),
    values: z.array(text).min(1).optional().describe('Allowed values (enum, set).'),
    required: z.boolean().optional().describe('Default true: without a value the item is scored 0 and flagged missing.'),
    default: z
      .union([z.number(), z.boolean(), z.string(), z.array(z.string())])
      .optional()
      .describe('Value used when none is given; makes the field optional.'),
    requiredWhen: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.array(z.union([z.number(), z.boolean(), z.string()])).min(1)]))
      .optional()
      .describe(
        'Asked only when every named field of the same item has the given value (or one of the listed values), e.g. {"frameworkBuilt": true, "adjusted": false}: then required, missing without a value; otherwise not asked, and a value given is refused.',
      ),
    filledBy: z
      .enum(['unit', 'examiner', 'target'])
      .describe(
        "Who provides the value: the assessed unit (市州), the examiner (考核组), or target filing (目标备案): the unit's target as the examiner approved it, carried in the evidence's `targets`, never in its values.",
      ),
    description: text.optional(),
  })
  .describe('An evidence field an item reads.');

const itemBase = {
  code,
  title: text.describe('考核要点 / item title.'),
  points: points.describe('Nominal points (分值): the maximum for a checkpoint, bonus or deduction item.'),
  method: text.describe('The scoring method in words (评分方法).'),
  materials: z.array(text).default([]).describe('Materials the unit must submit (需提交材料).'),
  lead: departments.default([]).describe('Lead departments (牵头).'),
  cooperate: departments.default([]).describe('Cooperating departments (配合).'),
  task: z.number().int().min(1).max(99).optional().describe('Number of the action-plan task this item implements.'),
  fields: z.array(fieldSchema).default([]),
  rule,
  note: text.optional(),
};

const checkpointSchema = z
  .strictObject({
    ...itemBase,
    cap: points.optional().describe('Most points the checkpoint can earn when that is above its nominal points.'),
    key: z.boolean().optional().describe('A key checkpoint (重点考核要点), for result rules.'),
    notApplicable: z
      .strictObject({
        score: z.union([z.literal('full'), points]).describe('"full" or the points a 不涉及 checkpoint scores.'),
        when: text.optional().describe('When the unit may declare 不涉及.'),
      })
      .optional()
      .describe('Present when the unit may declare the checkpoint not applicable (不涉及).'),
  })
  .describe('A scored checkpoint (考核要点).');

const indicatorSchema = z.strictObject({
  code,
  title: text,
  checkpoints: z.array(checkpointSchema).min(1),
});

const sectionSchema = z.strictObject({
  code,
  title: text.describe('一级指标.'),
  points: points.describe('Nominal points of the section: must equal the sum of its checkpoints.'),
  weight: z.number().positive().finite().optional().describe('Weight for aggregation "weighted".'),
  indicators: z.array(indicatorSchema).min(1),
});

const bonusItemSchema = z
  .strictObject({
    ...itemBase,
    group: code.optional().describe('The code of the bonus group (加分组) this item counts towards; every item names one when the rubric has groups.'),
  })
  .describe('A bonus item (加分项).');

const bonusGroupSchema = z
  .strictObject({
    code,
    title: text.describe('The group as a rubric names it, e.g. "创新加分".'),
    cap: points.describe('Most points the items of this group together can add.'),
  })
  .describe('A bonus group (加分组) with its own cap.');
const deductionItemSchema = z.strictObject({ ...itemBase }).describe('A deduction item (扣分项), applied after the sum.');

const vetoSchema = z
  .strictObject({
    code,
    title: text,
    method: text,
    basis: text.optional().describe('Where the veto comes from, e.g. 国办发〔2013〕47号.'),
    fields: z.array(fieldSchema).min(1),
    rule: rule.describe('Truthy when the veto applies.'),
    result: text.optional().describe('The result forced by the veto; default: result.veto.'),
  })
  .describe('A veto (一票否决): forces a result while the score stays as computed.');

const gradeSchema = z.strictObject({
  grade: text.describe('The result, e.g. "A" or "合格".'),
  min: z.number().finite().optional().describe('Lowest total (inclusive) for this grade; omitted on the last grade.'),
  label: text.optional().describe('Longer name, e.g. "优秀".'),
  text: text
    .optional()
    .describe(
      'The band in words, each boundary stated as the law reads it, e.g. "60 分及以上为合格", "60 分以下（不含 60 分）为不合格"; lint checks the numbers and words against min.',
    ),
  consequence: text.optional().describe('What follows from this result, e.g. 约谈.'),
});

const flagSchema = z.strictObject({
  code,
  kind: z.literal('bottom').describe('Flags the units ranked in the last `count` places.'),
  count: z.number().int().positive(),
  label: text,
  obligation: text.optional().describe('What a flagged unit must do.'),
});

const TIE_BREAK_KEY = /^(base|bonus|deductions|section:[A-Za-z0-9._-]+|item:[A-Za-z0-9._-]+)$/;

export const rubricSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kaohe: z.literal('rubric/v1').describe('Format version.'),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'id 只能由小写字母、数字和连字符组成')
      .describe('Rubric identifier, e.g. "gansu-2015".'),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, '版本号形如 1.0.0')
      .describe('Semantic version of this rubric text.'),
    year: z.number().int().min(2000).max(2100).describe('Assessment year.'),
    title: text,
    titleEn: text.optional(),
    issuer: text.optional().describe('Who publishes the rubric.'),
    basis: z.array(text).default([]).describe('Documents the rubric implements.'),
    changelog: z
      .array(
        z.strictObject({
          version: z
            .string()
            .regex(/^\d+\.\d+\.\d+$/, '版本号形如 1.0.0')
            .describe('The version the changes made.'),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, '日期形如 2015-03-01')
            .optional(),
          changes: z.array(text).min(1).describe('What changed and why, one entry per change, in the words a unit reads.'),
        }),
      )
      .optional()
      .describe('What each version changed from the one before, newest first (修订说明).'),
    scope: text.optional().describe('Who is assessed, e.g. "各市州人民政府".'),
    total: points.describe('Nominal total of the base score (e.g. 100).'),
    precision: z.number().int().min(0).max(6).describe('Decimal places of every published number.'),
    rounding: z.enum(ROUNDING_MODES).describe('half-up (四舍五入), half-even (GB/T 8170) or down (去尾); applied once per item score.'),
    aggregation: z.enum(['sum', 'weighted']).default('sum').describe('sum, or Σ section score × section weight.'),
    sections: z.array(sectionSchema).min(1),
    bonus: z
      .strictObject({
        title: text.default('加分项'),
        cap: points.optional().describe('Most bonus points a unit can receive in total; required without groups, optional over several groups.'),
        groups: z.array(bonusGroupSchema).min(1).optional().describe('Several bonus groups, each with its own cap; the items name their group.'),
        items: z.array(bonusItemSchema).min(1),
      })
      .optional(),
    deductions: z
      .strictObject({
        title: text.default('扣分项'),
        cap: points.optional().describe('Most points all deductions together can take.'),
        items: z.array(deductionItemSchema).min(1),
      })
      .optional(),
    vetoes: z.array(vetoSchema).default([]),
    result: z.strictObject({
      grades: z.array(gradeSchema).min(1).describe('Best first; every grade but the last has `min`.'),
      veto: text.optional().describe('Result forced by a veto; default: the last grade.'),
      rule: rule.optional().describe('JsonLogic over totals that returns a grade; replaces the bands.'),
    }),
    ranking: z
      .strictObject({
        tieBreak: z
          .array(z.string().regex(TIE_BREAK_KEY, '并列比较键形如 base、bonus、deductions、section:<编码>、item:<编码>'))
          .default([])
          .describe('Keys compared, higher first, when totals are equal; still equal means a shared rank.'),
        tiedOrder: z.literal('unit-code').default('unit-code').describe('How units sharing a rank are listed.'),
        vetoed: z.enum(['in-place', 'last']).default('in-place').describe('Whether vetoed units are ranked by score or after all others.'),
      })
      .default({ tieBreak: [], tiedOrder: 'unit-code', vetoed: 'in-place' }),
    flags: z.array(flagSchema).default([]),
    uncertainty: rubricUncertaintySchema.optional(),
  })
  .describe('A Kaohe rubric (考核细则及评分标准).');

export type RubricDocument = z.output<typeof rubricSchema>;
export type CheckpointDocument = z.output<typeof checkpointSchema>;
export type ItemDocument = z.output<typeof bonusItemSchema>;
export type BonusGroupDocument = z.output<typeof bonusGroupSchema>;
export type FieldDocument = z.output<typeof fieldSchema>;
export type FieldType = (typeof FIELD_TYPES)[number];
