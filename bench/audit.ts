/**
 * The audit section of `npm run bench`: what a third-party evaluator waits for when
 * replaying a bundle (issue 5). A files bundle of generated units is built as
 * `kaohe assess --bundle` builds one; then, round by round in turn:
 * - the baseline: scoring those units with the core (assess + buildResults), as a run does;
 * - `replayBundle`: schema, part hashes, cross-hashes, the core's recomputation and the
 *   second evaluator (json-logic-engine with decimal.js), everything replay does;
 * - the second evaluator alone.
 * Each row is the median; each ratio the median over rounds of time / baseline time.
 * KAOHE_BENCH_AUDIT_UNITS (default 500) and KAOHE_BENCH_AUDIT_ROUNDS (default 3).
 */
import { readFileSync } from 'node:fs';
import { bundleFromFiles, replayBundle, secondEvaluation } from '../src/audit/index.js';
import { assess, buildResults, parseRubric } from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
import { measureRounds, median, pairedRatio } from './stats.js';

const UNITS = Number(process.env.KAOHE_BENCH_AUDIT_UNITS ?? 500);
const ROUNDS = Number(process.env.KAOHE_BENCH_AUDIT_ROUNDS ?? 3);
const SEED = 20160401;

export function auditBenchmark(): void {
  const rubricJson: unknown = JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8'));
  const rubric = parseRubric(rubricJson);
  const evidence = generateEvidence(rubric, UNITS, SEED);
  const score = () => buildResults(rubric, assess(rubric, evidence, { engineVersion: 'bench', year: rubric.year }), evidence);
  const results = score();
  // Through JSON, as replay reads a bundle file.
  const bundle: unknown = JSON.parse(JSON.stringify(bundleFromFiles({ rubric: rubricJson, evidence, results, engineVersion: 'bench' })));
  const check = replayBundle(bundle);
  if (!check.ok) throw new Error(`bench: the generated bundle does not replay: ${check.problems[0]?.message}`);

  const contenders: Record<string, () => unknown> = {
    'score (assess + results)': score,
    'audit replay, everything': () => replayBundle(bundle),
    'second evaluator alone': () => secondEvaluation(rubric, evidence, results),
  };
  const times = measureRounds(contenders, ROUNDS);
  const baseline = times['score (assess + results)'] as number[];
  console.log(
    `audit: a files bundle of ${UNITS} units (${(JSON.stringify(bundle).length / 1e6).toFixed(1)} MB), ${ROUNDS} rounds (median), ratio to scoring them`,
  );
  for (const [name, series] of Object.entries(times)) {
    const ms = median(series);
    console.log(
      `audit       ${name.padEnd(31)} ${ms.toFixed(1).padStart(7)} ms ${String(Math.round((UNITS / ms) * 1000)).padStart(8)} units/s  ×${pairedRatio(series, baseline).toFixed(2)}`,
    );
  }
}
