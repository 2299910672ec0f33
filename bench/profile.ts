// Runs Kaohe alone on the benchmark data, for `node --cpu-prof`.
import { readFileSync } from 'node:fs';
import { assess, parseRubric } from '../src/core/index.js';
import { generateEvidence } from './generate-evidence.js';
const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
const evidences = generateEvidence(rubric, 2851, 1);
for (let i = 0; i < 20; i++) assess(rubric, evidences, { engineVersion: 'profile', trace: process.env.TRACE !== '0' });
