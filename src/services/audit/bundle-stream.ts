/**
 * An audit bundle exported as a stream: the same bytes as JSON.stringify of the bundle
 * exportBundle makes (bundles.ts), written a few units at a time, so that the bundle of
 * a run of thousands of units is never one string, nor one object, in memory.
 *
 * The manifest comes first in the file and holds every part's hash, so the export reads
 * twice. First it takes the records as exportBundle does (the audit chain first, checked
 * again at the end, starting over when it grew) and hashes every part, a unit at a time;
 * the results part is hashed as a stream of its canonical text, the frame around its
 * units' entries. Then it writes: the units' evidence and results are read again from
 * the run's pieces (they never change), every other record is the one already hashed.
 */
import { createHash } from 'node:crypto';
import { BUNDLE_FORMAT, type BundleManifest, type BundlePrevious, type BundleUnit, unitParts } from '../../audit/bundle.js';
import { type EvidenceDocument, type ResultsV1, canonicalJson, contentHash } from '../../core/index.js';
import { type AuditEvent, type CycleKey, inCycle, type MaterialRecord, type NoteRecord, type RunRecord, type UnitTree } from '../../records/index.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { ServiceError, conflict, notFound } from '../errors.js';
import type { Stores, StoredRunPieces } from '../ports.js';
import { resultsFrame } from '../runs/run-pieces.js';
import { latestFinal } from '../runs/run-views.js';
import type { ExportOptions } from './bundles.js';
import { type UnitRecords, bundleUnitOf, unitRecordsOf } from './bundle-units.js';

/** Units read at once from the run's pieces. */
const UNITS_AT_ONCE = 50;

/** How often an export starts over when the audit chain grew while it was being read. */
const SNAPSHOT_ATTEMPTS = 5;

type RunHead = Omit<RunRecord, 'inputs' | 'results'>;

/** Stands in for a large array while the text around it is made; never a value of a bundle. */
const mark = (name: string) => `\u0000kaohe:${name}\u0000`;

/** `text` before and after the one place where `token` stands. */
function splitOnce(text: string, token: string): [string, string] {
  const [before, after, ...extra] = text.split(token);
  if (before === undefined || after === undefined || extra.length > 0) throw new Error(`导出审计包：找不到唯一的占位 ${token}`);
  return [before, after];
}

/** The text of `value` before and after the one place where `marker` stands, as `stringify` writes it. */
function around(value: unknown, marker: string, stringify: (v: unknown) => string): [string, string] {
  return splitOnce(stringify(value), stringify(marker));
}

/**
 * The texts `read` gives for `codes`, read UNITS_AT_ONCE at a time, each with its code:
 * evidence walked in input order, results in rank order, the orders they are stored in.
 */
async function* texts(read: (codes: readonly string[]) => Promise<string[]>, codes: readonly string[]): AsyncGenerator<[string, string]> {
  for (let i = 0; i < codes.length; i += UNITS_AT_ONCE) {
    const slice = codes.slice(i, i + UNITS_AT_ONCE);
    const got = await read(slice);
    for (const [j, code] of slice.entries()) yield [code, got[j] as string];
  }
}
const evidenceTexts = (pieces: StoredRunPieces) => texts((codes) => pieces.evidence(codes), pieces.frame.inputCodes);
const resultTexts = (pieces: StoredRunPieces) =>
  texts(
    (codes) => pieces.results(codes),
    pieces.frame.ranking.map((r) => r.code),
  );

/** What the export read and hashed in its first pass: enough to write the bundle without reading any changing record again. */
interface Snapshot {
  readonly manifest: BundleManifest;
  readonly rubric: unknown;
  readonly run: RunHead;
  readonly pieces: StoredRunPieces;
  readonly records: UnitRecords;
  readonly materials: ReadonlyMap<string, readonly MaterialRecord[]>;
  readonly audit: readonly AuditEvent[];
  readonly notes: readonly NoteRecord[];
  readonly previous?: { readonly runId: string; readonly pieces: StoredRunPieces };
}

async function chosenHead(stores: Stores, tree: UnitTree, key: CycleKey, runId: string | undefined): Promise<RunHead> {
  await requireCycle(stores, tree, key);
  if (runId !== undefined) {
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`${cycleName(tree, key)}的评分 ${runId}`);
    return run;
  }
  const latest = latestFinal(await stores.runs.summaries(key));
  if (!latest) throw new ServiceError('not_found', `${cycleName(tree, key)}还没有定稿的评分：请指定要导出的评分编号（草稿也可导出）`);
  return latest;
}

async function piecesOf(stores: Stores, runId: string, what: string): Promise<StoredRunPieces> {
  const pieces = await stores.runs.pieces(runId);
  if (!pieces) throw notFound(what);
  return pieces;
}

/** sha256 of canonical JSON, fed in pieces. */
function canonicalHasher() {
  const hash = createHash('sha256');
  return { add: (text: string) => hash.update(text), done: () => `sha256:${hash.digest('hex')}` };
}

/** The hash of results.json's canonical text, its units' entries read a few at a time in rank order. */
async function resultsHash(pieces: StoredRunPieces): Promise<string> {
  const [head, tail] = around({ ...resultsFrame(pieces.frame), units: mark('units') }, mark('units'), canonicalJson);
  const hash = canonicalHasher();
  hash.add(`${head}[`);
  let first = true;
  for await (const [, result] of resultTexts(pieces)) {
    hash.add(`${first ? '' : ','}${canonicalJson(JSON.parse(result) as ResultsV1['units'][number])}`);
    first = false;
  }
  hash.add(`]${tail}`);
  return hash.done();
}

/** The hash of `previous` (last key's evidence), its documents read a few at a time. */
async function previousHash(runId: string, pieces: StoredRunPieces): Promise<string> {
  const [head, tail] = around({ runId, evidence: mark('previous') }, mark('previous'), canonicalJson);
  const hash = canonicalHasher();
  hash.add(`${head}[`);
  let first = true;
  for await (const [, evidence] of evidenceTexts(pieces)) {
    hash.add(`${first ? '' : ','}${canonicalJson(JSON.parse(evidence) as EvidenceDocument)}`);
    first = false;
  }
  hash.add(`]${tail}`);
  return hash.done();
}

async function snapshot(stores: Stores, tree: UnitTree, key: CycleKey, options: ExportOptions): Promise<Snapshot | null> {
  const audit = await stores.audit.all();
  const run = await chosenHead(stores, tree, key, options.runId);
  const stored = await stores.rubrics.get(run.rubricHash);
  if (!stored) throw notFound(`评分 ${run.runId} 所用的考核细则 ${run.rubricHash}`);
  const rubric = JSON.parse(stored.source) as unknown;
  const pieces = await piecesOf(stores, run.runId, `评分 ${run.runId}`);
  const records = await unitRecordsOf(stores, key);
  const previous =
    run.previousRun === undefined
      ? undefined
      : { runId: run.previousRun, pieces: await piecesOf(stores, run.previousRun, `评分 ${run.runId} 所读的上年评分 ${run.previousRun}`) };
  const notes = await stores.notes.list(key);

  // Each unit's parts, in the run's order (unit-code order), with its materials kept for the writing.
  const materials = new Map<string, MaterialRecord[]>();
  const unitHashes: [string, string][] = [];
  for await (const [code, evidence] of evidenceTexts(pieces)) {
    const own = await stores.materials.list(key, code);
    materials.set(code, own);
    const unit = bundleUnitOf(JSON.parse(evidence) as EvidenceDocument, records, own);
    for (const [name, value] of unitParts(unit)) unitHashes.push([name, contentHash(value)]);
  }
  const parts: [string, string][] = [
    ['rubric', contentHash(rubric)],
    ['results', await resultsHash(pieces)],
    ['run', contentHash(run)],
    ['audit', contentHash(audit)],
    ['notes', contentHash(notes)],
    ...(previous ? [['previous', await previousHash(previous.runId, previous.pieces)] as [string, string]] : []),
    ...unitHashes,
  ];

  const lastSeq = audit.at(-1)?.seq ?? 0;
  if ((await stores.audit.read({ afterSeq: lastSeq, limit: 1 })).length > 0) return null;
  const manifest: BundleManifest = {
    engine: { name: 'kaohe', version: options.engineVersion },
    year: key.year,
    source: 'service',
    createdAt: options.at,
    createdBy: options.by,
    parts: Object.fromEntries(parts),
  };
  return { manifest, rubric, run, pieces, records, materials, audit, notes, ...(previous && { previous }) };
}

/** The bundle's bytes, a few units at a time. */
async function* written(s: Snapshot): AsyncGenerator<Uint8Array> {
  const [units, results, previous] = [mark('units'), mark('results'), mark('previous')];
  const previousPart: BundlePrevious | undefined = s.previous && { runId: s.previous.runId, evidence: previous as unknown as EvidenceDocument[] };
  // The bundle's own key order (sealBundle): format, manifest, then the content as exportBundle gives it.
  const skeleton = {
    kaohe: BUNDLE_FORMAT,
    manifest: s.manifest,
    rubric: s.rubric,
    units,
    results,
    run: s.run,
    audit: s.audit,
    notes: s.notes,
    ...(previousPart && { previous: previousPart }),
  };
  const [beforeUnits, afterUnits] = around(skeleton, units, JSON.stringify);
  const [betweenUnitsAndResults, afterResults] = splitOnce(afterUnits, JSON.stringify(results));
  const text = (t: string) => Buffer.from(t, 'utf8');

  yield text(`${beforeUnits}[`);
  let first = true;
  for await (const [code, evidence] of evidenceTexts(s.pieces)) {
    const bundled: BundleUnit = bundleUnitOf(JSON.parse(evidence) as EvidenceDocument, s.records, s.materials.get(code) ?? []);
    yield text(`${first ? '' : ','}${JSON.stringify(bundled)}`);
    first = false;
  }
  yield text(`]${betweenUnitsAndResults}${s.pieces.frame.resultsHead}[`);
  first = true;
  for await (const [, result] of resultTexts(s.pieces)) {
    yield text(`${first ? '' : ','}${result}`);
    first = false;
  }
  if (!s.previous) {
    yield text(`]${s.pieces.frame.resultsTail}${afterResults}\n`);
    return;
  }
  const [beforePrevious, end] = splitOnce(afterResults, JSON.stringify(previous));
  yield text(`]${s.pieces.frame.resultsTail}${beforePrevious}[`);
  first = true;
  for await (const [, evidence] of evidenceTexts(s.previous.pieces)) {
    yield text(`${first ? '' : ','}${evidence}`);
    first = false;
  }
  yield text(`]${end}\n`);
}

/**
 * The bundle of one run of `key` (by default its latest finalised run) as a stream of
 * its bytes (with a final newline, as GET …/bundle has always sent it). Everything that
 * can refuse the export (no such run, a database that kept changing) is settled before
 * this returns, so a refusal is an answer, not a broken download.
 */
export async function streamBundle(stores: Stores, tree: UnitTree, key: CycleKey, options: ExportOptions): Promise<AsyncIterable<Uint8Array>> {
  for (let attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
    const taken = await snapshot(stores, tree, key, options);
    if (taken) return written(taken);
  }
  throw conflict('导出审计包时数据库一直在变动，请稍后重试');
}
