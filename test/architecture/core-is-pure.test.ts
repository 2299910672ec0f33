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

describe('the scoring core is pure (src/core)', () => {
  const core = fromRoot('src', 'core');
  for (const file of files(core)) {
    const name = path.relative(fromRoot(), file);
    it(`${name} imports only the core, zod, and (in provenance/) node:crypto`, () => {
      for (const spec of imports(file)) {
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
    for (const file of files(core)) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const banned of ['Date.now', 'new Date', 'Math.random', 'process.', 'eval(', 'new Function', 'require(']) {
        expect(text.includes(banned), `${path.relative(fromRoot(), file)} uses ${banned}`).to.equal(false);
      }
    }
  });
});
