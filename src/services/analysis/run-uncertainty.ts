/**
 * How sure is a run's ranking (issue 13): the uncertainty analysis of `kaohe analyse
 * uncertainty`, run on a stored run's own inputs (the evidence documents it scored, last
 * year's when its rubric read them, the rubric by its hash) for the provincial office.
 *
 * An analysis scores every scenario exactly: a second or less for 14 units, about a minute
 * for 2,851. So it runs off the event loop (the analyser port: a worker thread), one at a
 * time per server, and is bounded before it starts: draws ≤ MAX_DRAWS, and units × scenarios
 * ≤ MAX_UNIT_SCENARIOS (checked by the analyser once it knows how many scenarios the spec
 * makes). Starting answers once the analyser has accepted the spec; the page then polls the
 * analysis. Analyses are kept in memory, keyed by run and canonical spec, so that asking
 * again (or opening the page again) answers at once; a server restart forgets them.
 */
import { type UncertaintyFileV1, type UncertaintySpec, UncertaintySpecError } from '../../analysis/index.js';
import { contentHash } from '../../core/index.js';
import { type CycleKey, inCycle } from '../../records/index.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import { ServiceError, conflict, invalid, notFound, throttled } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { type RunSummary, summaryOf } from '../runs/run-views.js';
import type { UncertaintyView } from './uncertainty-view.js';
import type { AnalysisState, AnalysisStatus } from './analysis-status.js';

export type { AnalysisState, AnalysisStatus } from './analysis-status.js';

/** Draws an analysis may ask for (the spec's own schema allows 100,000). */
export const MAX_DRAWS = 10_000;
/** Units × scenarios an analysis may score: 2,851 units × 1,000 draws, about a minute with judgements alone. */
export const MAX_UNIT_SCENARIOS = 3_000_000;
/** Above this many units no workbook is made: its sheet of every rank's chance would hold units² cells. */
export const WORKBOOK_MAX_UNITS = 300;
/** Up to this many units, a run's reports show its last analysis (the file is parsed on the event loop; it grows with units²). */
export const REPORTED_MAX_UNITS = WORKBOOK_MAX_UNITS;
/** Analyses kept (with their files): the last few asked for, within a memory budget. */
const KEPT = 6;
const KEPT_BYTES = 256 * 2 ** 20;

/** What the analyser is given: the run's inputs as stored, and the spec as parsed (defaults filled). */
export interface UncertaintyJob {
  readonly rubric: { readonly source: string; readonly hash: string };
  /** Every unit's evidence document as the run stored it (JSON text), in the run's order. */
  readonly evidence: readonly string[];
  /** Last year's evidence documents, when the run's rubric read them. */
  readonly previous?: readonly string[];
  readonly spec: UncertaintySpec;
  readonly engineVersion: string;
  readonly maxUnitScenarios: number;
  readonly workbookMaxUnits: number;
}

/** What the analyser found the spec makes, before it scores anything. */
export interface UncertaintyPlan {
  readonly method: 'exact' | 'sample';
  readonly scenarios: number;
  readonly variations: number;
}

export interface UncertaintyOutcome {
  readonly view: UncertaintyView;
  /** uncertainty.json, byte for byte what `kaohe analyse uncertainty --out` writes for the same inputs and spec. */
  readonly json: Uint8Array;
  /** uncertainty.xlsx, made after the figures; null above WORKBOOK_MAX_UNITS units. */
  readonly xlsx: Promise<Uint8Array | null>;
}

export interface RunningUncertainty {
  /** Rejects with an UncertaintySpecError (paths in the spec) when the spec does not fit the rubric or the bounds. */
  readonly plan: Promise<UncertaintyPlan>;
  readonly outcome: Promise<UncertaintyOutcome>;
}

/** Runs an analysis off the event loop (a port: adapters/uncertainty-worker, given by src/compose.ts). */
export type UncertaintyAnalyser = (job: UncertaintyJob) => RunningUncertainty;

interface Analysis {
  readonly id: string;
  readonly run: RunSummary;
  readonly spec: UncertaintySpec;
  readonly units: number;
  readonly plan: UncertaintyPlan;
  readonly requestedBy: string;
  readonly startedAt: Date;
  state: AnalysisState;
  finishedAt?: Date;
  message?: string;
  outcome?: UncertaintyOutcome;
}

/** A run's last finished analysis, for its reports: its id (part of the report set's key) and its uncertainty/v1 content. */
export type LastAnalysis = (run: Pick<RunSummary, 'runId' | 'resultsHash'>) => { readonly id: string; file(): UncertaintyFileV1 } | null;

/** `$.draws` of the spec as the request body names it. */
const bodyPath = (path: string) => `$.body${path.slice(1)}`;

export function runUncertaintyService(deps: ServiceDeps) {
  const { stores, clock, engineVersion } = deps;
  const analyses = new Map<string, Analysis>();
  const latestOfRun = new Map<string, string>();
  /** The last analysis of each run to finish, or asked for again once finished: what its reports show. */
  const lastDoneOfRun = new Map<string, string>();
  /** Analyses being started (their inputs read, the analyser not yet answered), by id. */
  const pending = new Map<string, Promise<Analysis>>();
  /** The one analysis under way (or being started) in this server. */
  let busy: { readonly runId: string; readonly requestedBy: string; readonly since: Date } | null = null;

  async function readableRun(actor: Actor, key: CycleKey, runId: string): Promise<RunSummary> {
    requireOverseer(actor);
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`评分 ${runId}`);
    return summaryOf(run);
  }

  function keep(analysis: Analysis): void {
    analyses.set(analysis.id, analysis);
    latestOfRun.set(analysis.run.runId, analysis.id);
    prune(analysis.id);
  }

  /** Forgets the oldest analyses beyond KEPT, or beyond KEPT_BYTES of files (2,851 units' JSON is about 100 MB); never `newest` or one running. */
  function prune(newest: string): void {
    const bytes = () => [...analyses.values()].reduce((sum, a) => sum + (a.outcome?.json.byteLength ?? 0), 0);
    for (const [id, kept] of analyses) {
      if (analyses.size <= KEPT && bytes() <= KEPT_BYTES) break;
      if (kept.state === 'running' || id === newest) continue;
      analyses.delete(id);
      if (latestOfRun.get(kept.run.runId) === id) latestOfRun.delete(kept.run.runId);
      if (lastDoneOfRun.get(kept.run.runId) === id) lastDoneOfRun.delete(kept.run.runId);
    }
  }

  function statusOf(a: Analysis): AnalysisStatus {
    const end = a.finishedAt ?? clock.now();
    return {
      id: a.id,
      runId: a.run.runId,
      state: a.state,
      spec: a.spec,
      units: a.units,
      method: a.plan.method,
      scenarios: a.plan.scenarios,
      requestedBy: a.requestedBy,
      startedAt: a.startedAt.toISOString(),
      ...(a.finishedAt && { finishedAt: a.finishedAt.toISOString() }),
      seconds: Math.max(0, Math.round((end.getTime() - a.startedAt.getTime()) / 100) / 10),
      ...(a.message !== undefined && { message: a.message }),
      workbook: a.units <= WORKBOOK_MAX_UNITS,
      ...(a.outcome && { result: a.outcome.view }),
    };
  }

  /** The run's inputs as it stored them: the rubric's text, every unit's evidence, last year's when read. */
  async function jobOf(run: RunSummary, spec: UncertaintySpec): Promise<UncertaintyJob> {
    const [rubric, pieces] = await Promise.all([stores.rubrics.get(run.rubricHash), stores.runs.pieces(run.runId)]);
    if (!rubric) throw notFound(`评分 ${run.runId} 所用的考核细则 ${run.rubricHash}`);
    if (!pieces) throw notFound(`评分 ${run.runId}`);
    const evidence = await pieces.evidence(pieces.frame.inputCodes);
    let previous: string[] | undefined;
    if (run.previousRun !== undefined) {
      const last = await stores.runs.pieces(run.previousRun);
      if (!last) throw notFound(`提供上年证据的评分 ${run.previousRun}`);
      previous = await last.evidence(last.frame.inputCodes);
    }
    return {
      rubric: { source: rubric.source, hash: rubric.hash },
      evidence,
      ...(previous && { previous }),
      spec,
      engineVersion,
      maxUnitScenarios: MAX_UNIT_SCENARIOS,
      workbookMaxUnits: WORKBOOK_MAX_UNITS,
    };
  }

  /** Reads the run's inputs and hands them to the analyser; answers once it has accepted the spec. `busy` is this analysis's until it ends. */
  async function begin(actor: Actor, run: RunSummary, id: string, spec: UncertaintySpec, since: Date): Promise<Analysis> {
    let running: RunningUncertainty;
    let plan: UncertaintyPlan;
    let units: number;
    try {
      const job = await jobOf(run, spec);
      units = job.evidence.length;
      running = deps.uncertaintyAnalyser(job);
      running.outcome.catch(() => undefined); // settled below, once the plan is accepted
      plan = await running.plan;
    } catch (error) {
      busy = null;
      if (error instanceof UncertaintySpecError) {
        throw invalid(
          '不确定性设定有误',
          error.problems.map((p) => ({ ...p, path: bodyPath(p.path) })),
        );
      }
      throw error;
    }
    const analysis: Analysis = { id, run, spec, units, plan, requestedBy: actor.username, startedAt: since, state: 'running' };
    keep(analysis);
    void running.outcome
      .then(
        (outcome) => {
          analysis.outcome = outcome;
          analysis.state = 'done';
          lastDoneOfRun.set(run.runId, id);
          prune(id);
        },
        (error: unknown) => {
          analysis.message = `分析未完成：${error instanceof Error ? error.message : String(error)}`;
          analysis.state = 'failed';
        },
      )
      .finally(() => {
        analysis.finishedAt = clock.now();
        busy = null;
      });
    return analysis;
  }

  function refusedBusy(): ServiceError {
    const b = busy as NonNullable<typeof busy>;
    const seconds = Math.round((clock.now().getTime() - b.since.getTime()) / 1000);
    return throttled(
      `另一项名次不确定性分析正在进行（评分 ${b.runId}，${b.requestedBy} 发起，已用时 ${seconds} 秒）：服务器同一时间只进行一项分析，请稍后再试`,
      Math.max(5, Math.min(60, seconds)),
    );
  }

  return {
    /**
     * Starts an analysis of the run with the spec, or answers with the same run and spec's
     * analysis when there is one (running or done): the same spec, seed included, gives the
     * same figures. While another analysis runs, a different one is refused (429).
     */
    async start(actor: Actor, key: CycleKey, runId: string, spec: UncertaintySpec): Promise<{ status: AnalysisStatus; started: boolean }> {
      requireOverseer(actor);
      if (spec.draws > MAX_DRAWS) {
        throw invalid('不确定性设定超出上限', [
          { path: '$.body.draws', code: 'schema_invalid', message: `抽样次数不能超过 ${MAX_DRAWS.toLocaleString('en-US')}` },
        ]);
      }
      const run = await readableRun(actor, key, runId);
      const id = contentHash({ runId: run.runId, resultsHash: run.resultsHash, spec }).slice('sha256:'.length, 'sha256:'.length + 16);
      const kept = analyses.get(id);
      if (kept && kept.state !== 'failed') {
        latestOfRun.set(run.runId, id);
        if (kept.state === 'done') lastDoneOfRun.set(run.runId, id);
        return { status: statusOf(kept), started: false };
      }
      // The same analysis asked for again while it is being started (a double click): its answer.
      const starting = pending.get(id);
      if (starting) return { status: statusOf(await starting), started: false };
      if (busy) throw refusedBusy();
      busy = { runId: run.runId, requestedBy: actor.username, since: clock.now() };
      const begun = begin(actor, run, id, spec, busy.since);
      pending.set(id, begun);
      try {
        return { status: statusOf(await begun), started: true };
      } finally {
        pending.delete(id);
      }
    },

    /**
     * The run's last finished analysis as uncertainty/v1, for its reports; null when it has none
     * (in this server), or more than REPORTED_MAX_UNITS units.
     */
    lastFile: ((run) => {
      const id = lastDoneOfRun.get(run.runId);
      const analysis = id === undefined ? undefined : analyses.get(id);
      if (!analysis?.outcome || analysis.run.resultsHash !== run.resultsHash || analysis.units > REPORTED_MAX_UNITS) return null;
      const { json } = analysis.outcome;
      // Parsed only when a report set is made: most report requests are answered from a set already made.
      return { id: analysis.id, file: () => JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')) as UncertaintyFileV1 };
    }) satisfies LastAnalysis,

    /** The run's last analysis asked for in this server, or null. */
    async latest(actor: Actor, key: CycleKey, runId: string): Promise<AnalysisStatus | null> {
      const run = await readableRun(actor, key, runId);
      const id = latestOfRun.get(run.runId);
      const analysis = id === undefined ? undefined : analyses.get(id);
      return analysis && analysis.run.resultsHash === run.resultsHash ? statusOf(analysis) : null;
    },

    async get(actor: Actor, key: CycleKey, runId: string, id: string): Promise<AnalysisStatus> {
      return statusOf(await analysisOf(actor, key, runId, id));
    },

    /** The analysis's uncertainty.json or uncertainty.xlsx, once it is done. */
    async file(actor: Actor, key: CycleKey, runId: string, id: string, kind: 'json' | 'xlsx'): Promise<{ run: RunSummary; data: Uint8Array }> {
      const analysis = await analysisOf(actor, key, runId, id);
      if (!analysis.outcome) throw conflict(analysis.state === 'running' ? '分析尚未完成，请稍后再下载' : (analysis.message ?? '分析未完成'));
      const data =
        kind === 'json'
          ? analysis.outcome.json
          : await analysis.outcome.xlsx.catch((error: unknown) => {
              throw conflict(`Excel 表未能生成：${error instanceof Error ? error.message : String(error)}`);
            });
      if (data === null) throw conflict(`超过 ${WORKBOOK_MAX_UNITS} 个单位的分析不提供 Excel 表（每个名次的概率表过大）：请下载 JSON`);
      return { run: analysis.run, data };
    },
  };

  async function analysisOf(actor: Actor, key: CycleKey, runId: string, id: string): Promise<Analysis> {
    const run = await readableRun(actor, key, runId);
    const analysis = analyses.get(id);
    if (!analysis || analysis.run.runId !== run.runId) throw notFound(`评分 ${runId} 的名次不确定性分析 ${id}（服务器只保留最近 ${KEPT} 项分析，重启后清空）`);
    return analysis;
  }
}
