/**
 * The scale section of `npm run bench` (issue 12 §4), the core alone: seeded units on the
 * newest Gansu rubric at the county level of a province (14), a country's prefectures
 * (285), its county-level units (2,851) and its townships (38,000). Per size, each step's
 * median time, its time per unit, and that against the time per unit at 2,851 units
 * (so linear growth prints ≈ 1.00), then the memory the size took.
 *
 * results.json text and the second evaluator stop at 2,851 units: one results file of
 * 38,000 units would be about 1.9 GB of JSON (traces, about 49 KB per unit), beyond V8's
 * longest string and this heap; they wait for results stored per unit, as the service does.
 * KAOHE_BENCH_SCALE_SIZES (comma-separated) changes the sizes; KAOHE_BENCH_SCALE=0 skips the section.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { secondEvaluation } from '../src/audit/index.js';
import {
  type AssessmentResult,
  type EvidenceDocument,
  type ResultsV1,
  type Rubric,
  assessPrepared,
  buildResults,
  parseRubric,
  prepareEvidence,
} from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
import { collect, median } from './stats.js';

export const SCALE_SIZES = [14, 285, 2851, 38000];
const REFERENCE = 2851;
/** Above this, a results file is no longer one JSON text (see above). */
const WHOLE_RESULTS_UP_TO = 2851;
const SEED = 20151001;
const FILING = { filedAt: '2015-03-10T10:00:00+08:00', approvedAt: '2015-03-31T16:00:00+08:00', approvedBy: '省考核组' };

/**
 * Fewer rounds as a size grows and for the costly steps, so that the whole section stays
 * under two minutes on two cores while the cheap rows get enough rounds to outlast a
 * busy neighbour on the machine.
 */
const scoringRounds = (units: number) => (units <= 285 ? 15 : units <= 2851 ? 9 : 3);
const resultsRounds = (units: number) => (units <= 14 ? 9 : units <= 285 ? 5 : 3);

/**
 * Generated evidence as units file it: a target field's value (filledBy 'target', e.g. an
 * approved 优良天数比例 target) moves to the evidence's `targets`, where 1.1.0 reads it.
 */
export function scaleEvidence(rubric: Rubric, units: number, seed: number): EvidenceDocument[] {
  return generateEvidence(rubric, units, seed).map((e) => {
    const targets: Record<string, Record<string, unknown>> = {};
    for (const item of rubric.allItems) {
      const values = e.items?.[item.code]?.values as Record<string, unknown> | undefined;
      for (const field of item.fields) {
        if (field.filledBy !== 'target' || !values || !(field.key in values)) continue;
        targets[item.code] = { ...targets[item.code], [field.key]: { value: values[field.key], ...FILING } };
        delete values[field.key];
      }
    }
    return { ...e, targets } as EvidenceDocument;
  });
}

export interface ScaleRow {
  units: number;
  step: string;
  rounds: number;
  /** Median milliseconds; undefined when the step does not run at this size. */
  ms?: number;
}

export interface ScaleMemory {
  units: number;
  /** Highest heapUsed seen right after a step, before garbage collection, in bytes. */
  heapPeak: number;
  /** heapUsed before the size's evidence was generated (the rubric, the code), in bytes. */
  heapBefore: number;
  /** The process's resident-set high-water mark so far (it never comes down), in bytes. */
  rssHighWater: number;
}

const STEPS = ['prepareEvidence', 'assess', 'assess, traced', 'results.json text', 'second evaluator'] as const;

function measureSize(rubric: Rubric, units: number, warm: boolean, whole: boolean): { rows: ScaleRow[]; memory: ScaleMemory } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const evidences = scaleEvidence(rubric, units, SEED);
  const options = { engineVersion: 'bench', year: rubric.year };
  let prepared = evidences.map((e) => prepareEvidence(rubric, e));
  let assessment: AssessmentResult = assessPrepared(rubric, prepared, options);
  let results: ResultsV1 | undefined;
  const runs: Record<(typeof STEPS)[number], (() => unknown) | undefined> = {
    prepareEvidence: () => (prepared = evidences.map((e) => prepareEvidence(rubric, e))),
    assess: () => (assessment = assessPrepared(rubric, prepared, options)),
    'assess, traced': () => assessPrepared(rubric, prepared, { ...options, trace: true }),
    'results.json text': whole
      ? () => {
          results = buildResults(rubric, assessment, evidences);
          return JSON.stringify(results);
        }
      : undefined,
    'second evaluator': whole ? () => secondEvaluation(rubric, evidences, results ?? buildResults(rubric, assessment, evidences)) : undefined,
  };
  const times = new Map<string, number[]>(STEPS.map((s) => [s, []]));
  let heapPeak = 0;
  // Scoring first, then what reads results: a results object held alive (over half a GB at
  // 2,851 units) would slow scoring's garbage collection and blur its figures.
  const phases = [
    { steps: STEPS.slice(0, 3), rounds: scoringRounds(units) },
    { steps: STEPS.slice(3), rounds: resultsRounds(units) },
  ];
  for (const { steps: phase, rounds } of phases) {
    if (warm) for (const step of phase) runs[step]?.();
    for (let r = 0; r < rounds; r++) {
      for (const step of phase) {
        const run = runs[step];
        if (!run) continue;
        collect();
        const t0 = performance.now();
        run();
        times.get(step)?.push(performance.now() - t0);
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
    }
  }
  const rows = STEPS.map((step) => {
    const series = times.get(step) as number[];
    return { units, step, rounds: series.length, ms: series.length > 0 ? median(series) : undefined };
  });
  return { rows, memory: { units, heapPeak, heapBefore: before, rssHighWater: process.resourceUsage().maxRSS * 1024 } };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const perUnit = (ms: number, units: number) => {
  const us = (ms / units) * 1000;
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
};

export interface ScaleOptions {
  sizes?: readonly number[];
  rubricFile?: string;
  /** Largest size whose results.json text and second evaluator are timed (0: scoring only). */
  resultsUpTo?: number;
  log?: (line: string) => void;
}

/**
 * Times every size, smallest first (the smaller sizes' units are the first units of the
 * larger ones: one seed), then prints a row per step and size, a memory row per size, and a
 * `scale_per_unit_<largest>_vs_<reference>` line of the largest size's ratios.
 */
export function scaleBenchmark(options: ScaleOptions = {}): { rows: ScaleRow[]; memory: ScaleMemory[] } {
  const { sizes = SCALE_SIZES, rubricFile = 'rubrics/gansu-2015-1.1.0.json', resultsUpTo = WHOLE_RESULTS_UP_TO, log = console.log } = options;
  const rubric = parseRubric(JSON.parse(readFileSync(rubricFile, 'utf8')));
  const order = [...sizes].sort((a, b) => a - b);
  const reference = order.includes(REFERENCE) ? REFERENCE : Math.max(...order.filter((s) => s <= WHOLE_RESULTS_UP_TO));
  log(
    `scale: the core alone, ${rubric.id} ${rubric.version}, generated units; each row the median of its rounds; ×: time per unit against ${reference} units (linear: ×1.00)`,
  );
  const measured = order.map((units, i) => measureSize(rubric, units, i === 0, units <= resultsUpTo));
  const perUnitAtReference = new Map<string, number>();
  for (const row of measured[order.indexOf(reference)]?.rows ?? []) if (row.ms !== undefined) perUnitAtReference.set(row.step, row.ms / reference);
  const ratioOf = (row: ScaleRow) => (row.ms as number) / row.units / (perUnitAtReference.get(row.step) as number);
  for (const size of measured) {
    for (const row of size.rows) {
      const head = `scale ${String(row.units).padStart(6)} units  ${row.step.padEnd(18)}`;
      if (row.ms === undefined) {
        const why = row.units > WHOLE_RESULTS_UP_TO ? 'no single results file at this size' : 'scoring only for this rubric';
        log(`${head} ${'—'.padStart(10)}    (${why})`);
      } else
        log(`${head} ${row.ms.toFixed(1).padStart(7)} ms ${perUnit(row.ms, row.units).padStart(9)}/unit  ×${ratioOf(row).toFixed(2)}  (${row.rounds} rounds)`);
    }
    const m = size.memory;
    const above = ((m.heapPeak - m.heapBefore) / m.units) * 2 ** -10;
    log(
      `scale ${String(m.units).padStart(6)} units  ${'memory'.padEnd(18)} heap peak ${mb(m.heapPeak)} (${above.toFixed(0)} KB/unit above the ${mb(m.heapBefore)} before), rss high-water ${mb(m.rssHighWater)}`,
    );
  }
  const largest = measured[measured.length - 1]?.rows.filter((r) => r.ms !== undefined) ?? [];
  const key = (step: string) => step.replace(/[^a-z]+/gi, '_').replace(/_$/, '');
  log(`scale_per_unit_${order[order.length - 1]}_vs_${reference} ${largest.map((r) => `${key(r.step)}=${ratioOf(r).toFixed(2)}`).join(' ')}`);
  return { rows: measured.flatMap((m) => m.rows), memory: measured.map((m) => m.memory) };
}
