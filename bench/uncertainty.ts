/**
 * The uncertainty section (issue 13): the time of 1,000 seeded draws, each scored by the
 * exact engine, for Gansu's 14 seed units and for 2,851 generated units (the county level).
 * Aims: 14 units under a second, 2,851 under a minute. The baseline, in the same run, is
 * scoring the same units once without analysis (assessPrepared): the ratio says what a draw
 * costs against scoring every unit (a draw scores again only the items whose fields it
 * changed, then ranks and tallies; below ×1 it is cheaper than scoring once).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { analyseUncertainty, parseUncertaintySpec } from '../src/analysis/index.js';
import { type PreparedEvidence, type Rubric, assessPrepared, parseEvidence, parseRubric, prepareEvidence } from '../src/core/index.js';
import { scaleEvidence } from './scale.js';
import { median } from './stats.js';

const RUBRIC = 'rubrics/gansu-2015-1.1.0.json';
const SEEDS = 'seeds/evidence/2015-1.1.0';
const DRAWS = 1000;

const SPECS = {
  judgements: { judgement: { probability: 0.1 }, method: 'sample', draws: DRAWS, seed: 2015 },
  'judgements + tolerances': JSON.parse(readFileSync('docs/examples/uncertainty-gansu-2015.json', 'utf8')) as Record<string, unknown>,
} as const;

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function scoringMs(rubric: Rubric, prepared: readonly PreparedEvidence[]): number {
  const samples: number[] = [];
  // Warm first, as the draws are by the time they are timed: a cold first scoring is several times slower.
  for (let i = 0; i < 30; i++) {
    const { ms } = timed(() => assessPrepared(rubric, prepared, { engineVersion: 'bench' }));
    if (i >= 15) samples.push(ms);
  }
  return median(samples);
}

export function uncertaintyBenchmark(sizes: readonly number[] = [14, 2851], log: (line: string) => void = console.log, draws = DRAWS): void {
  const rubric = parseRubric(JSON.parse(readFileSync(RUBRIC, 'utf8')));
  log(
    `\nuncertainty: ${draws.toLocaleString('en-US')} draws, each scored exactly (rubric ${rubric.id} ${rubric.version}); ratio = time / (${draws} × one plain scoring)`,
  );
  for (const size of sizes) {
    const documents =
      size === 14
        ? readdirSync(SEEDS)
            .filter((f) => f.endsWith('.json'))
            .map((f) => parseEvidence(JSON.parse(readFileSync(`${SEEDS}/${f}`, 'utf8'))))
        : scaleEvidence(rubric, size, 2851);
    const prepared = documents.map((e) => prepareEvidence(rubric, e));
    const once = scoringMs(rubric, prepared);
    for (const [name, raw] of Object.entries(SPECS)) {
      const spec = parseUncertaintySpec({ ...raw, method: 'sample', draws });
      globalThis.gc?.();
      const { ms, value } = timed(() => analyseUncertainty(rubric, prepared, spec, { engineVersion: 'bench' }));
      // The aims are for 1,000 draws; fewer (in tests) are scaled to them.
      const aim = ((size <= 14 ? 1000 : 60_000) * draws) / DRAWS;
      log(
        `  ${String(size).padStart(5)} units  ${name.padEnd(24)} ${value.variations.toLocaleString('en-US').padStart(7)} varying  ${(ms / 1000).toFixed(2).padStart(7)} s  ×${(ms / (draws * once)).toFixed(2)} plain scoring  (aim ${aim / 1000} s: ${ms <= aim ? 'met' : 'not met'})`,
      );
    }
  }
}
