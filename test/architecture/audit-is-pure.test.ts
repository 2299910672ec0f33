/** The evaluator's toolkit (src/audit) computes only: what it may import is stated in layers.test.ts. */
import { expect } from 'chai';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { IMPURE_CALLS, sourceFiles, usesOf } from '../support/source-files.js';

describe("the evaluator's toolkit and the records are pure (src/audit, src/records, src/analysis)", () => {
  it('no file reads the clock, randomness, the environment or files', () => {
    for (const dir of ['audit', 'records', 'analysis']) {
      for (const file of sourceFiles(fromRoot('src', dir))) {
        expect(usesOf(file, [...IMPURE_CALLS, 'node:fs']), path.relative(fromRoot(), file)).to.deep.equal([]);
      }
    }
  });
});
