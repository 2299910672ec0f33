// Runs Kaohe alone on the benchmark data, for `node --cpu-prof` (development aid).
// TRACE=1 records traces; GC=1 (with node --expose-gc) collects garbage before every
// assessment, as the bench does before every sample: the back-to-back figure is lower,
// since the units and the tables then stay in the CPU's caches from one run to the next.
import { readFileSync } from 'node:fs';
import { assessPrepared, parseRubric, prepareEvidence } from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
import { collect } from './stats.js';
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const prepared = generateEvidence(rubric, 2851, 1).map((e) => prepareEvidence(rubric, e));
const options = { engineVersion: 'profile', trace: process.env.TRACE === '1' };
const between = process.env.GC === '1' ? collect : () => undefined;
let elapsed = 0;
const cpu = process.cpuUsage();
for (let i = 0; i < 100; i++) {
  between();
  const t = performance.now();
  assessPrepared(rubric, prepared, options);
  elapsed += performance.now() - t;
}
const used = process.cpuUsage(cpu);
console.log((elapsed / 100).toFixed(1), 'ms per assessment;', ((used.user + used.system) / 1000 / 100).toFixed(1), 'ms of CPU per assessment and collection');
