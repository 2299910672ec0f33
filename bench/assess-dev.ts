// Development aid: assessPrepared alone, many times, median.
import { readFileSync } from 'node:fs';
import { assessPrepared, parseRubric, prepareEvidence } from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const prepared = generateEvidence(rubric, 2851, 20151231).map((e) => prepareEvidence(rubric, e));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
for (let i = 0; i < 5; i++) assessPrepared(rubric, prepared, { engineVersion: 'x' });
const ts: number[] = [];
for (let i = 0; i < 31; i++) { gc(); const t = performance.now(); assessPrepared(rubric, prepared, { engineVersion: 'x' }); ts.push(performance.now() - t); }
ts.sort((a, b) => a - b);
console.log('assessPrepared median', ts[15]!.toFixed(1), 'ms; min', ts[0]!.toFixed(1));
