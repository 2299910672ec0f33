import { expect } from 'chai';
import { type BundleV1, runTexts } from '../../src/audit/index.js';
import { runTextHashes } from '../../src/audit/replay/run-texts.js';
import { sha256 } from '../../src/core/index.js';
import { recordHash } from '../../src/records/index.js';
import { copy, filesBundle, serviceBundle } from './replay-fixtures.js';

/** Replay hashes the run's texts in pieces: each hash must be the one of the whole text, as the service and the chain have it. */
describe('audit replay: the run texts hashed in pieces', () => {
  function expectSameAsWhole(bundle: BundleV1): void {
    const texts = runTexts(bundle);
    const hashes = runTextHashes(bundle);
    expect(hashes?.inputs).to.equal(sha256(texts.inputs));
    expect(hashes?.results).to.equal(sha256(texts.results));
    expect(hashes?.record).to.equal(recordHash({ ...bundle.run, ...texts }));
    expect([...(hashes?.units ?? new Map<string, string>())]).to.deep.equal(bundle.results.units.map((u) => [u.code, sha256(JSON.stringify(u))]));
  }

  it('gives the hashes of the whole texts and of the run record for a service bundle', () => {
    expectSameAsWhole(serviceBundle());
  });

  it('keeps the results’ member order, and escapes quotes, backslashes, control characters and characters beyond the BMP in the record', () => {
    const bundle = copy(serviceBundle());
    const { units, kaohe, ...rest } = bundle.results;
    const unit = units[0] as (typeof units)[number];
    const odd = { ...unit, name: 'a "quoted" \\ name\t with 𠀋 and \u2028' };
    const reordered = { units: [odd, ...units.slice(1)], ...rest, kaohe } as BundleV1['results'];
    expectSameAsWhole({ ...bundle, results: reordered });
  });

  it('has nothing to hash for a bundle made from files (no run)', () => {
    expect(runTextHashes(filesBundle())).to.equal(null);
  });
});
