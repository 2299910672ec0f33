/**
 * Replay at scale (issue 12 §2): a files bundle of generated units written to a file, then,
 * in a fresh process (bench/scale-replay-main.ts), the bundle read as `kaohe audit replay`
 * reads it, scored as a run scores it (prepare, assess, results) and replayed. Each figure
 * comes from that process alone: the time of each, and the heap replay took above the
 * bundle it holds, from V8's own count before every garbage collection (v8.GCProfiler),
 * so a peak between two samples is not missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromFiles } from '../src/audit/index.js';
import { assess, buildResults, parseRubric } from '../src/core/index.js';
import { scaleEvidence } from './scale.js';

const SEED = 20151001;

export interface ReplayFigures {
  units: number;
  bundleBytes: number;
  /** prepare + assess + results, as a run scores. */
  scoreMs: number;
  replayMs: number;
  /** heapUsed with the bundle read and nothing else alive. */
  heapWithBundle: number;
  /** The highest heapUsed V8 saw during replay (before any collection, and at its end). */
  replayHeapPeak: number;
  ok: boolean;
}

/** Writes a bundle of `units` generated units of `rubricFile` into `dir` and returns its path. */
export function writeScaleBundle(dir: string, units: number, rubricFile = 'rubrics/gansu-2015-1.1.0.json'): string {
  const rubricJson: unknown = JSON.parse(readFileSync(rubricFile, 'utf8'));
  const rubric = parseRubric(rubricJson);
  const evidence = scaleEvidence(rubric, units, SEED);
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'bench', year: rubric.year }), evidence);
  const file = path.join(dir, `bundle-${units}.json`);
  writeFileSync(file, JSON.stringify(bundleFromFiles({ rubric: rubricJson, evidence, results, engineVersion: 'bench' })));
  return file;
}

/** The child program beside this file (.ts under tsx, .js once compiled). */
function childProgram(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `scale-replay-main${path.extname(here)}`);
}

/** Replays `file` in a process of its own and returns what it measured. */
export function measureReplay(file: string): ReplayFigures {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', childProgram(), file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`bench: replaying ${file} failed (${child.status ?? child.signal}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ReplayFigures;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Prints one line per size: scoring and replay time, their ratio, and replay's heap above the bundle held. */
export function replayScaleBenchmark(sizes: readonly number[], log: (line: string) => void = console.log): ReplayFigures[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-scale-replay-'));
  try {
    return sizes.map((units) => {
      const figures = measureReplay(writeScaleBundle(dir, units));
      const above = figures.replayHeapPeak - figures.heapWithBundle;
      log(
        `scale ${String(units).padStart(6)} units  audit replay       ${figures.replayMs.toFixed(0).padStart(7)} ms  ×${(figures.replayMs / figures.scoreMs).toFixed(2)} scoring (${figures.scoreMs.toFixed(0)} ms), heap ${mb(figures.heapWithBundle)} with the ${mb(figures.bundleBytes)} bundle, peak ${mb(figures.replayHeapPeak)} (${mb(above)} above)${figures.ok ? '' : '  REPLAY FAILED'}`,
      );
      return figures;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
