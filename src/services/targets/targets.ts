/**
 * Target filing (目标备案): a city files its own unit's targets for the fields the
 * rubric declares `"filledBy": "target"` (each value checked against its field), until
 * the cycle's targetDeadline (or, without one, its deadline); the examiner approves
 * each, or returns it with a reason, one at a time or every filed one at once, at any
 * time. An approved target is frozen: filing it again with another value is refused by
 * name; a returned one may be filed again. Every write names the version it read and
 * is journaled, so the audit chain covers it (as reviews.ts does).
 */
import type { Rubric } from '../../core/index.js';
import { type Actor, requireExaminer, requireOverseer, requireReadUnit, requireWriteUnit } from '../access/actor.js';
import { ServiceError, conflict, invalid, notFound, stale } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { STALE } from '../ports.js';
import {
  type CycleKey,
  cycleIdOf,
  type CycleRecord,
  type FiledTarget,
  type FiledTargets,
  type TargetFilingRecord,
  type TargetValue,
  type UnitRecord,
  filedTargetsOf,
  subjects,
} from '../../records/index.js';
import { journaledWrite } from '../audit/journal.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { recordLock } from '../record-lock.js';
import { type TargetField, targetField, targetFields, targetValueProblems } from './target-fields.js';
import { cycleUnitRecords, requireAssessed } from '../cycles/cycle-unit-records.js';
import { cycleName, keyOfCycle, requireCycle } from '../cycles/cycle-lookup.js';
import { canonicalJson } from '../../core/index.js';

/** What a city files: item code → field key → value. */
export type TargetInput = Readonly<Record<string, Readonly<Record<string, TargetValue>>>>;

/** The examiner's decision on filed targets: all of them, or the one named. */
export type TargetDecision = { readonly approve: true } | { readonly approve: false; readonly reason: string };

export interface TargetFilingView {
  readonly year: number;
  /** The cycle's id: "2015", or "2015-620100" in another body's cycle. */
  readonly cycleId: string;
  readonly unit: UnitRecord;
  /** 0 while the unit has filed nothing. */
  readonly version: number;
  readonly targets: FiledTargets;
  /** Target fields of the rubric the unit has not filed yet. */
  readonly unfiled: readonly { readonly item: string; readonly field: string; readonly label: string }[];
  /** When units may file until (the cycle's targetDeadline, else its deadline). */
  readonly filingDeadline: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The stored targets (none when there is no filing). */
export const targetsOf = (record: TargetFilingRecord | null): FiledTargets => filedTargetsOf(record);

/** Until when units may file: the cycle's targetDeadline, else the evidence deadline. */
export const filingDeadline = (cycle: CycleRecord): string => cycle.targetDeadline ?? cycle.deadline;

const sameValue = (a: TargetValue, b: TargetValue) => canonicalJson(a) === canonicalJson(b);

const versionRequired = () => new ServiceError('version_required', '目标备案已存在：请在 If-Match 头或请求体的 version 中给出读取时的版本');

export function targetService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);
  // Writers of one filing queue here, so they do not race for the same version within a process; the journal keeps the audit order across processes (record-lock.ts).
  const withRecordLock = recordLock(stores);

  async function context(key: CycleKey, unitCode?: string): Promise<{ cycle: CycleRecord; rubric: Rubric; unit?: UnitRecord }> {
    const cycle = await requireCycle(stores, tree, key);
    const { rubric } = await rubrics.published(cycle.rubricHash);
    if (unitCode === undefined) return { cycle, rubric };
    const unit = await stores.units.get(unitCode);
    if (!unit) throw notFound(`单位 ${unitCode} `);
    await requireAssessed(stores, deps.unitTree.tree, cycle, unitCode);
    return { cycle, rubric, unit };
  }

  function view(cycle: CycleRecord, fields: readonly TargetField[], unit: UnitRecord, record: TargetFilingRecord | null): TargetFilingView {
    const targets = targetsOf(record);
    const unfiled = fields
      .filter((t) => !(hasOwn(targets, t.itemCode) && hasOwn(targets[t.itemCode] ?? {}, t.field.key)))
      .map((t) => ({ item: t.itemCode, field: t.field.key, label: t.field.label }));
    return {
      year: cycle.year,
      cycleId: cycleIdOf(keyOfCycle(tree, cycle)),
      unit,
      version: record?.version ?? 0,
      targets,
      unfiled,
      filingDeadline: filingDeadline(cycle),
      ...(record ? { createdAt: record.createdAt, updatedAt: record.updatedAt, updatedBy: record.updatedBy } : {}),
    };
  }

  /** Read, check the version, write, log: one writer of a filing at a time. */
  async function write(
    actor: Actor,
    key: CycleKey,
    unitCode: string,
    before: TargetFilingRecord | null,
    targets: FiledTargets,
    detail: string,
    action: 'targets.file' | 'targets.approve' | 'targets.return',
  ): Promise<TargetFilingRecord> {
    const at = clock.now().toISOString();
    const next = { ...key, unitCode, targets: JSON.stringify(targets), createdAt: before?.createdAt ?? at, updatedAt: at, updatedBy: actor.username };
    const version = before?.version ?? 0;
    const saved = await journaledWrite(stores, clock, actor, {
      change: { action, subject: subjects.targets(key, unitCode), year: key.year, unitCode, before, after: { ...next, version: version + 1 }, detail },
      write: () => stores.targets.save(next, version),
    });
    if (saved === null || saved === STALE) throw stale('目标备案');
    return saved;
  }

  async function current(key: CycleKey, unitCode: string, version: number | undefined): Promise<TargetFilingRecord | null> {
    const before = await stores.targets.get(key, unitCode);
    if (before && version === undefined) throw versionRequired();
    if ((before?.version ?? 0) !== (version ?? 0)) throw stale('目标备案');
    return before;
  }

  return {
    /** Every unit of the cycle with its filing (the examiners' board). */
    async list(actor: Actor, key: CycleKey): Promise<TargetFilingView[]> {
      requireOverseer(actor);
      const { cycle, rubric } = await context(key);
      const fields = targetFields(rubric);
      const [units, filings] = await Promise.all([cycleUnitRecords(stores, deps.unitTree.tree, cycle), stores.targets.list(key)]);
      const byUnit = new Map(filings.map((f) => [f.unitCode, f]));
      return units.map((u) => view(cycle, fields, u, byUnit.get(u.code) ?? null));
    },

    async get(actor: Actor, key: CycleKey, unitCode: string): Promise<TargetFilingView> {
      requireReadUnit(actor, unitCode);
      const { cycle, rubric, unit } = await context(key, unitCode);
      return view(cycle, targetFields(rubric), unit as UnitRecord, await stores.targets.get(key, unitCode));
    },

    /** The city files (or files again) the targets it sends; the others stay as they are. */
    async file(actor: Actor, key: CycleKey, unitCode: string, input: TargetInput, version: number | undefined): Promise<TargetFilingView> {
      requireWriteUnit(actor, unitCode);
      const { cycle, rubric, unit } = await context(key, unitCode);
      const now = clock.now();
      const closes = filingDeadline(cycle);
      if (now.getTime() > Date.parse(closes)) {
        throw new ServiceError('deadline_passed', `${cycleName(tree, key)}目标备案已于 ${closes} 截止，不能再备案或修改目标；如有需要，请联系考核组`);
      }
      const problems = targetValueProblems(rubric, input, '$.body.targets');
      if (problems.length > 0) throw invalid(`备案目标不符合考核细则（${problems.length} 个问题）`, problems);
      return withRecordLock(subjects.targets(key, unitCode), async () => {
        const before = await current(key, unitCode, version);
        const stored = targetsOf(before);
        const next: Record<string, Record<string, FiledTarget>> = Object.fromEntries(Object.entries(stored).map(([c, f]) => [c, { ...f }]));
        const frozen: string[] = [];
        let filed = 0;
        for (const [code, values] of Object.entries(input)) {
          for (const [fieldKey, value] of Object.entries(values)) {
            const old = hasOwn(stored, code) && hasOwn(stored[code] ?? {}, fieldKey) ? stored[code]?.[fieldKey] : undefined;
            const label = `${code} “${targetField(rubric, code, fieldKey)?.label ?? fieldKey}”`;
            if (old?.state === 'approved') {
              if (!sameValue(old.value, value)) frozen.push(label);
              continue;
            }
            if (old?.state === 'filed' && sameValue(old.value, value)) continue;
            (next[code] ??= {})[fieldKey] = { value, state: 'filed', filedAt: now.toISOString(), filedBy: actor.username };
            filed++;
          }
        }
        if (frozen.length > 0) throw conflict(`已批准的目标不能修改：${frozen.join('、')}；如确需调整，请联系考核组`);
        if (filed === 0 && before !== null) return view(cycle, targetFields(rubric), unit as UnitRecord, before);
        const saved = await write(actor, key, unitCode, before, next, `备案 ${filed} 项目标`, 'targets.file');
        return view(cycle, targetFields(rubric), unit as UnitRecord, saved);
      });
    },

    /** The examiner approves or returns the filed targets (all of them, or the one named). */
    async decide(
      actor: Actor,
      key: CycleKey,
      unitCode: string,
      decision: TargetDecision,
      only: { readonly item: string; readonly field: string } | undefined,
      version: number | undefined,
    ): Promise<TargetFilingView> {
      requireExaminer(actor);
      const { cycle, rubric, unit } = await context(key, unitCode);
      return withRecordLock(subjects.targets(key, unitCode), async () => {
        const before = await current(key, unitCode, version);
        const stored = targetsOf(before);
        const at = clock.now().toISOString();
        const next: Record<string, Record<string, FiledTarget>> = Object.fromEntries(Object.entries(stored).map(([c, f]) => [c, { ...f }]));
        const decided: string[] = [];
        for (const [code, fields] of Object.entries(stored)) {
          for (const [fieldKey, target] of Object.entries(fields)) {
            if (only !== undefined && (only.item !== code || only.field !== fieldKey)) continue;
            if (target.state !== 'filed') continue;
            const { reason: _reason, decidedAt: _at, decidedBy: _by, ...filed } = target;
            (next[code] as Record<string, FiledTarget>)[fieldKey] = decision.approve
              ? { ...filed, state: 'approved', decidedAt: at, decidedBy: actor.username }
              : { ...filed, state: 'returned', decidedAt: at, decidedBy: actor.username, reason: decision.reason };
            decided.push(`${code}.${fieldKey}`);
          }
        }
        if (decided.length === 0) {
          if (only === undefined) throw conflict(`${unitCode} 没有待审核的备案目标`);
          const target = stored[only.item]?.[only.field];
          const state = target === undefined ? '尚未备案' : target.state === 'approved' ? '已批准' : '已退回，等待重新备案';
          throw conflict(`${only.item} 的目标 ${only.field} ${state}，不能审核`);
        }
        const words = decision.approve ? `批准 ${decided.join('、')}` : `退回 ${decided.join('、')}：${decision.reason}`;
        const saved = await write(actor, key, unitCode, before, next, words, decision.approve ? 'targets.approve' : 'targets.return');
        return view(cycle, targetFields(rubric), unit as UnitRecord, saved);
      });
    },
  };
}
