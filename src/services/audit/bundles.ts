/**
 * Audit bundles exported from the database (bundle/v1, src/audit/bundle.ts): one run
 * with everything a third-party evaluator needs to re-check it offline. The rubric as
 * published, each unit's evidence exactly as the run scored it (parsed from the run's
 * stored inputs, so that runTexts() gives back the stored text and its hash), the
 * unit's submission, review and materials as stored (so that their hashes can be
 * checked against the audit chain), the results, the run, the whole audit chain and
 * the key's auditor notes.
 *
 * The records are read one collection at a time, not in a transaction (FerretDB v1 has
 * none). Every write is followed by its audit entry, so the chain is read first and
 * checked again at the end: when it grew meanwhile, the export starts over. A record
 * newer than the chain it travels with is then possible only for a write whose entry
 * had not been appended yet when the export ended; replaying the bundle names it.
 */
import { type BundlePrevious, type BundleUnit, type BundleV1, sealBundle } from '../../audit/index.js';
import type { EvidenceDocument, ResultsV1 } from '../../core/index.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import { ServiceError, conflict, notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import type { Stores } from '../ports.js';
import { type CycleKey, cycleKeyOf, inCycle, type RunRecord, type UnitTree } from '../../records/index.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { latestFinal } from '../runs/run-views.js';
import { comparePages } from './compare-pages.js';
import { bundleReads } from './bundle-reads.js';
import { bundleUnitOf, unitRecordsOf } from './bundle-units.js';
import { streamBundle } from './bundle-stream.js';

export interface ExportOptions {
  /** The run to export; by default the latest finalised run of the key. A draft may be named. */
  readonly runId?: string;
  /** Who asked for the bundle, and when (the manifest's createdBy and createdAt). */
  readonly by: string;
  readonly at: string;
  /** The engine making the bundle (the manifest's engine version). */
  readonly engineVersion: string;
}

/** How often an export starts over when the audit chain grew while it was being read. */
const SNAPSHOT_ATTEMPTS = 5;

async function chosenRun(stores: Stores, tree: UnitTree, key: CycleKey, runId: string | undefined): Promise<RunRecord> {
  await requireCycle(stores, tree, key);
  if (runId !== undefined) {
    const run = await stores.runs.get(runId);
    if (!run || !inCycle(run, key)) throw notFound(`${cycleName(tree, key)}的评分 ${runId}`);
    return run;
  }
  const latest = latestFinal(await stores.runs.summaries(key));
  if (!latest) throw new ServiceError('not_found', `${cycleName(tree, key)}还没有定稿的评分：请指定要导出的评分编号（草稿也可导出）`);
  const run = await stores.runs.get(latest.runId);
  if (!run) throw notFound(`${cycleName(tree, key)}的评分 ${latest.runId}`);
  return run;
}

/** Each unit the run scored, in the run's order (unit-code order), with its stored records. */
async function bundleUnits(stores: Stores, run: RunRecord): Promise<BundleUnit[]> {
  // The exact objects the run scored: re-serialised, they give back run.inputs byte for byte.
  const evidences = JSON.parse(run.inputs) as EvidenceDocument[];
  const records = await unitRecordsOf(stores, cycleKeyOf(run));
  const units: BundleUnit[] = [];
  for (const evidence of evidences) units.push(bundleUnitOf(evidence, records, await stores.materials.list(cycleKeyOf(run), evidence.unit.code)));
  return units;
}

/** Last key's evidence the run read: the stored inputs of the run it names (previousRun), parsed, so that they re-serialise to the hashed text. */
async function previousOf(stores: Stores, run: RunRecord): Promise<BundlePrevious | undefined> {
  if (run.previousRun === undefined) return undefined;
  const last = await stores.runs.get(run.previousRun);
  if (!last) throw notFound(`评分 ${run.runId} 所读的上年评分 ${run.previousRun}`);
  return { runId: last.runId, evidence: JSON.parse(last.inputs) as EvidenceDocument[] };
}

async function snapshot(stores: Stores, tree: UnitTree, key: CycleKey, options: ExportOptions): Promise<BundleV1 | null> {
  const audit = await stores.audit.all();
  const run = await chosenRun(stores, tree, key, options.runId);
  const rubric = await stores.rubrics.get(run.rubricHash);
  if (!rubric) throw notFound(`评分 ${run.runId} 所用的考核细则 ${run.rubricHash}`);
  const units = await bundleUnits(stores, run);
  const previous = await previousOf(stores, run);
  // Stored notes go in as they are (NoteRecord is the bundle's AuditorNote, checked by sealBundle's type).
  const notes = await stores.notes.list(key);
  const lastSeq = audit.at(-1)?.seq ?? 0;
  if ((await stores.audit.read({ afterSeq: lastSeq, limit: 1 })).length > 0) return null;
  const { inputs: _inputs, results, ...runWithoutTexts } = run;
  return sealBundle(
    {
      rubric: JSON.parse(rubric.source) as unknown,
      units,
      results: JSON.parse(results) as ResultsV1,
      run: runWithoutTexts,
      audit,
      notes,
      ...(previous && { previous }),
    },
    { engine: { name: 'kaohe', version: options.engineVersion }, year: key.year, source: 'service', createdAt: options.at, createdBy: options.by },
  );
}

/** The bundle of one run of the cycle (by default its latest finalised run). */
export async function exportBundle(stores: Stores, tree: UnitTree, key: CycleKey, options: ExportOptions): Promise<BundleV1> {
  for (let attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
    const bundle = await snapshot(stores, tree, key, options);
    if (bundle) return bundle;
  }
  throw conflict('导出审计包时数据库一直在变动，请稍后重试');
}

/** Exporting through the service, and what is read off a bundle: examiners, auditors and admins (a bundle holds every unit's data). */
export function bundleService(deps: ServiceDeps) {
  const bundleOf = (actor: Actor, key: CycleKey, runId: string | undefined): Promise<BundleV1> =>
    exportBundle(deps.stores, deps.unitTree.tree, key, { runId, by: actor.username, at: deps.clock.now().toISOString(), engineVersion: deps.engineVersion });
  const reads = bundleReads(bundleOf);
  return {
    ...reads,
    // A cache's age, not a time the records keep: the process's monotonic clock, which a test's fixed clock does not stop.
    ...comparePages(reads.compare, () => performance.now()),
    async export(actor: Actor, key: CycleKey, runId: string | undefined): Promise<BundleV1> {
      requireOverseer(actor);
      return bundleOf(actor, key, runId);
    },
    /** The same bundle as its bytes, streamed a few units at a time (bundle-stream.ts): what a download is sent. */
    async stream(actor: Actor, key: CycleKey, runId: string | undefined): Promise<AsyncIterable<Uint8Array>> {
      requireOverseer(actor);
      return streamBundle(deps.stores, deps.unitTree.tree, key, {
        runId,
        by: actor.username,
        at: deps.clock.now().toISOString(),
        engineVersion: deps.engineVersion,
      });
    },
  };
}
