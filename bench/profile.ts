// Runs Kaohe alone on the benchmark data, for `node --cpu-prof` (development aid).
import { readFileSync } from 'node:fs';
import { assessPrepared, parseRubric, prepareEvidence } from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const prepared = generateEvidence(rubric, 2851, 1).map((e) => prepareEvidence(rubric, e));
const t = performance.now();
for (let i = 0; i < 100; i++) assessPrepared(rubric, prepared, { engineVersion: 'profile', trace: process.env.TRACE === '1' });
console.log(((performance.now() - t) / 100).toFixed(1), 'ms per assessment');
