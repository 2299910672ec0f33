/**
 * The layers of src/, and which may import which. Inner layers know nothing of outer
 * ones: the core imports nothing; analysis, records, report, audit and spreadsheet import
 * nothing above them; services never import adapters, the API or the CLI (they get what they
 * need through ports, from the composition root, src/compose.ts).
 */
import { expect } from 'chai';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { importsOf, sourceFiles } from '../support/source-files.js';

type Layer = 'core' | 'analysis' | 'records' | 'report' | 'audit' | 'spreadsheet' | 'services' | 'adapters' | 'api' | 'cli' | 'root';

/** What each layer may import from src/ (besides itself). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  core: [],
  analysis: ['core'],
  records: ['core'],
  // The report shows an analysis's figures (how sure a rank is) beside the results.
  report: ['core', 'analysis'],
  audit: ['core', 'records', 'report'],
  spreadsheet: ['core', 'records'],
  services: ['core', 'analysis', 'records', 'report', 'audit', 'spreadsheet'],
  adapters: ['core', 'analysis', 'records', 'report', 'audit', 'spreadsheet', 'services', 'root'],
  api: ['core', 'analysis', 'records', 'report', 'audit', 'spreadsheet', 'services'],
  cli: ['core', 'analysis', 'records', 'report', 'audit', 'spreadsheet', 'services', 'adapters', 'root'],
  // compose.ts, server.ts, config.ts, package-info.ts: the composition root and what it reads.
  root: ['core', 'analysis', 'records', 'report', 'audit', 'spreadsheet', 'services', 'adapters', 'api', 'cli', 'root'],
};

/** npm packages a pure layer may use: libraries that compute, and nothing that does I/O. */
const PURE_LIBRARIES: Partial<Record<Layer, readonly string[]>> = {
  core: ['zod', 'node:crypto'],
  analysis: ['zod'],
  records: [],
  report: ['chart.js'],
  audit: ['zod', 'json-logic-engine', 'decimal.js'],
  spreadsheet: ['zod'],
};

const src = fromRoot('src');

function layerOf(file: string): Layer {
  const first = path.relative(src, file).split(path.sep)[0] as string;
  return (first.endsWith('.ts') ? 'root' : first) as Layer;
}

/** Root files other than the composition root may import only their own leaves. */
const ROOT_LEAVES: Readonly<Record<string, readonly string[]>> = {
  'config.ts': ['package-info.ts'],
  'package-info.ts': [],
};

describe('the layers of src/ and which may import which', () => {
  const files = sourceFiles(src);

  it('every folder of src/ is a known layer', () => {
    const layers = new Set(files.map(layerOf));
    for (const layer of layers) expect(MAY_IMPORT, `src/${layer}`).to.have.property(layer);
  });

  for (const file of files) {
    const name = path.relative(fromRoot(), file);
    const layer = layerOf(file);
    it(`${name} (${layer}) imports only what its layer may`, () => {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
          const to = layerOf(target);
          if (to === layer && layer !== 'root') continue;
          if (layer === 'root' && path.basename(file) in ROOT_LEAVES) {
            expect(ROOT_LEAVES[path.basename(file)], `${name} imports ${spec}`).to.include(path.relative(src, target));
            continue;
          }
          expect(MAY_IMPORT[layer], `${name} (${layer}) imports ${spec} (${to})`).to.include(to);
        } else {
          const allowed = PURE_LIBRARIES[layer];
          if (allowed !== undefined) expect(allowed, `${name}: npm import ${spec} in a pure layer`).to.include(spec);
        }
      }
    });
  }
});
