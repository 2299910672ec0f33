/**
 * npm run bench: scoring + ranking of 2,851 units (China's county-level count) on
 * the Gansu rubric, Kaohe against json-logic-js on the same data in the same run.
 * Prints throughputs and ends with `speedup_vs_json_logic_js=<ratio>`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { assess, parseRubric, type AssessmentResult } from '../src/core/index.js';
import { type Num, toNumber } from '../src/core/exact/index.js';
import { baselineAssess, type BaselineUnit } from './baseline.js';
import { generateEvidence } from './generate-evidence.js';

const UNITS = Number(process.env.KAOHE_BENCH_UNITS ?? 2851);
const ROUNDS = Number(process.env.KAOHE_BENCH_ROUNDS ?? 7);
const SEED = 20151231;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Alternates the contenders round by round so that drift on the machine hits both alike. */
function measure(contenders: Record<string, () => unknown>): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const run of Object.values(contenders)) run(); // warm-up: compile, JIT
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(contenders)) {
      const t0 = performance.now();
      run();
      (times[name] as number[]).push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

function compare(ours: AssessmentResult, baseline: BaselineUnit[]): { items: number; itemDiffs: number; totalDiffs: number; rankDiffs: number } {
  const byCode = new Map(baseline.map((u) => [u.code, u]));
  let items = 0;
  let itemDiffs = 0;
  let totalDiffs = 0;
  let rankDiffs = 0;
  for (const u of ours.units) {
    const b = byCode.get(u.unit.code) as BaselineUnit;
    for (const item of rubric.checkpoints) {
      items++;
      if (toNumber(u.scores[item.index] as Num) !== b.items.get(item.code)) itemDiffs++;
    }
    if (Number(toNumber(u.total).toFixed(6)) !== Number(b.total.toFixed(6))) totalDiffs++;
    if (u.rank !== b.rank) rankDiffs++;
  }
  return { items, itemDiffs, totalDiffs, rankDiffs };
}

// npm runs scripts from the package root.
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const evidences = generateEvidence(rubric, UNITS, SEED);
const rules = UNITS * (rubric.items.size + rubric.vetoes.length);
console.log(`Kaohe benchmark: ${UNITS} units × ${rubric.items.size} items + ${rubric.vetoes.length} veto (${rules} rule evaluations per run), ${ROUNDS} rounds, median`);
console.log(`node ${process.version}, rubric ${rubric.id} ${rubric.hash.slice(0, 19)}…`);

const options = { engineVersion: 'bench', year: rubric.year };
const times = measure({
  'json-logic-js apply (float)': () => baselineAssess(rubric, evidences),
  'kaohe, exact, trace off': () => assess(rubric, evidences, { ...options, trace: false }),
  'kaohe, exact, full trace': () => assess(rubric, evidences, { ...options, trace: true }),
});

const baseMs = times['json-logic-js apply (float)'] as number;
for (const [name, ms] of Object.entries(times)) {
  const perSecond = Math.round((UNITS / ms) * 1000);
  console.log(`${name.padEnd(30)} ${ms.toFixed(1).padStart(8)} ms  ${String(perSecond).padStart(8)} units/s  ×${(baseMs / ms).toFixed(2)}`);
}

const agreement = compare(assess(rubric, evidences, options), baselineAssess(rubric, evidences));
console.log(
  `agreement after rounding: ${agreement.items - agreement.itemDiffs}/${agreement.items} checkpoint scores, ` +
    `${UNITS - agreement.totalDiffs}/${UNITS} totals, ${UNITS - agreement.rankDiffs}/${UNITS} ranks identical`,
);
const speedup = baseMs / (times['kaohe, exact, full trace'] as number);
console.log(`speedup_vs_json_logic_js=${speedup.toFixed(2)}`);
