import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';

/** Every .ts file below a folder. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

/** The pure parts of the service an evaluator's tools reuse: record types, the audit chain, how evidence is merged, record hashes. */
const PURE_SERVICE_MODULES = ['ports.ts', 'audit-chain.ts', 'evidence-merge.ts', 'records.ts'].map((f) => fromRoot('src', 'services', f));
const LIBRARIES = ['zod', 'json-logic-engine', 'decimal.js'];

describe('the evaluator\'s toolkit is pure (src/audit)', () => {
  const audit = fromRoot('src', 'audit');
  const core = fromRoot('src', 'core');
  for (const file of files(audit)) {
    const name = path.relative(fromRoot(), file);
    it(`${name} imports only the core, the toolkit, the pure service modules and pure libraries`, () => {
      for (const spec of imports(file)) {
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
    for (const file of files(audit)) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const banned of ['Date.now', 'new Date', 'Math.random', 'process.', 'eval(', 'new Function', 'require(', 'node:fs']) {
        expect(text.includes(banned), `${path.relative(fromRoot(), file)} uses ${banned}`).to.equal(false);
      }
    }
  });
});
