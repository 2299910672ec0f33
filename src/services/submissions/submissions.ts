/**
 * Submissions: each unit's evidence, self-scores and notes for a cycle. A city saves
 * its own unit's draft as often as it likes (every value checked against the rubric),
 * submits it before the deadline, and cannot change it afterwards unless an examiner
 * reopens it with a reason. Every write names the version it read.
 */
import type { Rubric } from '../../core/index.js';
import { type Actor, requireExaminer, requireReadUnit, requireWriteUnit } from '../access/actor.js';
import { ServiceError, conflict, invalid, notFound, stale } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { materialService } from './materials.js';
import { STALE } from '../ports.js';
import {
  type CycleKey,
  cycleIdOf,
  type CycleRecord,
  itemsOf,
  type MaterialRecord,
  type ProgressLineRecord,
  subjects,
  type SubmissionRecord,
  type UnitItem,
  type UnitRecord,
} from '../../records/index.js';
import { journaledWrite } from '../audit/journal.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { recordLock } from '../record-lock.js';
import { type DraftItems, evidenceProblems, examinerDataProblems, missingItems } from './submission-checks.js';
import { itemsWithMaterials, itemsWithoutMaterials } from './submission-evidence.js';
import { cycleUnitRecords, requireAssessed } from '../cycles/cycle-unit-records.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { cycleProgressLines, writeWithLine } from './progress-lines.js';

export interface SubmissionView {
  readonly year: number;
  /** The cycle's id: "2015", or "2015-620100" in another body's cycle. */
  readonly cycleId: string;
  readonly unit: UnitRecord;
  readonly rubricHash: string;
  /** null while the unit has saved nothing: it reads as an empty draft, version 0. */
  readonly record: SubmissionRecord | null;
  /** The items as the unit edits them (material references are listed in `materials`). */
  readonly items: Readonly<Record<string, UnitItem>>;
  readonly materials: readonly MaterialRecord[];
  /** Checkpoints the unit has yet to answer. */
  readonly missing: readonly string[];
}

export interface Draft {
  readonly items: DraftItems;
  readonly selfTotal?: number;
}

export interface CycleUnit {
  readonly key: CycleKey;
  readonly cycle: CycleRecord;
  readonly unit: UnitRecord;
  readonly rubric: Rubric;
}

const versionRequired = (what: string) => new ServiceError('version_required', `${what}前请提供所读取的版本号（If-Match 头或请求体中的 version）`);
const frozen = (name: string, unit: string) => conflict(`${unit} 的 ${name}材料已提交，已冻结；如需修改，请联系考核组退回`);

/** Whether a unit may still submit: before the deadline, or once more after a reopening the examiner made after it. */
function submissionOpen(cycle: CycleRecord, record: SubmissionRecord, now: Date): boolean {
  const deadline = Date.parse(cycle.deadline);
  if (now.getTime() <= deadline) return true;
  const last = record.reopenings[record.reopenings.length - 1];
  return last !== undefined && Date.parse(last.at) > deadline;
}

export function submissionService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);
  const withRecordLock = recordLock(stores);
  const locked = <T>(key: CycleKey, unitCode: string, run: () => Promise<T>) => withRecordLock(subjects.submission(key, unitCode), run);

  /** The cycle, the unit and the cycle's rubric, or 404 for whichever is not there. */
  async function cycleUnit(key: CycleKey, unitCode: string): Promise<CycleUnit> {
    const cycle = await requireCycle(stores, tree, key);
    const unit = await stores.units.get(unitCode);
    if (!unit) throw notFound(`单位 ${unitCode} `);
    await requireAssessed(stores, deps.unitTree.tree, cycle, unitCode);
    return { key, cycle, unit, rubric: (await rubrics.published(cycle.rubricHash)).rubric };
  }

  async function view(ctx: CycleUnit, record: SubmissionRecord | null): Promise<SubmissionView> {
    const items = itemsWithoutMaterials(itemsOf<UnitItem>(record));
    return {
      year: ctx.cycle.year,
      cycleId: cycleIdOf(ctx.key),
      unit: ctx.unit,
      rubricHash: ctx.cycle.rubricHash,
      record,
      items,
      materials: await stores.materials.list(ctx.key, ctx.unit.code),
      missing: missingItems(ctx.rubric, items),
    };
  }

  async function saveDraft(actor: Actor, key: CycleKey, unitCode: string, draft: Draft, version: number | undefined): Promise<SubmissionView> {
    const ctx = await cycleUnit(key, unitCode);
    const before = await stores.submissions.get(key, unitCode);
    if (before?.state === 'submitted') throw frozen(cycleName(tree, key), unitCode);
    if (before !== null && version === undefined) throw versionRequired('保存');
    if ((before?.version ?? 0) !== (version ?? 0)) throw stale('填报材料');

    const refused = examinerDataProblems(ctx.rubric, draft.items, '$.body.items');
    if (refused.length > 0) throw new ServiceError('forbidden', `以下内容由考核组填写，市州不能提交：${refused.map((p) => p.path).join('、')}`, refused);
    const problems = evidenceProblems(ctx.rubric, ctx.unit, draft.items, '$.body.items');
    if (problems.length > 0) throw invalid(`填报内容不符合考核细则（${problems.length} 个问题）`, problems);

    const at = clock.now().toISOString();
    const next = {
      ...key,
      unitCode,
      state: 'draft' as const,
      items: JSON.stringify(draft.items),
      ...(draft.selfTotal === undefined ? {} : { selfTotal: draft.selfTotal }),
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      updatedBy: actor.username,
      reopenings: before?.reopenings ?? [],
    };
    const after = await journaledWrite(stores, clock, actor, {
      change: {
        action: 'submission.save',
        subject: subjects.submission(key, unitCode),
        year: key.year,
        unitCode,
        before,
        after: { ...next, version: (before?.version ?? 0) + 1 },
      },
      write: writeWithLine(stores, ctx.rubric, () => (before === null ? stores.submissions.insert(next) : stores.submissions.replace(next, before.version))),
    });
    if (after === null || after === STALE) throw stale('填报材料');
    return view(ctx, after);
  }

  async function submitDraft(actor: Actor, key: CycleKey, unitCode: string, version: number | undefined): Promise<SubmissionView> {
    const ctx = await cycleUnit(key, unitCode);
    if (version === undefined) throw versionRequired('提交');
    const before = await stores.submissions.get(key, unitCode);
    if (before === null) throw conflict('尚未保存任何填报内容，请先保存草稿再提交');
    if (before.state === 'submitted') throw conflict(`${unitCode} 的 ${cycleName(tree, key)}材料已于 ${before.submittedAt ?? ''} 提交`);
    if (before.version !== version) throw stale('填报材料');
    const now = clock.now();
    if (!submissionOpen(ctx.cycle, before, now)) {
      throw new ServiceError('deadline_passed', `${cycleName(tree, key)}考核的提交截止时间（${ctx.cycle.deadline}）已过，不能再提交`);
    }
    // The whole evidence once more, as the engine will read it (saves checked each part already).
    const items = itemsWithMaterials(itemsOf<UnitItem>(before), await stores.materials.list(key, unitCode));
    const problems = evidenceProblems(ctx.rubric, ctx.unit, items, '$.items');
    if (problems.length > 0) throw invalid(`填报内容不符合考核细则（${problems.length} 个问题），不能提交`, problems);

    const at = now.toISOString();
    const { version: _version, ...rest } = before;
    const next = {
      ...rest,
      state: 'submitted' as const,
      items: JSON.stringify(items),
      updatedAt: at,
      updatedBy: actor.username,
      submittedAt: at,
      submittedBy: actor.username,
    };
    const after = await journaledWrite(stores, clock, actor, {
      change: {
        action: 'submission.submit',
        subject: subjects.submission(key, unitCode),
        year: key.year,
        unitCode,
        before,
        after: { ...next, version: before.version + 1 },
      },
      write: writeWithLine(stores, ctx.rubric, () => stores.submissions.replace(next, before.version)),
    });
    if (after === null || after === STALE) throw stale('填报材料');
    return view(ctx, after);
  }

  async function reopenSubmission(actor: Actor, key: CycleKey, unitCode: string, reason: string, version: number | undefined): Promise<SubmissionView> {
    const ctx = await cycleUnit(key, unitCode);
    const before = await stores.submissions.get(key, unitCode);
    if (before === null || before.state !== 'submitted') throw conflict(`${unitCode} 的 ${cycleName(tree, key)}材料尚未提交，无需退回`);
    // Reopening loses nothing, so the version is optional; when given, it must be current.
    if (version !== undefined && version !== before.version) throw stale('填报材料');
    const at = clock.now().toISOString();
    const { version: _version, submittedAt: _at, submittedBy: _by, ...rest } = before;
    const next = {
      ...rest,
      state: 'draft' as const,
      updatedAt: at,
      updatedBy: actor.username,
      reopenings: [...before.reopenings, { at, by: actor.username, reason }],
    };
    const after = await journaledWrite(stores, clock, actor, {
      change: {
        action: 'submission.reopen',
        subject: subjects.submission(key, unitCode),
        year: key.year,
        unitCode,
        before,
        after: { ...next, version: before.version + 1 },
        detail: reason,
      },
      write: writeWithLine(stores, ctx.rubric, () => stores.submissions.replace(next, before.version)),
    });
    if (after === null || after === STALE) throw stale('填报材料');
    return view(ctx, after);
  }

  return {
    cycleUnit,
    materials: materialService(deps, cycleUnit, locked),

    /**
     * One line per unit the actor may see: a city its own, everyone else every unit (version 0 where nothing was saved),
     * with its missing checkpoints, so that a progress board needs one request rather than one per unit.
     */
    async list(actor: Actor, key: CycleKey) {
      const cycle = await requireCycle(stores, tree, key);
      const own = actor.role === 'city' ? actor.unitCode : undefined;
      const units = (await cycleUnitRecords(stores, deps.unitTree.tree, cycle)).filter((u) => own === undefined || u.code === own);
      const saved = new Map((await stores.submissions.list(key, own)).map((s) => [s.unitCode, s]));
      const { rubric } = await rubrics.published(cycle.rubricHash);
      return units.map((unit) => {
        const record = saved.get(unit.code) ?? null;
        return { unit, record, missing: missingItems(rubric, itemsWithoutMaterials(itemsOf<UnitItem>(record))) };
      });
    },

    /**
     * The progress board's line of each unit the actor may see (a city its own), as `list` but from the lines alone
     * (progress-lines.ts); null for a unit that never saved, which misses `unsavedMissing` checkpoints.
     */
    async progress(actor: Actor, key: CycleKey): Promise<{ lines: { unit: UnitRecord; line: ProgressLineRecord | null }[]; unsavedMissing: number }> {
      const cycle = await requireCycle(stores, tree, key);
      const own = actor.role === 'city' ? actor.unitCode : undefined;
      const units = (await cycleUnitRecords(stores, deps.unitTree.tree, cycle)).filter((u) => own === undefined || u.code === own);
      const { rubric } = await rubrics.published(cycle.rubricHash);
      const lines = await cycleProgressLines(stores, key, rubric);
      return { lines: units.map((unit) => ({ unit, line: lines.get(unit.code) ?? null })), unsavedMissing: missingItems(rubric, {}).length };
    },

    async get(actor: Actor, key: CycleKey, unitCode: string): Promise<SubmissionView> {
      requireReadUnit(actor, unitCode);
      const ctx = await cycleUnit(key, unitCode);
      return view(ctx, await stores.submissions.get(key, unitCode));
    },

    async save(actor: Actor, key: CycleKey, unitCode: string, draft: Draft, version: number | undefined): Promise<SubmissionView> {
      requireWriteUnit(actor, unitCode);
      return locked(key, unitCode, () => saveDraft(actor, key, unitCode, draft, version));
    },

    async submit(actor: Actor, key: CycleKey, unitCode: string, version: number | undefined): Promise<SubmissionView> {
      requireWriteUnit(actor, unitCode);
      return locked(key, unitCode, () => submitDraft(actor, key, unitCode, version));
    },

    async reopen(actor: Actor, key: CycleKey, unitCode: string, reason: string, version: number | undefined): Promise<SubmissionView> {
      requireExaminer(actor);
      if (!/\S/.test(reason)) throw invalid('退回必须说明理由', [{ code: 'schema_invalid', path: '$.body.reason', message: '退回理由不能为空' }]);
      return locked(key, unitCode, () => reopenSubmission(actor, key, unitCode, reason, version));
    },
  };
}
