import { expect } from 'chai';
import { type BundleV1, type Sample, sampleCheckpoints, sampleCsv } from '../../src/audit/index.js';
import { add, fromDouble, toFixed } from '../../src/core/exact/index.js';
import { seedBundle, serviceBundle } from '../support/seed-bundles.js';

const UNITS = 14;
const keyOf = (s: Sample) => s.rows.map((r) => `${r.unitCode}/${r.itemCode}`);

describe('sampleCheckpoints (audit sample)', () => {
  let bundle: BundleV1;
  before(() => {
    bundle = seedBundle();
  });

  describe('When the same bundle is sampled twice with the same size and seed', () => {
    it('Then the samples are the same, and so are their CSV files, byte for byte', () => {
      const first = sampleCheckpoints(bundle, { size: 20, seed: '20160301' });
      const second = sampleCheckpoints(seedBundle(), { size: 20, seed: '20160301' });
      expect(second).to.deep.equal(first);
      expect(Buffer.from(sampleCsv(second)).equals(Buffer.from(sampleCsv(first)))).to.equal(true);
    });
  });

  describe('When the seed differs', () => {
    it('Then the sample differs', () => {
      const samples = ['1', '2', '3'].map((seed) => keyOf(sampleCheckpoints(bundle, { size: 20, seed })));
      expect(samples[0]).to.not.deep.equal(samples[1]);
      expect(samples[1]).to.not.deep.equal(samples[2]);
      expect(samples[0]).to.not.deep.equal(samples[2]);
    });
  });

  describe('Stratification by unit', () => {
    it('Then with as many places as units, every unit has exactly one checkpoint drawn', () => {
      const sample = sampleCheckpoints(bundle, { size: UNITS, seed: 'a' });
      expect(sample.rows.map((r) => r.unitCode)).to.deep.equal(bundle.units.map((u) => u.code));
    });

    it('Then with more places than units, every unit is present and the shares differ by at most one', () => {
      for (const size of [15, 20, 33, 100]) {
        const sample = sampleCheckpoints(bundle, { size, seed: `s${size}` });
        expect(sample.rows).to.have.length(size);
        const drawn = sample.strata.map((s) => s.drawn);
        expect(Math.min(...drawn), `size ${size}`).to.be.at.least(1);
        expect(Math.max(...drawn) - Math.min(...drawn), `size ${size}`).to.be.at.most(1);
        for (const s of sample.strata) expect(sample.rows.filter((r) => r.unitCode === s.unitCode)).to.have.length(s.drawn);
      }
    });

    it('Then with fewer places than units, each drawn checkpoint is from a different unit, and which units depends on the seed', () => {
      const units = (seed: string) => sampleCheckpoints(bundle, { size: 5, seed }).rows.map((r) => r.unitCode);
      expect(new Set(units('x')).size).to.equal(5);
      expect(units('x')).to.not.deep.equal(units('y'));
    });

    it('Then a size beyond the population lists every checkpoint once', () => {
      const sample = sampleCheckpoints(bundle, { size: 100000, seed: 'all' });
      expect(sample.rows).to.have.length(sample.population);
      expect(new Set(keyOf(sample)).size).to.equal(sample.population);
    });

    it('Then rows are listed by unit code, then in the rubric order, numbered from 1', () => {
      const sample = sampleCheckpoints(bundle, { size: 40, seed: 'order' });
      expect(sample.rows.map((r) => r.order)).to.deep.equal(sample.rows.map((_, i) => i + 1));
      const codes = sample.rows.map((r) => r.unitCode);
      expect(codes).to.deep.equal([...codes].sort());
    });
  });

  describe('Weighting', () => {
    it("Then over 100 fixed seeds, 陇南市's G10.1 (2.5 points, self-score 1.35 above its score) is drawn far more often than its G10.3 (1 point, self-score equal to the score)", () => {
      let big = 0;
      let small = 0;
      for (let seed = 1; seed <= 100; seed++) {
        const keys = keyOf(sampleCheckpoints(bundle, { size: 10 * UNITS, seed: String(seed) }));
        if (keys.includes('621200/G10.1')) big++;
        if (keys.includes('621200/G10.3')) small++;
      }
      expect(big, `G10.1 drawn ${big} times, G10.3 ${small} times`).to.be.greaterThan(2 * small);
    });

    it("Then each row carries its weight's parts: points at stake (the cap when higher), twice the self-score gap, and the points again for an adjusted score (酒泉市 G12.1: 3 + 1 + 3 = 7)", () => {
      const all = sampleCheckpoints(bundle, { size: 100000, seed: 'parts' });
      const row = all.rows.find((r) => r.unitCode === '620900' && r.itemCode === 'G12.1');
      expect(row).to.deep.include({
        points: 3,
        score: 2.5,
        selfScore: 3,
        gap: 0.5,
        adjusted: true,
        correctedFields: [],
        weight: 7,
        parts: { points: 3, gap: 1, correction: 3 },
      });
      // Summed exactly: in binary floating point the parts can add up to 2.7199999999999998.
      const exactSum = (...xs: number[]) => toFixed(xs.map(fromDouble).reduce(add), 2);
      for (const r of all.rows)
        expect(toFixed(fromDouble(r.weight), 2), `${r.unitCode}/${r.itemCode}`).to.equal(exactSum(r.parts.points, r.parts.gap, r.parts.correction));
    });

    it('Then in a bundle from the service, a verified value differing from the submitted one counts as a correction and is named, by its key and by the label the rubric gives it', () => {
      const service = serviceBundle(bundle, (u) => {
        const submitted = JSON.parse(JSON.stringify(u.evidence.items)) as Record<string, { values?: Record<string, unknown> }>;
        return u.code === '620100' ? { submitted, review: { 'G10.1': { values: { supervisionCoverage: 99 } } } } : { submitted, review: {} };
      });
      const row = sampleCheckpoints(service, { size: 100000, seed: 'x' }).rows.find((r) => r.unitCode === '620100' && r.itemCode === 'G10.1');
      expect(row).to.deep.include({
        correctedFields: ['supervisionCoverage'],
        correctedLabels: ['新开工大中型工程项目质量监督覆盖率'],
        adjusted: false,
        parts: { points: 2.5, gap: 0, correction: 2.5 },
      });
    });
  });

  describe('The CSV', () => {
    it('Then it starts with a byte-order mark and the Chinese header, has CRLF line ends, one line per row, and every number at the rubric precision', () => {
      const sample = sampleCheckpoints(bundle, { size: 100000, seed: 'csv' });
      const csv = sampleCsv(sample);
      expect(csv.startsWith('\uFEFF序号,单位代码,单位名称,检查点,检查点名称,类别,满分,得分,自评分,差距,权重,抽样理由\r\n')).to.equal(true);
      const lines = csv.slice(1).split('\r\n');
      expect(lines.pop()).to.equal('');
      expect(lines).to.have.length(sample.rows.length + 1);
      expect(csv).to.not.match(/\d\.\d*0000\d|\d\.\d*9999\d/);
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        for (const i of [6, 7, 10]) expect(cells[i], line).to.match(/^\d+\.\d{2}$/);
      }
    });

    it('Then the reason names each part of the weight in Chinese', () => {
      const csv = sampleCsv(sampleCheckpoints(bundle, { size: 100000, seed: 'csv' }));
      expect(csv).to.match(
        /620900,酒泉市,G12\.1,[^\r\n]*,3\.00,2\.50,3\.00,0\.50,7\.00,分值 3\.00；自评分与得分相差 0\.50（\+1\.00）；考核组调整了得分（\+3\.00）\r\n/,
      );
    });
  });

  it('Then a size that is not a positive integer is refused', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => sampleCheckpoints(bundle, { size, seed: '1' }), String(size)).to.throw(RangeError);
  });
});
