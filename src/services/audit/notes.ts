/**
 * Auditor notes (第三方评估意见): a third-party evaluator's finding on a unit, or on one
 * of its checkpoints, optionally about one run: agree or disagree, and why.
 *
 * Notes are recorded and shown (the unit's scorecard, the audit bundle), never scored:
 * runs read submissions and reviews only, so a note cannot change a number. Only
 * auditors write them (DESIGN.md: an evaluator writes nothing but its own notes), each
 * logged in the audit chain as `note:<id>` so that `kaohe audit verify` notices a note
 * changed or removed behind the service's back. A note is never edited or deleted: a
 * second thought is another note.
 *
 * Who reads them: examiners, auditors and admins every note of a cycle; a city only the
 * notes on its own unit, less those about a run it may not see yet (a draft).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { type Actor, requireReadUnit } from '../access/actor.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { journaledWrite } from './journal.js';
import { STALE } from '../ports.js';
import { type CycleKey, inCycle, type NoteRecord, roleWords, subjects } from '../../records/index.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { boundedText } from '../text.js';

/** Long enough for a paragraph of findings; a report belongs in the materials, not in a note. */
const MAX_REASON_LENGTH = 2000;

const VERDICT_NAMES: Readonly<Record<NoteRecord['verdict'], string>> = { agree: '同意', disagree: '不同意' };

/** What an auditor sends; the unit comes from the path, who and when from the service. */
export const NoteInputSchema = z.strictObject({
  itemCode: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '考核要点编码只能由字母、数字和 . _ - 组成，且以字母或数字开头')
    .optional()
    .describe('所评的考核要点（或一票否决事项）编码；不给出时为对该单位的整体意见'),
  runId: z
    .string()
    .regex(/^\d{4}-[1-9]\d{0,5}$/, '评分编号形如 2015-1')
    .optional()
    .describe('所评的评分编号；不给出时为对本年度考核的意见'),
  verdict: z.enum(['agree', 'disagree'], { error: 'verdict 只能是 agree（同意）或 disagree（不同意）' }).describe('agree（同意）或 disagree（不同意）'),
  reason: boundedText(MAX_REASON_LENGTH, { trim: true, required: '须给出理由（reason）', tooLong: `理由（reason）不能超过 ${MAX_REASON_LENGTH} 个字符` })
    .min(1, '理由（reason）不能为空')
    .describe(`理由（去掉首尾空白后非空，至多 ${MAX_REASON_LENGTH} 个字符）`),
});

export type NoteInput = z.output<typeof NoteInputSchema>;

/** Writing a note: auditors only, so that a note is always a third party's. */
function requireAuditor(actor: Actor): void {
  if (actor.role !== 'auditor') throw forbidden(`只有第三方评价机构可以填写评估意见（当前身份：${roleWords(actor)}）`);
}

export function noteService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);

  /** Each named thing must exist in this cycle: the unit (404), the checkpoint and the run (400, naming the field). */
  async function checked(key: CycleKey, unitCode: string, input: NoteInput): Promise<void> {
    const { rubric } = await rubrics.forCycle(tree, key);
    if (!(await stores.units.get(unitCode))) throw notFound(`单位 ${unitCode}`);
    if (input.itemCode !== undefined && !rubric.items.has(input.itemCode) && !rubric.vetoes.some((v) => v.code === input.itemCode)) {
      throw invalid('评估意见所指的考核要点不存在', [
        {
          code: 'evidence_unknown_item',
          path: '$.body.itemCode',
          message: `${cycleName(tree, key)}考核细则（${rubric.id} ${rubric.version}）中没有考核要点 ${input.itemCode}`,
        },
      ]);
    }
    if (input.runId !== undefined) {
      const run = await stores.runs.summary(input.runId);
      if (!run || !inCycle(run, key)) {
        throw invalid('评估意见所指的评分不存在', [
          { code: 'evidence_mismatch', path: '$.body.runId', message: `${cycleName(tree, key)}没有评分 ${input.runId}` },
        ]);
      }
    }
  }

  return {
    async add(actor: Actor, key: CycleKey, unitCode: string, body: unknown): Promise<NoteRecord> {
      requireAuditor(actor);
      const parsed = parseWith(NoteInputSchema, body, '$.body');
      if (!parsed.ok) throw invalid('评估意见有误', parsed.problems);
      const input = parsed.value;
      await checked(key, unitCode, input);
      const note: NoteRecord = {
        id: randomUUID(),
        ...key,
        unitCode,
        ...(input.itemCode !== undefined ? { itemCode: input.itemCode } : {}),
        ...(input.runId !== undefined ? { runId: input.runId } : {}),
        verdict: input.verdict,
        reason: input.reason,
        by: actor.username,
        at: clock.now().toISOString(),
      };
      const stored = await journaledWrite(stores, clock, actor, {
        change: {
          action: 'note.add',
          subject: subjects.note(note.id),
          year: key.year,
          unitCode,
          before: null,
          after: note,
          detail: `${VERDICT_NAMES[note.verdict]}：${note.itemCode ?? '整体'}${note.runId !== undefined ? `（评分 ${note.runId}）` : ''}`,
        },
        write: () => stores.notes.add(note),
      });
      if (stored === null || stored === STALE) throw new Error(`note ${note.id}: not stored`);
      return stored;
    },

    async list(actor: Actor, key: CycleKey, unitCode?: string): Promise<NoteRecord[]> {
      await requireCycle(stores, tree, key);
      if (unitCode !== undefined) requireReadUnit(actor, unitCode);
      if (actor.role !== 'city') return stores.notes.list(key, unitCode);
      const own = await stores.notes.list(key, actor.unitCode ?? '');
      // A city does not see a draft run (runs.ts), so neither the notes about one.
      const final = new Set((await stores.runs.summaries(key)).filter((r) => r.status === 'final').map((r) => r.runId));
      return own.filter((n) => n.runId === undefined || final.has(n.runId));
    },
  };
}
