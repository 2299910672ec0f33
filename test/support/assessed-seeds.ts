/**
 * `kaohe assess` on the seeds with every default, run once per test process: the full
 * report set (with the PDF) takes several seconds, and several test files read it.
 * The folder is removed when the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KaoheRun, runKaohe } from './cli.js';

let assessed: { out: string; run: KaoheRun } | undefined;

export function seedsAssessed(): { out: string; run: KaoheRun } {
  if (!assessed) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kaohe-test-seeds-assessed-'));
    process.on('exit', () => rmSync(out, { recursive: true, force: true }));
    assessed = { out, run: runKaohe(['assess', '--out', out]) };
  }
  return assessed;
}
