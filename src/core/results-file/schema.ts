/**
 * results.json v1 as a zod schema: what `kaohe report` and auditors check before they
 * read a results file someone handed them, so a damaged or foreign file is refused with
 * the field and the reason instead of producing a wrong report.
 */
import { z } from 'zod';
import { ROUNDING_MODES } from '../exact/index.js';
import { STATISTICS } from '../logic/derived.js';
import type { ResultsV1 } from './types.js';

const hash = z.string().regex(/^sha256:[0-9a-f]{64}$/, '应为 sha256:<64 位十六进制> 形式的内容哈希') as z.ZodType<`sha256:${string}`>;
const code = z.string().min(1);
/** Trace values are JSON numbers, exact text ("2/3"), strings, booleans, arrays or objects: any JSON. */
const value = z.unknown();

const traceEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('read'),
    field: z.string(),
    value,
    source: z.enum(['evidence', 'default', 'absent', 'target']),
    filed: z.object({ filedAt: z.string(), approvedAt: z.string(), approvedBy: z.string() }).optional(),
  }),
  z.object({ kind: z.literal('population'), field: z.string(), statistic: z.enum(STATISTICS), value, units: z.array(code), excluded: z.array(code) }),
  z.object({ kind: z.literal('previous'), field: z.string(), value, source: z.enum(['evidence', 'absent']) }),
  z.object({ kind: z.literal('missing'), fields: z.array(z.string()) }),
  z.object({ kind: z.literal('not_applicable'), score: value }),
  z.object({ kind: z.literal('eval'), path: z.string(), op: z.string(), value }),
  z.object({ kind: z.literal('raw'), value }),
  z.object({ kind: z.literal('clamp'), from: value, to: value, bound: z.enum(['floor', 'cap']) }),
  z.object({ kind: z.literal('round'), from: value, to: value, places: z.int().nonnegative(), mode: z.enum(ROUNDING_MODES) }),
  z.object({ kind: z.literal('adjust'), from: value, to: value, justification: z.string(), by: z.string().optional() }),
  z.object({ kind: z.literal('score'), value }),
]);

const item = z.object({
  code,
  kind: z.enum(['checkpoint', 'bonus', 'deduction']),
  title: z.string(),
  section: z.string().optional(),
  group: z.string().optional(),
  indicator: z.string().optional(),
  task: z.int().optional(),
  key: z.boolean().optional(),
  max: z.number(),
  cap: z.number().optional(),
  score: z.number(),
  computed: z.number().optional(),
  selfScore: z.number().optional(),
  status: z.enum(['scored', 'missing', 'not_applicable']),
  missing: z.boolean(),
  missingFields: z.array(z.string()).optional(),
  adjustment: z.object({ score: z.number(), justification: z.string(), by: z.string().optional() }).optional(),
  note: z.string().optional(),
  finding: z.string().optional(),
  trace: z.array(traceEvent),
});

const veto = z.object({ code, title: z.string(), result: z.string(), triggered: z.boolean(), missing: z.boolean(), trace: z.array(traceEvent) });

const unit = z.object({
  rank: z.int().positive(),
  code,
  name: z.string(),
  total: z.number(),
  grade: z.string(),
  scoreGrade: z.string(),
  vetoed: z.boolean(),
  tiedWith: z.array(code),
  flags: z.array(z.object({ code, label: z.string(), obligation: z.string().optional() })),
  base: z.number(),
  bonusClaimed: z.number(),
  bonus: z.number(),
  bonusGroups: z.array(z.object({ code, title: z.string(), cap: z.number(), claimed: z.number(), bonus: z.number() })).optional(),
  deductionsClaimed: z.number(),
  deductions: z.number(),
  selfTotal: z.number().optional(),
  sections: z.array(z.object({ code, title: z.string(), max: z.number(), score: z.number(), weight: z.number().optional() })),
  missingItems: z.array(code),
  evidenceHash: hash,
  previousEvidenceHash: hash.optional(),
  items: z.array(item),
  vetoes: z.array(veto),
});

export const resultsSchema = z
  .object({
    kaohe: z.literal('results/v1', { error: '不是 Kaohe 结果文件（kaohe 字段应为 "results/v1"）' }),
    engine: z.object({ name: z.literal('kaohe'), version: z.string() }),
    rubric: z.object({
      id: z.string().min(1),
      version: z.string(),
      year: z.int(),
      title: z.string(),
      hash,
      total: z.number(),
      precision: z.int().min(0).max(6),
      rounding: z.string(),
    }),
    year: z.int(),
    asOf: z.string().optional(),
    evidenceHash: hash,
    previousEvidenceHash: hash.optional(),
    summary: z.object({
      units: z.int().nonnegative(),
      grades: z.array(z.object({ grade: z.string(), count: z.int().nonnegative(), units: z.array(code) })),
      vetoed: z.array(code),
      ties: z.array(z.array(code)),
      flags: z.array(z.object({ code, label: z.string(), units: z.array(code) })),
    }),
    units: z.array(unit),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.units.forEach((u, i) => {
      if (seen.has(u.code)) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `单位代码 ${u.code} 重复` });
      seen.add(u.code);
    });
    if (r.summary.units !== r.units.length) {
      ctx.addIssue({ code: 'custom', path: ['summary', 'units'], message: `汇总为 ${r.summary.units} 个单位，但 units 中有 ${r.units.length} 个` });
    }
  });

// Keeps the schema and the type that buildResults produces from drifting apart.
export const resultsSchemaMatchesType: z.ZodType<ResultsV1> = resultsSchema;
