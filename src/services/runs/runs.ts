/**
 * Runs (评分): scoring every unit of the register with the cycle's published rubric,
 * from the submitted evidence and the examiners' reviews. A run stores exactly what
 * it scored (the evidence documents) and what came out (results.json), each with its
 * hash, so that anyone can score the inputs again and compare. Runs are numbered per
 * cycle ("2015-1", "2015-2", …; in 兰州市's cycle "2015-620100-1"). A finalised run never changes: a correction is a new run.
 */
import type { ResultsV1 } from '../../core/index.js';
import { type Actor, requireExaminer } from '../access/actor.js';
import { ServiceError, conflict, forbidden, notFound, stale } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { type Clock, STALE, type Stores, type StoredRunPieces } from '../ports.js';
import { type CycleKey, cycleIdOf, inCycle, roleWords, type RunRecord, subjects } from '../../records/index.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { journaledWrite } from '../audit/journal.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { previousEvidence, readsPrevious, runEvidence } from './run-inputs.js';
import { scoreRun } from './run-scoring.js';
import { recordLock } from '../record-lock.js';
import { promiseCache } from '../reports/report-cache.js';
import { type RankingRow, type RunSummary, cityView, summaryOf } from './run-views.js';
import { resultsFrame } from './run-pieces.js';

/** How often a run number is tried again when another run took it at the same moment. */
const NUMBERING_ATTEMPTS = 20;
/** Runs whose frames (ranking rows, unit order) are kept: a few, since readers mostly read the latest runs of a cycle. */
const FRAMES_CACHED = 8;

/** A slice of a run's units in rank order: the first `offset` skipped, at most `limit` given. */
export interface UnitPage {
  readonly offset: number;
  readonly limit: number;
}

async function insertNumbered(
  stores: Stores,
  clock: Clock,
  actor: Actor,
  key: CycleKey,
  run: Omit<RunRecord, 'version' | 'runId' | 'seq'>,
  detail: string,
): Promise<RunRecord> {
  for (let attempt = 0; attempt < NUMBERING_ATTEMPTS; attempt++) {
    const existing = await stores.runs.summaries(key);
    const seq = existing.reduce((max, r) => Math.max(max, r.seq), 0) + 1;
    const numbered = { ...run, runId: `${cycleIdOf(key)}-${seq}`, seq };
    const inserted = await journaledWrite(stores, clock, actor, {
      change: { action: 'run.create', subject: subjects.run(numbered.runId), year: key.year, before: null, after: { ...numbered, version: 1 }, detail },
      write: () => stores.runs.insert(numbered),
    });
    if (inserted !== null && inserted !== STALE) return inserted;
  }
  throw conflict('同时创建的评分过多，请稍后重试');
}

export function runService(deps: ServiceDeps) {
  const { stores, clock, engineVersion } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);
  // Finalisations of one run queue here, so they do not race within a process; the journal keeps the audit order across processes (record-lock.ts).
  const withRecordLock = recordLock(stores);

  /**
   * The stored pieces of the last few runs read: their frames (ranking rows, unit order),
   * never their units' texts, which are read by unit as a request needs them. A run's
   * results never change once stored, and their hash is in the key, so an entry is never
   * stale. Shared between requests: readers must not change them.
   */
  const storedPieces = promiseCache<StoredRunPieces>(FRAMES_CACHED);

  /** The run `runId` of the cycle, if the actor may read it: a city only a finalised one. Read by id, without its texts. */
  async function readable(actor: Actor, key: CycleKey, runId: string): Promise<RunSummary> {
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`评分 ${runId}`);
    if (actor.role === 'city' && run.status !== 'final') throw forbidden(`${roleWords(actor)}用户只能查看已定稿的评分结果`);
    return summaryOf(run);
  }

  function piecesOf(run: RunSummary): Promise<StoredRunPieces> {
    return storedPieces.get(`${run.runId}|${run.resultsHash}`, async () => {
      const pieces = await stores.runs.pieces(run.runId);
      if (!pieces) throw notFound(`评分 ${run.runId}`);
      return pieces;
    });
  }

  /** The rows an actor may see, in rank order: a city its own unit's only. */
  function visibleRows(actor: Actor, pieces: StoredRunPieces): readonly RankingRow[] {
    const rows = pieces.frame.ranking;
    return actor.role === 'city' ? rows.filter((r) => r.code === actor.unitCode) : rows;
  }

  /** The results with a page of units (a city: its own unit, in its view): the frame, and only those units' entries read. */
  async function resultsFor(actor: Actor, run: RunSummary, page: UnitPage): Promise<ResultsV1> {
    const pieces = await piecesOf(run);
    const codes = visibleRows(actor, pieces)
      .slice(page.offset, page.offset + page.limit)
      .map((r) => r.code);
    const units = (await pieces.results(codes)).map((text) => JSON.parse(text) as ResultsV1['units'][number]);
    const results = { ...resultsFrame(pieces.frame), units };
    return actor.role === 'city' ? cityView(results, actor.unitCode ?? '') : results;
  }

  /** Read, check, write, log: one finalisation of a run at a time. */
  async function finalizeRun(actor: Actor, key: CycleKey, runId: string, version: number | undefined): Promise<RunSummary> {
    const before = await stores.runs.get(runId);
    if (!before || !inCycle(before, key)) throw notFound(`评分 ${runId}`);
    if (before.status === 'final') throw conflict(`评分 ${runId} 已于 ${before.finalizedAt ?? ''} 定稿，不能再改动；如需更正，请重新评分`);
    if (version === undefined) {
      throw new ServiceError('version_required', `定稿须给出读取时的版本（当前版本 ${before.version}）：请在 If-Match 头或请求体的 version 中给出`);
    }
    if (version !== before.version) throw stale(`评分 ${runId}`);
    const at = clock.now().toISOString();
    const after = await journaledWrite(stores, clock, actor, {
      change: {
        action: 'run.finalize',
        subject: subjects.run(runId),
        year: before.year,
        before,
        after: { ...before, status: 'final', finalizedAt: at, finalizedBy: actor.username, version: version + 1 },
        detail: '定稿',
      },
      write: () => stores.runs.finalize(runId, version, at, actor.username),
    });
    if (after === null) throw notFound(`评分 ${runId}`);
    if (after === STALE) throw stale(`评分 ${runId}`);
    return summaryOf(after);
  }

  return {
    async create(actor: Actor, key: CycleKey): Promise<RunSummary> {
      requireExaminer(actor);
      const { cycle, rubric } = await rubrics.forCycle(tree, key);
      const evidences = await runEvidence(stores, rubric, cycle, deps.unitTree.tree);
      // Last year's evidence only for a rubric that reads it: any other run is made exactly as before.
      const previous = readsPrevious(rubric) ? await previousEvidence(stores, key) : undefined;
      const scored = scoreRun(rubric, evidences, engineVersion, previous?.evidence);
      if (!scored.ok) {
        const which = previous ? `或 ${cycleName(tree, { ...key, year: key.year - 1 })}评分 ${previous.runId} 的上年证据` : '';
        throw new ServiceError('conflict', `有单位的证据${which}或审核记录不符合考核细则，无法评分`, scored.problems);
      }
      const lastYear =
        previous === undefined ? {} : previous === null ? { previousMissing: true } : { previousRun: previous.runId, previousInputsHash: previous.inputsHash };
      const run = await insertNumbered(
        stores,
        clock,
        actor,
        key,
        {
          ...key,
          status: 'draft',
          rubricHash: cycle.rubricHash,
          engineVersion,
          ...scored.run,
          ...lastYear,
          createdBy: actor.username,
          createdAt: clock.now().toISOString(),
        },
        `${evidences.length} 个单位${previous ? `，上年证据取自评分 ${previous.runId}` : previous === null ? `，${cycleName(tree, { ...key, year: key.year - 1 })}没有定稿的评分，不读上年证据` : ''}`,
      );
      return summaryOf(run);
    },

    async list(actor: Actor, key: CycleKey): Promise<RunSummary[]> {
      await requireCycle(stores, tree, key);
      const runs = await stores.runs.summaries(key);
      return runs.filter((r) => actor.role !== 'city' || r.status === 'final').map(summaryOf);
    },

    /** The results with a page of its units in rank order (by default every unit). */
    async get(actor: Actor, key: CycleKey, runId: string, page: UnitPage = { offset: 0, limit: Infinity }): Promise<{ run: RunSummary; results: ResultsV1 }> {
      const run = await readable(actor, key, runId);
      return { run, results: await resultsFor(actor, run, page) };
    },

    /** A page of the ranking, read from the run's frame only (never its units' results); and how many rows there are in all. */
    async ranking(
      actor: Actor,
      key: CycleKey,
      runId: string,
      page: UnitPage = { offset: 0, limit: Infinity },
    ): Promise<{ run: RunSummary; ranking: RankingRow[]; total: number }> {
      const run = await readable(actor, key, runId);
      const rows = visibleRows(actor, await piecesOf(run));
      return { run, ranking: rows.slice(page.offset, page.offset + page.limit).map((r) => ({ ...r })), total: rows.length };
    },

    /** One unit's entry in the run's results (its items, traces and rank), read alone; a city only its own. */
    async unit(actor: Actor, key: CycleKey, runId: string, unitCode: string): Promise<{ run: RunSummary; result: ResultsV1['units'][number] }> {
      const run = await readable(actor, key, runId);
      if (actor.role === 'city' && actor.unitCode !== unitCode) throw forbidden(`${roleWords(actor)}用户只能查看本单位的评分结果`);
      const pieces = await piecesOf(run);
      if (!pieces.frame.ranking.some((r) => r.code === unitCode)) throw notFound(`评分 ${runId} 中的单位 ${unitCode}`);
      const [text] = await pieces.results([unitCode]);
      return { run, result: JSON.parse(text ?? 'null') as ResultsV1['units'][number] };
    },

    async finalize(actor: Actor, key: CycleKey, runId: string, version: number | undefined): Promise<RunSummary> {
      requireExaminer(actor);
      return withRecordLock(subjects.run(runId), () => finalizeRun(actor, key, runId, version));
    },
  };
}
