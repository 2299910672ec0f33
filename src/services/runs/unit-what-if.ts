/**
 * "What would it take?" for one unit of a stored run (issue 13 §3): the fewest changes of
 * the unit's own evidence fields that reach a goal, the other units as the run scored
 * them, found by whatItTakes (src/analysis) on the run's stored evidence, the same
 * documents the run scored. Computed, never stored as evidence; cached per run, unit and
 * goal, since one search scores a few hundred variants of the whole run (about a second
 * for the 14 seeded units).
 *
 * What a city learns (the same as its scorecard tells it): its own changes, its own
 * totals, grades, flags and ranks before and after, and the number of units. Never
 * another unit's code, name, total or result. The editor's inputs add the other units'
 * standings without codes or names (total, veto, tie-break values), sorted: a page that
 * moves the rank at once for any total a city types could reveal those totals anyway by
 * trying totals, so handing them over anonymously gives away nothing more, and never
 * which unit holds which.
 */
import { type EvidenceDocument, type PreparedEvidence, type ResultsV1, type Rubric, readEvidence } from '../../core/index.js';
import { toFixed } from '../../core/exact/index.js';
import { type Change, type Goal, type Standing, whatItTakes } from '../../analysis/index.js';
import { requireReadUnit } from '../access/actor.js';
import type { Actor } from '../access/actor.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import type { Stores } from '../ports.js';
import { type CycleKey, inCycle, roleWords } from '../../records/index.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { promiseCache } from '../reports/report-cache.js';
import { type RankingRow, type RunSummary, summaryOf } from './run-views.js';

/** Answers kept: a city opens its own a few times; a page of office readers a few dozen. */
const ANSWERS_CACHED = 64;

/** A goal as the API names it: grade, flag or places:n. */
export type GoalName = 'grade' | 'flag' | `places:${number}`;

export interface StandingView {
  readonly total: number;
  readonly rank: number;
  readonly grade: string;
  readonly flags: readonly { readonly code: string; readonly label: string }[];
}

export interface ChangeView {
  readonly item: string;
  readonly itemTitle: string;
  readonly field: string;
  readonly label: string;
  /** The field's unit of measure (%, 个, …), when it has one. */
  readonly unit?: string;
  /** The value the run scored; null when the unit left it empty. */
  readonly from: number | boolean | string | null;
  readonly to: number | boolean | string;
  /** What the checkpoint's score gains (or loses) with the change, at the rubric's precision. */
  readonly points: number;
}

export interface UnitWhatIfView {
  readonly runId: string;
  readonly unit: { readonly code: string; readonly name: string };
  readonly goal: GoalName;
  /** The next better result, for goal grade; absent when the unit already has the best. */
  readonly target?: string;
  /** The flag goal flag is about (the rubric's first, 后三位). */
  readonly flag?: { readonly code: string; readonly label: string };
  /** How many units the run ranks. */
  readonly units: number;
  readonly reached: boolean;
  readonly before: StandingView;
  readonly after?: StandingView;
  readonly changes: readonly ChangeView[];
}

/** Another unit of the run as the editor ranks against it: no code, no name. */
export interface OtherStanding {
  readonly total: number;
  readonly vetoed: boolean;
  /** The rubric's tie-break keys' values, in its order (none for the Gansu rubrics). */
  readonly tieBreak: readonly number[];
}

export interface WhatIfInputs {
  readonly runId: string;
  readonly rubricHash: string;
  /** The unit's evidence document exactly as the run scored it. */
  readonly evidence: EvidenceDocument;
  /** Its own last-year evidence, when the run read last year. */
  readonly previous?: EvidenceDocument;
  /** Every other unit's standing, best first. */
  readonly others: readonly OtherStanding[];
  /** The unit's standing as published. */
  readonly published: StandingView & { readonly vetoed: boolean };
}

export function goalOf(name: GoalName, rubric: Rubric): Goal {
  if (name === 'grade') return { kind: 'grade' };
  if (name === 'flag') {
    const flag = rubric.flags[0];
    if (flag === undefined)
      throw invalid('该考核细则没有后三位等标记，不能以离开标记为目标', [{ path: '$.query.goal', code: 'no_flag', message: '该考核细则没有标记' }]);
    return { kind: 'flag', code: flag.code };
  }
  return { kind: 'places', places: Number(name.slice('places:'.length)) };
}

/** The rubric's tie-break values of one unit entry of results.json (core/ranking/rank.ts reads the same). */
export function tieBreakValues(rubric: Rubric, unit: ResultsV1['units'][number]): number[] {
  return rubric.ranking.tieBreak.map((key) => {
    if (key === 'base') return unit.base;
    if (key === 'bonus') return unit.bonus;
    if (key === 'deductions') return unit.deductions;
    const [kind, code] = key.split(':');
    if (kind === 'section') return unit.sections.find((s) => s.code === code)?.score ?? 0;
    return unit.items.find((i) => i.code === key)?.score ?? 0;
  });
}

interface RunInputs {
  readonly run: RunSummary;
  readonly rubric: Rubric;
  readonly evidence: readonly EvidenceDocument[];
  readonly previous?: readonly EvidenceDocument[];
}

async function storedEvidence(stores: Stores, runId: string): Promise<EvidenceDocument[]> {
  const pieces = await stores.runs.pieces(runId);
  if (!pieces) throw notFound(`评分 ${runId}`);
  return (await pieces.evidence(pieces.frame.inputCodes)).map((text) => JSON.parse(text) as EvidenceDocument);
}

export function unitWhatIfService(deps: ServiceDeps) {
  const { stores } = deps;
  const rubrics = rubricReader(stores);
  const answers = promiseCache<UnitWhatIfView>(ANSWERS_CACHED);

  /** The run, if the actor may read the unit in it: a city only its own unit, and only in a finalised run. */
  async function readable(actor: Actor, key: CycleKey, runId: string, unitCode: string): Promise<RunSummary> {
    requireReadUnit(actor, unitCode);
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`评分 ${runId}`);
    if (actor.role === 'city' && run.status !== 'final') throw forbidden(`${roleWords(actor)}用户只能查看已定稿的评分结果`);
    return summaryOf(run);
  }

  async function inputsOf(run: RunSummary, unitCode: string): Promise<RunInputs> {
    const [rubric, evidence, previous] = await Promise.all([
      rubrics.byHash(run.rubricHash),
      storedEvidence(stores, run.runId),
      run.previousRun === undefined ? undefined : storedEvidence(stores, run.previousRun),
    ]);
    if (!evidence.some((e) => e.unit.code === unitCode)) throw notFound(`评分 ${run.runId} 中的单位 ${unitCode}`);
    return { run, rubric, evidence, ...(previous !== undefined && { previous }) };
  }

  function standingView(rubric: Rubric, s: Standing): StandingView {
    return {
      total: Number(toFixed(s.total, rubric.precision)),
      rank: s.rank,
      grade: s.grade,
      flags: rubric.flags.filter((f) => s.flags.includes(f.code)).map((f) => ({ code: f.code, label: f.label })),
    };
  }

  function changeView(rubric: Rubric, c: Change): ChangeView {
    const owner = rubric.items.get(c.item) ?? rubric.vetoes.find((v) => v.code === c.item);
    const field = owner?.fields.find((f) => f.key === c.field);
    return {
      item: c.item,
      itemTitle: owner?.title ?? '',
      field: c.field,
      label: c.label,
      ...(field?.unit !== undefined && { unit: field.unit }),
      from: c.from ?? null,
      to: c.to,
      points: Number(toFixed(c.points, rubric.precision)),
    };
  }

  function search(inputs: RunInputs, unitCode: string, name: GoalName): UnitWhatIfView {
    const { rubric, run } = inputs;
    const goal = goalOf(name, rubric);
    const prepared: PreparedEvidence[] = inputs.evidence.map((e) => readEvidence(rubric, e).inputs);
    const answer = whatItTakes(rubric, prepared, unitCode, goal, {
      engineVersion: run.engineVersion,
      year: rubric.year,
      ...(inputs.previous !== undefined && { previous: inputs.previous }),
    });
    const flag = goal.kind === 'flag' ? rubric.flags.find((f) => f.code === goal.code) : undefined;
    const unit = inputs.evidence.find((e) => e.unit.code === unitCode)?.unit;
    return {
      runId: run.runId,
      unit: { code: unitCode, name: unit?.name ?? unitCode },
      goal: name,
      ...(answer.target !== undefined && { target: answer.target }),
      ...(flag !== undefined && { flag: { code: flag.code, label: flag.label } }),
      units: prepared.length,
      reached: answer.reached,
      before: standingView(rubric, answer.before),
      ...(answer.after !== undefined && { after: standingView(rubric, answer.after) }),
      changes: answer.changes.map((c) => changeView(rubric, c)),
    };
  }

  return {
    /** The fewest changes of the unit's own fields that reach `goal`, the other units as the run scored them. */
    async whatIf(actor: Actor, key: CycleKey, runId: string, unitCode: string, goal: GoalName): Promise<{ run: RunSummary; answer: UnitWhatIfView }> {
      const run = await readable(actor, key, runId, unitCode);
      // Keyed by the results' hash too: a run id never names other results, but the key says why an entry cannot be stale.
      const answer = await answers.get(`${run.runId}|${run.resultsHash}|${unitCode}|${goal}`, async () =>
        search(await inputsOf(run, unitCode), unitCode, goal),
      );
      return { run, answer };
    },

    /** What the what-if editor scores in the page: the unit's evidence as scored, and the others' standings without their names. */
    async inputs(actor: Actor, key: CycleKey, runId: string, unitCode: string): Promise<{ run: RunSummary; inputs: WhatIfInputs }> {
      const run = await readable(actor, key, runId, unitCode);
      const pieces = await stores.runs.pieces(run.runId);
      if (!pieces) throw notFound(`评分 ${runId}`);
      if (!pieces.frame.ranking.some((r) => r.code === unitCode)) throw notFound(`评分 ${runId} 中的单位 ${unitCode}`);
      const rows = pieces.frame.ranking;
      const [rubric, [evidenceText], previous] = await Promise.all([
        rubrics.byHash(run.rubricHash),
        pieces.evidence([unitCode]),
        run.previousRun === undefined ? undefined : storedEvidence(stores, run.previousRun),
      ]);
      // The ranking rows carry totals and vetoes; the units' entries are read only for a rubric with tie-break keys.
      const tieBreaks = new Map<string, number[]>();
      if (rubric.ranking.tieBreak.length > 0) {
        for (const text of await pieces.results(rows.map((r) => r.code))) {
          const unit = JSON.parse(text) as ResultsV1['units'][number];
          tieBreaks.set(unit.code, tieBreakValues(rubric, unit));
        }
      }
      const own = rows.find((r) => r.code === unitCode) as RankingRow;
      const ownPrevious = previous?.find((e) => e.unit.code === unitCode);
      return {
        run,
        inputs: {
          runId: run.runId,
          rubricHash: run.rubricHash,
          evidence: JSON.parse(evidenceText ?? 'null') as EvidenceDocument,
          ...(ownPrevious !== undefined && { previous: ownPrevious }),
          others: rows.filter((r) => r.code !== unitCode).map((r) => ({ total: r.total, vetoed: r.vetoed, tieBreak: tieBreaks.get(r.code) ?? [] })),
          published: {
            total: own.total,
            rank: own.rank,
            grade: own.grade,
            vetoed: own.vetoed,
            flags: own.flags.map((f) => ({ code: f.code, label: f.label })),
          },
        },
      };
    },
  };
}
