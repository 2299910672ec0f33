/**
 * Replay at scale (issue 12 §2): a files bundle of generated units written to a file, then
 * read, scored as a run scores it (prepare, assess, results) and replayed as
 * `kaohe audit replay` replays it, each side in a fresh process of its own
 * (bench/scale-replay-main.ts), timed cold (the first time in the process, as a command
 * runs) and warm (the second time). Cold is compared with cold and warm with warm: replay
 * timed cold against scoring warmed up in the same process would count the compiling of
 * replay's own code (zod's schema, json-logic-engine, the worker's start) against replay
 * alone, and scoring's share of it (the core, which replay also runs) for neither.
 * Memory is the replay's first run: this thread's heap above the bundle it holds, and the
 * process's resident memory, which counts the worker thread's heap too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromFiles } from '../src/audit/index.js';
import { assess, buildResults, parseRubric } from '../src/core/index.js';
import type { ReplaySide, SideFigures } from './scale-replay-main.js';
import { scaleEvidence } from './scale.js';

const SEED = 20151001;

export interface ReplayFigures {
  units: number;
  bundleBytes: number;
  /** prepare + assess + results, as a run scores: the first time in a fresh process, and the second. */
  scoreColdMs: number;
  scoreMs: number;
  /** kaohe audit replay's work, with its worker thread: the first time in a fresh process, and the second. */
  replayColdMs: number;
  replayMs: number;
  /** heapUsed with the bundle read and nothing else alive. */
  heapWithBundle: number;
  /** The highest heapUsed V8 saw on the replaying thread during replay (before any collection, and at its end). */
  replayHeapPeak: number;
  /** The process's resident memory with the bundle read, and at most during replay (the worker's heap and the bundle's bytes included). */
  rssWithBundle: number;
  replayRssPeak: number;
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

/** One side of the measurement, in a process of its own. */
export function measureSide(file: string, side: ReplaySide): SideFigures {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', childProgram(), file, side], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`bench: ${side} of ${file} failed (${child.status ?? child.signal}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as SideFigures;
}

/** Scores and replays `file`, each in a process of its own, and returns what they measured. */
export function measureReplay(file: string): ReplayFigures {
  const score = measureSide(file, 'score');
  const replay = measureSide(file, 'replay');
  return {
    units: replay.units,
    bundleBytes: replay.bundleBytes,
    scoreColdMs: score.coldMs,
    scoreMs: score.warmMs,
    replayColdMs: replay.coldMs,
    replayMs: replay.warmMs,
    heapWithBundle: replay.heapWithBundle,
    replayHeapPeak: replay.heapPeak,
    rssWithBundle: replay.rssWithBundle,
    replayRssPeak: replay.rssPeak,
    ok: replay.ok && score.ok,
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Replay's time against scoring's, cold and warm: `1234 ms cold ×1.10 scoring (1122 ms), 1000 ms warm ×1.20 (833 ms)`. */
export function replayAgainstScoring(f: ReplayFigures, scoring = 'scoring'): string {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  return `${ms(f.replayColdMs)} cold ×${(f.replayColdMs / f.scoreColdMs).toFixed(2)} ${scoring} (${ms(f.scoreColdMs)}), ${ms(f.replayMs)} warm ×${(f.replayMs / f.scoreMs).toFixed(2)} (${ms(f.scoreMs)})`;
}

/** Prints one line per size: replay's time against scoring's, cold and warm, and its memory above the bundle held. */
export function replayScaleBenchmark(sizes: readonly number[], log: (line: string) => void = console.log): ReplayFigures[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-scale-replay-'));
  try {
    return sizes.map((units) => {
      const f = measureReplay(writeScaleBundle(dir, units));
      log(
        `scale ${String(units).padStart(6)} units  audit replay       ${replayAgainstScoring(f)}; heap ${mb(f.heapWithBundle)} with the ${mb(f.bundleBytes)} bundle, peak ${mb(f.replayHeapPeak)} (${mb(f.replayHeapPeak - f.heapWithBundle)} above); resident ${mb(f.rssWithBundle)}, peak ${mb(f.replayRssPeak)} (${mb(f.replayRssPeak - f.rssWithBundle)} above, the worker's included)${f.ok ? '' : '  REPLAY FAILED'}`,
      );
      return f;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
