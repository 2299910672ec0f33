/**
 * One side of a replay measurement in a fresh process (bench/scale-replay.ts starts one
 * per side, so that neither runs warm on the other's compiled code): reads the bundle
 * file given as `kaohe audit replay` reads it, then either scores its evidence as a run
 * does (`score`) or replays it as `kaohe audit replay` does, with its worker thread
 * (`replay`; `replay-one-thread`: both halves on this thread). Each is timed twice: cold,
 * the first time in the process, as a command runs, and warm, the second time. Prints the
 * figures as one JSON line.
 *
 * Memory is taken on the first run: this thread's heap before every garbage collection
 * (v8.GCProfiler, so a peak between two samples is not missed), and the process's
 * resident memory, which holds the worker's heap and the bundle's bytes too, sampled
 * from a thread of its own every few milliseconds.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { parseSharedBytes, readSharedBytes } from '../src/adapters/replay-worker/bytes.js';
import { replayWithWorker, startReplayWorker } from '../src/adapters/replay-worker/index.js';
import { type BundleV1, replayBundle } from '../src/audit/index.js';
import { assessPrepared, buildResults, parseRubric, prepareEvidence } from '../src/core/index.js';
import { collect } from './stats.js';

export type ReplaySide = 'score' | 'replay' | 'replay-one-thread';

export interface SideFigures {
  units: number;
  bundleBytes: number;
  coldMs: number;
  warmMs: number;
  /** heapUsed with the bundle read and nothing else alive. */
  heapWithBundle: number;
  /** The highest heapUsed V8 saw on this thread during the first run (before any collection, and at its end). */
  heapPeak: number;
  /** Resident memory with the bundle read, and its highest sample during the first run. */
  rssWithBundle: number;
  rssPeak: number;
  ok: boolean;
}

const [file, side] = process.argv.slice(2) as [string, ReplaySide];
const read = readSharedBytes(file);
const parsed = read.ok ? parseSharedBytes(read.bytes) : read;
if (!read.ok || !parsed.ok) throw new Error(`bench: ${file} cannot be read: ${parsed.ok ? '' : parsed.problems[0]?.message}`);
const bytes = read.bytes;
const bundle = parsed.value as BundleV1;

function score(): boolean {
  const rubric = parseRubric(bundle.rubric);
  const evidences = bundle.units.map((u) => u.evidence);
  const prepared = evidences.map((e) => prepareEvidence(rubric, e));
  buildResults(rubric, assessPrepared(rubric, prepared, { engineVersion: bundle.results.engine.version, year: rubric.year }), evidences);
  return true;
}

const run: () => Promise<boolean> =
  side === 'score'
    ? () => Promise.resolve(score())
    : side === 'replay'
      ? async () => (await replayWithWorker(bundle, startReplayWorker(bytes))).ok
      : () => Promise.resolve(replayBundle(bundle).ok);

/** The process's resident memory, read every 5 ms by a thread that the measured work does not hold up; stop() gives the highest. */
async function rssSampler(): Promise<{ stop: () => Promise<number> }> {
  const code = `const { parentPort } = require('node:worker_threads');
let peak = process.memoryUsage.rss();
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
parentPort.once('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });`;
  const sampler = new Worker(code, { eval: true });
  await new Promise((resolve) => sampler.once('online', resolve));
  return {
    stop: async () => {
      const peak = new Promise<number>((resolve) => sampler.once('message', resolve));
      sampler.postMessage('stop');
      const value = await peak;
      await sampler.terminate();
      return value;
    },
  };
}

const sampler = await rssSampler();
collect();
collect();
const heapWithBundle = process.memoryUsage().heapUsed;
const rssWithBundle = process.memoryUsage.rss();
const profiler = new v8.GCProfiler();
profiler.start();
let t0 = performance.now();
const ok = await run();
const coldMs = performance.now() - t0;
const atEnd = process.memoryUsage().heapUsed;
const gcs = profiler.stop()?.statistics ?? [];
const rssPeak = await sampler.stop();
const heapPeak = Math.max(atEnd, ...gcs.map((g) => g.beforeGC.heapStatistics.usedHeapSize));
collect();
t0 = performance.now();
const again = await run();
const warmMs = performance.now() - t0;
const figures: SideFigures = {
  units: bundle.units.length,
  bundleBytes: bytes.byteLength,
  coldMs,
  warmMs,
  heapWithBundle,
  heapPeak,
  rssWithBundle,
  rssPeak,
  ok: ok && again,
};
console.log(JSON.stringify(figures));
