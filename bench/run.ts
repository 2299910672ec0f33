/**
 * npm run bench: scoring + ranking of 2,851 units (China's county-level count) on
 * the Gansu rubric, Kaohe against json-logic-js and against json-logic-engine's
 * compiled mode on the same data in the same run (each ratio column is against one).
 *
 * Both sides start from evidence already picked out per item (Kaohe's prepareEvidence
 * also checks every value against its field; the baseline checks nothing), and the
 * end-to-end rows include that step. Contenders alternate round by round; each row is
 * the median time; each ratio is the median over rounds of the paired ratio. Then the
 * replay of an audit bundle (bench/audit.ts; KAOHE_BENCH_AUDIT=0 skips it), the core alone
 * at 14 to 38,000 units in a process of its own (bench/scale.ts; KAOHE_BENCH_SCALE=0 skips it), the service
 * at 14 and 285 units (to 2,850 on request) in another (bench/scale-service.ts; KAOHE_BENCH_SCALE_SERVICE=0 skips it), and the
 * 1,000 uncertainty draws of 14 and 2,851 units (bench/uncertainty.ts; KAOHE_BENCH_UNCERTAINTY=0 skips it), the
 * report set for 14, 28 and 56 units (bench/reports.ts; KAOHE_BENCH_REPORTS=0 skips it), and
 * mixed reads over HTTP on FerretDB at a fixed rate (bench/mixed.ts; KAOHE_BENCH_MIXED=0 skips it), and
 * the web workspace in Chromium (bench/web.ts; KAOHE_BENCH_WEB=0 skips it).
 * The last line is `speedup_vs_json_logic_js=<ratio>` for scoring + ranking.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AssessmentResult, assess, assessPrepared, parseRubric, prepareEvidence } from '../src/core/index.js';
import { toNumber } from '../src/core/exact/index.js';
import { auditBenchmark } from './audit.js';
import { type BaselineUnit, baselineAssess, baselineAssessPrepared, baselinePrepare, jsonLogicEngineRules, jsonLogicJsRules } from './baseline.js';
import { generateEvidence } from './generate-evidence.js';
import { mixedBenchmark } from './mixed.js';
import { webBenchmark } from './web.js';
import { reportBenchmark } from './reports.js';
import { measureRounds, median, pairedRatio } from './stats.js';

const UNITS = Number(process.env.KAOHE_BENCH_UNITS ?? 2851);
const ROUNDS = Number(process.env.KAOHE_BENCH_ROUNDS ?? 15);
const SEED = 20151231;

function agreement(ours: AssessmentResult, baseline: BaselineUnit[]): string {
  const byCode = new Map(baseline.map((u) => [u.code, u]));
  let items = 0;
  let same = 0;
  let totals = 0;
  let ranks = 0;
  for (const placed of ours.units) {
    const u = placed.result;
    const b = byCode.get(u.unit.code) as BaselineUnit;
    rubric.checkpoints.forEach((item, i) => {
      items++;
      if ((u.steps[item.index] as number) / 10 ** rubric.precision === b.scores[i]) same++;
    });
    if (toNumber(u.total) === b.total) totals++;
    if (placed.rank === b.rank) ranks++;
  }
  return `${same}/${items} checkpoint scores, ${totals}/${UNITS} totals, ${ranks}/${UNITS} ranks identical`;
}

// npm runs scripts from the package root.
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const evidences = generateEvidence(rubric, UNITS, SEED);
const prepared = evidences.map((e) => prepareEvidence(rubric, e));
const baselineInputs = evidences.map((e) => baselinePrepare(rubric, e));
const options = { engineVersion: 'bench', year: rubric.year };
const applyRules = jsonLogicJsRules(rubric);
const compiledRules = jsonLogicEngineRules(rubric);
const JS = 'json-logic-js apply, float';
const ENGINE = 'json-logic-engine compiled, float';

console.log(
  `Kaohe benchmark: ${UNITS} units × ${rubric.allItems.length} items + ${rubric.vetoes.length} veto, ${ROUNDS} rounds (median), node ${process.version}`,
);
console.log('each sample after a full garbage collection, one warm-up run each, the rows in turn within a round; ratios paired by round');
const rows: [string, string, () => unknown][] = [
  ['score+rank', JS, () => baselineAssessPrepared(rubric, baselineInputs, applyRules)],
  ['score+rank', ENGINE, () => baselineAssessPrepared(rubric, baselineInputs, compiledRules)],
  ['score+rank', 'kaohe, exact', () => assessPrepared(rubric, prepared, options)],
  ['score+rank', 'kaohe, exact, recording trace', () => assessPrepared(rubric, prepared, { ...options, trace: true })],
  ['end-to-end', JS, () => baselineAssess(rubric, evidences, applyRules)],
  ['end-to-end', ENGINE, () => baselineAssess(rubric, evidences, compiledRules)],
  ['end-to-end', 'kaohe, exact, checking values', () => assess(rubric, evidences, options)],
];
const times = measureRounds(Object.fromEntries(rows.map(([what, who, run]) => [`${what} ${who}`, run])), ROUNDS);
const series = (what: string, who: string) => times[`${what} ${who}`] as number[];
console.log(`${''.padEnd(11)} ${''.padEnd(34)} ${'median'.padStart(10)} ${'units/s'.padStart(8)}  vs js   vs engine`);
for (const [what, who] of rows) {
  const ms = median(series(what, who));
  const ratio = (to: string) => `×${pairedRatio(series(what, to), series(what, who)).toFixed(2)}`;
  console.log(
    `${what.padEnd(11)} ${who.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms ${String(Math.round((UNITS / ms) * 1000)).padStart(8)}  ${ratio(JS).padEnd(7)} ${ratio(ENGINE)}`,
  );
}
const ours = assess(rubric, evidences, options);
console.log(`agreement with json-logic-js after rounding: ${agreement(ours, baselineAssess(rubric, evidences, applyRules))}`);
console.log(`agreement with json-logic-engine after rounding: ${agreement(ours, baselineAssess(rubric, evidences, compiledRules))}`);
const speedup = pairedRatio(series('score+rank', JS), series('score+rank', 'kaohe, exact'));
const traced = pairedRatio(series('score+rank', JS), series('score+rank', 'kaohe, exact, recording trace'));
const versusEngine = pairedRatio(series('score+rank', ENGINE), series('score+rank', 'kaohe, exact'));
console.log(`speedup_vs_json_logic_engine_compiled=${versusEngine.toFixed(2)} speedup_with_trace_vs_json_logic_js=${traced.toFixed(2)}`);
// After the scoring rows (Chromium and the canvas would disturb them), before the last line.
if (process.env.KAOHE_BENCH_AUDIT !== '0') auditBenchmark();
if (process.env.KAOHE_BENCH_SCALE !== '0') {
  const scale = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./scale-main.js', import.meta.url))], { stdio: 'inherit' });
  if (scale.status !== 0) throw new Error(`bench: the scale section failed (${scale.status ?? scale.signal})`);
}
if (process.env.KAOHE_BENCH_SCALE_SERVICE !== '0') {
  const service = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./scale-service-main.js', import.meta.url))], { stdio: 'inherit' });
  if (service.status !== 0) throw new Error(`bench: the service scale rows failed (${service.status ?? service.signal})`);
}
if (process.env.KAOHE_BENCH_UNCERTAINTY !== '0') {
  const uncertainty = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./uncertainty-main.js', import.meta.url))], { stdio: 'inherit' });
  if (uncertainty.status !== 0) throw new Error(`bench: the uncertainty section failed (${uncertainty.status ?? uncertainty.signal})`);
}
if (process.env.KAOHE_BENCH_REPORTS !== '0') await reportBenchmark();
if (process.env.KAOHE_BENCH_MIXED !== '0') await mixedBenchmark();
if (process.env.KAOHE_BENCH_WEB !== '0') await webBenchmark();
console.log(`speedup_vs_json_logic_js=${speedup.toFixed(2)}`);
