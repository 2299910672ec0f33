/** The what-if endpoints' query and answers (issue 13 §3): described once, for validation and /api/openapi.json. */
import { z } from 'zod';

const GOAL_WORDS = 'goal 应为 grade（下一等次）、flag（离开后三位）或 places:<名次数>（前进若干名，1–999，例如 places:3）';

export const WhatIfQuery = z.strictObject({
  goal: z
    .string()
    .regex(/^(grade|flag|places:[1-9]\d{0,2})$/, GOAL_WORDS)
    .describe('目标：grade 达到下一个更好的等次（默认）；flag 离开后三位等标记；places:<n> 前进 n 名（并列计为同一名次）')
    .optional(),
});

const Value = z.union([z.number(), z.boolean(), z.string()]);
const FlagV1 = z.object({ code: z.string(), label: z.string() });

const StandingV1 = z.object({
  total: z.number(),
  rank: z.number(),
  grade: z.string(),
  flags: z.array(FlagV1),
});

export const UnitWhatIfV1 = z
  .object({
    runId: z.string(),
    unit: z.object({ code: z.string(), name: z.string() }),
    goal: z.string(),
    target: z.string().optional().describe('goal 为 grade 时要达到的等次；已是最好的等次时没有'),
    flag: FlagV1.optional().describe('goal 为 flag 时要离开的标记'),
    units: z.number().describe('本次评分的单位总数'),
    reached: z.boolean().describe('只改变本单位自己填报的数据能否达到目标（已达到时为 true 且 changes 为空）'),
    before: StandingV1,
    after: StandingV1.optional(),
    changes: z.array(
      z.object({
        item: z.string(),
        itemTitle: z.string(),
        field: z.string(),
        label: z.string(),
        unit: z.string().optional(),
        from: Value.nullable().describe('评分所用的值；未填为 null'),
        to: Value,
        points: z.number().describe('该考核要点得分的变化'),
      }),
    ),
  })
  .describe('推演结果：只含本单位的改变与本单位的总分、名次、等次，不保存为证据');

export const WhatIfInputsV1 = z
  .object({
    runId: z.string(),
    rubricHash: z.string(),
    evidence: z.looseObject({ kaohe: z.literal('evidence/v1') }).describe('本单位在本次评分中所用的证据文档'),
    previous: z
      .looseObject({ kaohe: z.literal('evidence/v1') })
      .optional()
      .describe('评分读取上年数据时：本单位的上年证据'),
    others: z
      .array(z.object({ total: z.number(), vetoed: z.boolean(), tieBreak: z.array(z.number()) }))
      .describe('其他单位的总分、是否一票否决和并列时的比较值，按名次排列，不含单位代码和名称'),
    published: StandingV1.extend({ vetoed: z.boolean() }),
  })
  .describe('模拟测算在页面中评分所需的数据');
