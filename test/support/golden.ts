/**
 * The golden bulletin: what `kaohe assess --rubric rubrics/gansu-2015.json` writes for
 * 1.0.0's seeds (the default seeds/evidence/2015 and seeds/units.json), kept under
 * test/golden/gansu-2015 and compared byte for byte. Only scripts/update-golden.ts
 * (npm run golden:update) rewrites it, so that a change in any published number,
 * word or byte shows up in review as a diff of these files.
 */
import { runKaohe, seedRubric } from './cli.js';
import { fromRoot } from './paths.js';

export const GOLDEN_DIR = fromRoot('test', 'golden', 'gansu-2015');
export const GOLDEN_FILES = ['results.json', 'ranking.csv', 'report.md'] as const;
export const GOLDEN_UPDATE = 'npm run golden:update';

/** Runs the built CLI on the seeds into `outDir`; throws with its output if it fails. */
export function assessSeedsInto(outDir: string): void {
  const run = runKaohe(['assess', '--rubric', seedRubric, '--out', outDir, '--no-pdf']);
  if (run.status !== 0) throw new Error(`kaohe assess failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

/** Where two versions of a file first differ, for a failure message a person can act on. */
export function firstDifference(expected: Buffer, actual: Buffer): string {
  const a = expected.toString('utf8').split('\n');
  const b = actual.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `first difference at line ${i + 1}:\n  golden: ${JSON.stringify(a[i] ?? '(end of file)')}\n  now:    ${JSON.stringify(b[i] ?? '(end of file)')}`;
    }
  }
  return `same text, different bytes (${expected.length} bytes golden, ${actual.length} now): line endings or byte-order mark?`;
}
