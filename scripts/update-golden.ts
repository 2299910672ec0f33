/**
 * Rewrites the golden bulletin under test/golden/gansu-2015 from the seeds, on
 * purpose: run it when a change to the engine, the rubric, the seeds or the report
 * format is meant to change what `kaohe assess` publishes, then review the diff
 * (git diff test/golden) and commit it with the change that caused it.
 *
 *   npm run golden:update        (builds first: the golden files come from dist/, as users run it)
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GOLDEN_DIR, GOLDEN_FILES, assessSeedsInto } from '../test/support/golden.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'kaohe-golden-'));
try {
  assessSeedsInto(scratch);
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const name of GOLDEN_FILES) {
    const fresh = path.join(scratch, name);
    const golden = path.join(GOLDEN_DIR, name);
    let before: Buffer | undefined;
    try {
      before = readFileSync(golden);
    } catch {
      before = undefined;
    }
    const changed = before === undefined || !before.equals(readFileSync(fresh));
    copyFileSync(fresh, golden);
    console.log(`${changed ? 'updated  ' : 'unchanged'} ${path.relative(process.cwd(), golden)}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
