/**
 * One replay measurement in a fresh process (bench/scale-replay.ts starts it): reads the
 * bundle file given, times scoring its evidence as a run does, then `kaohe audit replay`'s
 * work on it, and prints the figures as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { type BundleV1, replayBundle } from '../src/audit/index.js';
import { assessPrepared, buildResults, parseRubric, prepareEvidence } from '../src/core/index.js';
import { collect } from './stats.js';

const file = process.argv[2] as string;
const text = readFileSync(file, 'utf8');
const bundleBytes = Buffer.byteLength(text);
const bundle = JSON.parse(text) as BundleV1;

function score(): number {
  const t0 = performance.now();
  const rubric = parseRubric(bundle.rubric);
  const evidences = bundle.units.map((u) => u.evidence);
  const prepared = evidences.map((e) => prepareEvidence(rubric, e));
  buildResults(rubric, assessPrepared(rubric, prepared, { engineVersion: bundle.results.engine.version, year: rubric.year }), evidences);
  return performance.now() - t0;
}

score(); // warm: compile and JIT, as replay's own first steps would otherwise pay for it
collect();
const scoreMs = score();
collect();
collect();
const heapWithBundle = process.memoryUsage().heapUsed;
const profiler = new v8.GCProfiler();
profiler.start();
const t0 = performance.now();
const report = replayBundle(bundle);
const replayMs = performance.now() - t0;
const atEnd = process.memoryUsage().heapUsed;
const gcs = profiler.stop()?.statistics ?? [];
const replayHeapPeak = Math.max(atEnd, ...gcs.map((g) => g.beforeGC.heapStatistics.usedHeapSize));
console.log(JSON.stringify({ units: bundle.units.length, bundleBytes, scoreMs, replayMs, heapWithBundle, replayHeapPeak, ok: report.ok }));
