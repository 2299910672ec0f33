/**
 * `kaohe assess` on the 1.0.0 seeds (rubrics/gansu-2015.json named, every other input
 * by default: seeds/evidence/2015, seeds/units.json), run once per test process: the full
 * report set (with the PDF) takes several seconds, and several test files read it.
 * The folder is removed when the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KaoheRun, runKaohe, seedRubric } from './cli.js';

let assessed: { out: string; run: KaoheRun } | undefined;

export function seedsAssessed(): { out: string; run: KaoheRun } {
  if (!assessed) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kaohe-test-seeds-assessed-'));
    process.on('exit', () => rmSync(out, { recursive: true, force: true }));
    assessed = { out, run: runKaohe(['assess', '--rubric', seedRubric, '--out', out]) };
  }
  return assessed;
}
