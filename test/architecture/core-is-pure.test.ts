import { expect } from 'chai';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { IMPURE_CALLS, importsOf, sourceFiles, usesOf } from '../support/source-files.js';

describe('the scoring core is pure (src/core)', () => {
  const core = fromRoot('src', 'core');
  for (const file of sourceFiles(core)) {
    const name = path.relative(fromRoot(), file);
    it(`${name} imports only the core, zod, and (in provenance/) node:crypto`, () => {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          expect(target.startsWith(core), `${spec} leaves src/core`).to.equal(true);
        } else if (spec === 'node:crypto') {
          expect(name.includes(`${path.sep}provenance${path.sep}`), 'node:crypto outside provenance/').to.equal(true);
        } else {
          expect(spec, 'npm imports in the core are limited to pure libraries').to.equal('zod');
        }
      }
    });
  }

  it('no core file reads the clock, randomness, the environment or generates code', () => {
    for (const file of sourceFiles(core)) {
      expect(usesOf(file, IMPURE_CALLS), path.relative(fromRoot(), file)).to.deep.equal([]);
    }
  });
});
