/**
 * "What would it take?" for one unit of a stored run (issue 13 §3): the fewest changes of
 * the unit's own evidence fields that reach a goal, the other units as the run scored
 * them, found by whatItTakes (src/analysis) on the run's stored evidence, the same
 * documents the run scored (what-if-search.ts). Computed, never stored as evidence; cached
 * per run, unit and goal. A search scores a few thousand candidate changes of the unit, each
 * ranked among the others' results (8 s for 2,856 units in the worker at load 7; every unit
 * scored again per candidate when a rule reads across units, 85 s for 560): searches run one
 * at a time, in a worker thread in production (deps.whatIfSearcher), and a run beyond
 * maxUnits is refused with a pointer to the command line.
 *
 * What a city learns (the same as its scorecard tells it): its own changes, its own
 * totals, grades, flags and ranks before and after, and the number of units. Never
 * another unit's code, name, total or result. The editor's inputs add the other units'
 * standings without codes or names (total, veto, tie-break values), sorted: a page that
 * moves the rank at once for any total a city types could reveal those totals anyway by
 * trying totals, so handing them over anonymously gives away nothing more, and never
 * which unit holds which.
 */
import { type EvidenceDocument, type ResultsV1, type Rubric, tieBreakValues } from '../../core/index.js';
import { type Actor, requireReadUnit } from '../access/actor.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import type { Stores } from '../ports.js';
import { type CycleKey, inCycle, roleWords } from '../../records/index.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { promiseCache } from '../reports/report-cache.js';
import { type RunSummary, summaryOf } from './run-views.js';
import { type GoalName, type StandingView, type UnitWhatIfView, type WhatIfSearcher, goalFor, searchInThisThread } from './what-if-search.js';

export type { GoalName, UnitWhatIfView, WhatIfSearcher };

/** Answers kept: a city opens its own a few times; a page of office readers a few dozen. */
const ANSWERS_CACHED = 64;
/**
 * The most units a run may have for an answer online: the country's 2,850 county-level units
 * fit; with a rule that reads across units (every unit scored per candidate), about a minute
 * of one core at 200 units on this machine.
 */
export const WHAT_IF_MAX_UNITS = 3000;
export const WHAT_IF_MAX_UNITS_ACROSS = 200;

/** The bound for a rubric: lower when its rules read across units. */
export function maxUnits(rubric: Rubric): number {
  return rubric.derivedReads.some((r) => r.kind === 'population') ? WHAT_IF_MAX_UNITS_ACROSS : WHAT_IF_MAX_UNITS;
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

/** A run's evidence documents as stored (JSON texts), in its inputs' order. */
async function storedEvidence(stores: Stores, runId: string): Promise<string[]> {
  const pieces = await stores.runs.pieces(runId);
  if (!pieces) throw notFound(`评分 ${runId}`);
  return pieces.evidence(pieces.frame.inputCodes);
}

export function unitWhatIfService(deps: ServiceDeps) {
  const { stores } = deps;
  const rubrics = rubricReader(stores);
  const answers = promiseCache<UnitWhatIfView>(ANSWERS_CACHED);
  const searcher = deps.whatIfSearcher ?? searchInThisThread;

  /** One search at a time: a burst of first visits queues rather than starting a search per request on two cores. */
  let queue: Promise<unknown> = Promise.resolve();
  function queued<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  /** The run, if the actor may read the unit in it: a city only its own unit, and only in a finalised run. */
  async function readable(actor: Actor, key: CycleKey, runId: string, unitCode: string): Promise<RunSummary> {
    requireReadUnit(actor, unitCode);
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`评分 ${runId}`);
    if (actor.role === 'city' && run.status !== 'final') throw forbidden(`${roleWords(actor)}用户只能查看已定稿的评分结果`);
    return summaryOf(run);
  }

  async function search(run: RunSummary, rubric: Rubric, unitCode: string, goal: GoalName): Promise<UnitWhatIfView> {
    const pieces = await stores.runs.pieces(run.runId);
    if (!pieces) throw notFound(`评分 ${run.runId}`);
    const units = pieces.frame.inputCodes.length;
    const most = maxUnits(rubric);
    if (units > most) {
      throw conflict(
        `评分 ${run.runId} 有 ${units.toLocaleString('en-US')} 个单位，超过在线推演的上限 ${most.toLocaleString('en-US')} 个：请用命令行 kaohe analyse what-if`,
      );
    }
    const [record, evidence, previous] = await Promise.all([
      stores.rubrics.get(run.rubricHash),
      pieces.evidence(pieces.frame.inputCodes),
      run.previousRun === undefined ? undefined : storedEvidence(stores, run.previousRun),
    ]);
    if (!record) throw notFound(`考核细则 ${run.rubricHash}`);
    const job = {
      runId: run.runId,
      engineVersion: run.engineVersion,
      rubric: { hash: run.rubricHash, source: record.source },
      evidence,
      ...(previous !== undefined && { previous }),
      unitCode,
      goal,
    };
    return queued(() => searcher(job));
  }

  return {
    /** The fewest changes of the unit's own fields that reach `goal`, the other units as the run scored them. */
    async whatIf(actor: Actor, key: CycleKey, runId: string, unitCode: string, goal: GoalName): Promise<{ run: RunSummary; answer: UnitWhatIfView }> {
      const run = await readable(actor, key, runId, unitCode);
      const rubric = await rubrics.byHash(run.rubricHash);
      if (goalFor(goal, rubric) === null) {
        throw invalid('该考核细则没有后三位等标记，不能以离开标记为目标', [
          { path: '$.query.goal', code: 'no_flag', message: '该考核细则没有标记，goal 不能为 flag' },
        ]);
      }
      const pieces = await stores.runs.pieces(run.runId);
      if (!pieces?.frame.ranking.some((r) => r.code === unitCode)) throw notFound(`评分 ${runId} 中的单位 ${unitCode}`);
      // Keyed by the results' hash too: a run id never names other results, but the key says why an entry cannot be stale.
      const answer = await answers.get(`${run.runId}|${run.resultsHash}|${unitCode}|${goal}`, () => search(run, rubric, unitCode, goal));
      return { run, answer };
    },

    /** What the what-if editor scores in the page: the unit's evidence as scored, and the others' standings without their names. */
    async inputs(actor: Actor, key: CycleKey, runId: string, unitCode: string): Promise<{ run: RunSummary; inputs: WhatIfInputs }> {
      const run = await readable(actor, key, runId, unitCode);
      const pieces = await stores.runs.pieces(run.runId);
      if (!pieces) throw notFound(`评分 ${runId}`);
      const rows = pieces.frame.ranking;
      const own = rows.find((r) => r.code === unitCode);
      if (own === undefined) throw notFound(`评分 ${runId} 中的单位 ${unitCode}`);
      const [rubric, [evidenceText], previousTexts] = await Promise.all([
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
      const ownPrevious = previousTexts?.map((text) => JSON.parse(text) as EvidenceDocument).find((e) => e.unit.code === unitCode);
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
