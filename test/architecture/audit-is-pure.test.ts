import { expect } from 'chai';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { IMPURE_CALLS, importsOf, sourceFiles, usesOf } from '../support/source-files.js';

/** The pure parts of the service an evaluator's tools reuse: record types, the audit chain, how evidence is merged, record hashes. */
const PURE_SERVICE_MODULES = ['ports.ts', 'audit-chain.ts', 'evidence-merge.ts', 'records.ts'].map((f) => fromRoot('src', 'services', f));
const LIBRARIES = ['zod', 'json-logic-engine', 'decimal.js'];

describe('the evaluator\'s toolkit is pure (src/audit)', () => {
  const audit = fromRoot('src', 'audit');
  const core = fromRoot('src', 'core');
  for (const file of sourceFiles(audit)) {
    const name = path.relative(fromRoot(), file);
    it(`${name} imports only the core, the toolkit, the pure service modules and pure libraries`, () => {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
          const allowed = target.startsWith(audit) || target.startsWith(core) || PURE_SERVICE_MODULES.includes(target);
          expect(allowed, `${spec} is neither the core, src/audit nor a pure service module`).to.equal(true);
        } else {
          expect(LIBRARIES, `npm import ${spec}`).to.include(spec);
        }
      }
    });
  }

  it('no toolkit file reads the clock, randomness, the environment or files', () => {
    for (const file of sourceFiles(audit)) {
      expect(usesOf(file, [...IMPURE_CALLS, 'node:fs']), path.relative(fromRoot(), file)).to.deep.equal([]);
    }
  });
});
