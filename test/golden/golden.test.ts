import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDirs } from '../support/cli.js';
import { GOLDEN_DIR, GOLDEN_FILES, GOLDEN_UPDATE, assessSeedsInto, firstDifference } from '../support/golden.js';

describe('the golden bulletin for the seeds (test/golden/gansu-2015)', () => {
  const tempDir = useTempDirs();
  let fresh: string;
  before(() => {
    fresh = tempDir('golden');
    assessSeedsInto(fresh);
  });

  for (const name of GOLDEN_FILES) {
    it(`When the seeds are assessed with every default, Then ${name} is byte for byte the golden ${name}`, () => {
      const golden = readFileSync(path.join(GOLDEN_DIR, name));
      const now = readFileSync(path.join(fresh, name));
      if (golden.equals(now)) return;
      expect.fail(
        `${name} is not what it was.\n${firstDifference(golden, now)}\n\n` +
          `If this change is a mistake, fix the code. If it is intended (the engine, the rubric, the seeds or the ` +
          `report format changed on purpose), regenerate the golden files with\n\n    ${GOLDEN_UPDATE}\n\n` +
          `then review "git diff test/golden" and commit the golden files together with the change that caused them.`,
      );
    });
  }
});
