import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import {
  type EvidenceDocument,
  assess,
  buildResults,
  canonicalJson,
  canonicalJsonPieces,
  contentHash,
  contentHashInPieces,
  parseEvidence,
  parseRubric,
  resultsParts,
} from '../../src/core/index.js';
import { fromRoot } from '../support/paths.js';

/** What replay reads a large run with: the results one unit at a time, and hashes of texts never held whole. */
describe('results and hashes in pieces (for runs of thousands of units)', () => {
  const rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8')));
  const dir = fromRoot('seeds', 'evidence', '2015');
  const evidences: EvidenceDocument[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseEvidence(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'))));
  const assessment = assess(rubric, evidences, { engineVersion: 'test', year: 2015, asOf: '2016-03-31' });
  const whole = buildResults(rubric, assessment, evidences);

  it('gives the seeded 14 units’ results unit by unit, each the same text as in results.json, after the same head', () => {
    const parts = resultsParts(rubric, assessment, evidences);
    const units = [...parts.units()];
    expect(units.map((u) => JSON.stringify(u))).to.deep.equal(whole.units.map((u) => JSON.stringify(u)));
    expect(JSON.stringify({ ...parts.head, units: whole.units })).to.equal(JSON.stringify(whole));
  });

  it('hashes the canonical text in pieces to the same hash at every depth, undefined members and array holes as canonicalJson has them', () => {
    const odd = { b: [1, undefined, { z: 'é', a: [] }], a: { y: undefined, x: -0, w: null }, 'k"ey': '"' };
    for (const value of [whole, odd, [], {}, 'text', 3.5, null] as unknown[]) {
      for (const depth of [0, 1, 2, 3, 6]) {
        expect([...canonicalJsonPieces(value, depth)].join(''), `depth ${depth}`).to.equal(canonicalJson(value));
        expect(contentHashInPieces(value, depth)).to.equal(contentHash(value));
      }
    }
  });
});
