import { expect } from 'chai';
import { type BundleV1, bundleFromFiles, replayBundle } from '../../src/audit/index.js';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { acrossEvidence, acrossYearsRubric } from '../support/across-years.js';
import { copy, resealed } from './replay-fixtures.js';

/** The 2015 assessment of the across-years rubric, read against 2014's evidence, bundled as `kaohe assess --bundle --previous` bundles it. */
function bundleReadingLastYear(): BundleV1 {
  const raw = acrossYearsRubric(2015);
  const rubric = parseRubric(raw);
  const evidence = acrossEvidence(2015).map((e) => parseEvidence(e));
  const previous = acrossEvidence(2014).map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: 2015, previous }), evidence);
  return copy(bundleFromFiles({ rubric: raw, evidence, results, engineVersion: 'test', previous }));
}

const totals = (bundle: BundleV1) => Object.fromEntries(bundle.results.units.map((u) => [u.code, u.total]));

describe('audit replay of an assessment that read the other units and last year', () => {
  it('carries last year’s evidence as a part of its own, named by the results, and replays byte for byte with both evaluators', () => {
    const bundle = bundleReadingLastYear();
    // Hand-checked in test/support/across-years.ts: 兰州 1st + 2.8 up (capped 5), 嘉峪关 2nd + 0.5 up, 金昌 3rd, not up.
    expect(totals(bundle)).to.deep.equal({ '620100': 15, '620200': 10.75, '620300': 9 });
    expect(bundle.previous?.evidence.map((e) => [e.unit.code, e.year])).to.deep.equal([
      ['620100', 2014],
      ['620200', 2014],
      ['620300', 2014],
    ]);
    expect(bundle.manifest.parts).to.have.property('previous');
    expect(bundle.results.previousEvidenceHash).to.be.a('string');
    const report = replayBundle(bundle);
    expect(report.problems).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.secondEvaluator).to.deep.equal({ checkpoints: 6, disagreements: 0 });
  });

  it('a bundle of a rubric reading no last year has no previous part, though last year’s evidence was at hand', () => {
    const raw = { ...acrossYearsRubric(2015) };
    const doc = raw as { sections: { indicators: { checkpoints: { rule: unknown }[] }[] }[] };
    const c2 = doc.sections[0]?.indicators[0]?.checkpoints[1] as { rule: unknown };
    c2.rule = { min: [5, { max: [0, { '-': [{ var: 'passRate' }, 93] }] }] };
    const rubric = parseRubric(raw);
    const evidence = acrossEvidence(2015).map((e) => parseEvidence(e));
    const previous = acrossEvidence(2014).map((e) => parseEvidence(e));
    const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: 2015, previous }), evidence);
    const bundle = bundleFromFiles({ rubric: raw, evidence, results, engineVersion: 'test', previous });
    expect(bundle).not.to.have.property('previous');
    expect(bundle.manifest.parts).not.to.have.property('previous');
    expect(replayBundle(copy(bundle)).ok).to.equal(true);
  });

  describe('a tampered previous-year document is detected', () => {
    const tamper = (bundle: BundleV1) => {
      const lanzhou = bundle.previous?.evidence[0] as { items: Record<string, { values: Record<string, number> }> };
      (lanzhou.items.C2 as { values: Record<string, number> }).values.passRate = 97.9; // 兰州 last year: 95.2
      return bundle;
    };

    it('by its part hash, by the hash the results record, and by the scores recomputed from it', () => {
      const report = replayBundle(tamper(bundleReadingLastYear()));
      expect(report.ok).to.equal(false);
      const kinds = report.problems.map((p) => `${p.part} ${p.kind}`);
      expect(kinds).to.include('previous part-hash');
      expect(kinds).to.include('previous previous-hash');
      const c2 = report.problems.find((p) => p.kind === 'score' && p.unitCode === '620100' && p.itemCode === 'C2');
      // 98 − 97.9 = 0.1 points up: 0.25, not 5.
      expect(c2, JSON.stringify(report.problems, null, 1)).to.include({ bundleValue: '5.00', recomputedValue: '0.25' });
    });

    it('even when the tamperer resealed the manifest', () => {
      const report = replayBundle(resealed(tamper(bundleReadingLastYear())));
      expect(report.ok).to.equal(false);
      expect(report.problems.map((p) => p.kind)).not.to.include('part-hash');
      const named = report.problems.find((p) => p.kind === 'previous-hash');
      expect(named?.message).to.match(/^上年证据的哈希为 sha256:[0-9a-f]{64}，与结果所记的 sha256:[0-9a-f]{64} 不符（上年证据或结果被改动）$/);
    });

    it('and last year’s evidence left out of the bundle is named', () => {
      const bundle = bundleReadingLastYear() as BundleV1 & { previous?: unknown };
      delete bundle.previous;
      const report = replayBundle(resealed(bundle));
      expect(report.ok).to.equal(false);
      expect(report.problems.map((p) => p.message)).to.include(`结果读取了上年证据（哈希 ${bundle.results.previousEvidenceHash}），审计包中却没有上年证据`);
    });
  });
});
