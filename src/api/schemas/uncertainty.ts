/**
 * The uncertainty analysis of a run as the API takes and gives it: the spec is
 * uncertainty-spec/v1 itself (analysis/uncertainty/spec.ts), so a bad one is refused
 * naming its path under $.body; an analysis is its status, with what the page shows once
 * it is done (services/analysis/uncertainty-view.ts).
 */
import { z } from 'zod';

const Share = { probability: z.number().describe('概率，四舍五入到 4 位小数'), percent: z.string().describe('百分数，与命令行相同：如 91.1%') };

const UncertaintyViewV1 = z
  .object({
    title: z.string().describe('考核名称（图表标题用）'),
    method: z.enum(['exact', 'sample']),
    scenarios: z.number(),
    seed: z.number(),
    variations: z.number().describe('可变的证据值个数'),
    varied: z.string().describe('可变的来源，如“28 个证据值、5 项权重或分值可变”'),
    how: z.string().describe('如何得到这些情形，如“按种子 1 抽样 1,000 次”'),
    units: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          published: z.object({ rank: z.number(), grade: z.string(), flags: z.array(z.string()) }),
          medianRank: z.number(),
          rankInterval: z.tuple([z.number(), z.number()]).describe('5%–95% 名次区间'),
          variations: z.number(),
          grades: z.array(z.object({ grade: z.string(), ...Share })),
          flags: z.array(z.object({ code: z.string(), ...Share })),
        }),
      )
      .describe('各单位，按公布名次排列'),
    flagSets: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        published: z.array(z.string()),
        change: z.object(Share).describe('该标记（如后三位）名单与公布结果不同的概率'),
        sets: z.array(z.object({ units: z.array(z.string()), ...Share })),
      }),
    ),
    drivers: z.array(
      z.object({
        code: z.string(),
        drivers: z.array(z.object({ unit: z.string(), item: z.string(), field: z.string(), label: z.string(), index: z.number() })),
      }),
    ),
    missing: z
      .array(
        z.looseObject({
          code: z.string(),
          name: z.string(),
          missingItems: z.array(z.string()),
        }),
      )
      .optional(),
  })
  .describe('分析结果（不含每个名次的概率：见 uncertainty.json）');

export const AnalysisStatusV1 = z.object({
  id: z.string(),
  runId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  spec: z.looseObject({}).describe('所用的设定（uncertainty-spec/v1，已补全默认值）'),
  units: z.number(),
  method: z.enum(['exact', 'sample']),
  scenarios: z.number().describe('要评分的情形数：枚举的组合数或抽样次数'),
  requestedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  seconds: z.number().describe('已用时（进行中）或用时，秒'),
  message: z.string().optional().describe('失败的原因'),
  workbook: z.boolean().describe('是否提供 Excel 表'),
  result: UncertaintyViewV1.optional(),
});
