// Why a unit's rank moved in an audit diff: the units that passed it or that it passed.
import { expect } from 'chai';
import { type BundleDiff, type BundleV1, type UnitDiff, diffBundles, sealBundle } from '../../src/audit/index.js';
import { rankMovesText } from '../../src/audit/diff-words.js';
import { diffText } from '../../src/cli/diff-text.js';
import { seedBundle } from '../support/seed-bundles.js';

function unitDiff(diff: BundleDiff, code: string): UnitDiff {
  const unit = diff.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the diff`);
  return unit;
}

describe('audit diff: why a rank moved', () => {
  let a: BundleV1;
  before(() => {
    a = seedBundle();
  });

  describe("When 嘉峪关市's coverage falls (79.75 → 79.25) and 庆阳市 (79.66, unchanged) passes it", () => {
    let diff: BundleDiff;
    before(() => {
      diff = diffBundles(a, seedBundle({ evidence: { '620200': (e) => (e.items['G10.1'].values.supervisionCoverage = 99) } }));
    });

    it('Then 嘉峪关市 names 庆阳市 as the unit that passed it, and 庆阳市 names 嘉峪关市 as the one it passed', () => {
      expect(unitDiff(diff, '620200').rankMoves).to.deep.equal([{ code: '621000', name: '庆阳市', before: 'behind', after: 'ahead', totals: [79.66, 79.66] }]);
      expect(unitDiff(diff, '621000').rankMoves).to.deep.equal([
        { code: '620200', name: '嘉峪关市', before: 'ahead', after: 'behind', totals: [79.75, 79.25] },
      ]);
    });

    it('Then units whose rank did not move carry no such list', () => {
      for (const u of diff.units.filter((x) => !['620200', '621000'].includes(x.code))) expect(u, u.code).not.to.have.property('rankMoves');
    });

    it('Then the words say each side: 被庆阳市…超过, and 超过嘉峪关市… with its own total 不变', () => {
      expect(rankMovesText(unitDiff(diff, '620200'), 2)).to.equal('名次 4 → 5（总分 −0.50）：被庆阳市（621000，79.66）超过');
      expect(rankMovesText(unitDiff(diff, '621000'), 2)).to.equal('名次 5 → 4（总分不变）：超过嘉峪关市（620200，79.75 → 79.25）');
    });

    it('Then kaohe audit diff shows 庆阳市 too, although none of its checkpoints changed', () => {
      const text = diffText(diff, { a: 'a.json', b: 'b.json' });
      expect(text).to.include('\n庆阳市（621000）\n  名次 5 → 4（总分不变）：超过嘉峪关市（620200，79.75 → 79.25）\n');
      expect(text).to.include('\n嘉峪关市（620200）\n  名次 4 → 5（总分 −0.50）：被庆阳市（621000，79.66）超过\n');
    });
  });

  it('When 张掖市 and 平凉市 were tied 7th and 张掖市 falls, Then 张掖市 says 平凉市 was tied with it and is now ahead', () => {
    const diff = diffBundles(a, seedBundle({ evidence: { '620700': (e) => (e.items['G10.1'].values.supervisionCoverage -= 1) } }));
    const zhangye = unitDiff(diff, '620700');
    expect(rankMovesText(zhangye, 2)).to.match(/^名次 7 → 8（总分 −0\.50）：原与平凉市（620800，73\.69）并列，现居其后$/);
    expect(unitDiff(diff, '620800')).not.to.have.property('rankMoves');
  });

  it("When 酒泉市 falls to 天水市's total (82.88), Then 天水市 rises from 3rd to share 2nd and says it is tied with 酒泉市", () => {
    const diff = diffBundles(a, seedBundle({ evidence: { '620900': (e) => (e.items['G12.1'].adjustment.score = 1.03) } }));
    expect(unitDiff(diff, '620900').after).to.deep.include({ total: 82.88, rank: 2 });
    expect(rankMovesText(unitDiff(diff, '620500'), 2)).to.equal('名次 3 → 2（总分不变）：与酒泉市（620900，84.35 → 82.88）并列');
  });

  it('When the first unit is in A only, Then every other unit moves up one and names it as the unit ahead that B does not have', () => {
    const { kaohe: _k, manifest, ...content } = a;
    const without = sealBundle(
      {
        ...content,
        units: content.units.filter((u) => u.code !== '620100'),
        // Ranked again without it, as a run of the other thirteen would rank them.
        results: { ...content.results, units: content.results.units.filter((u) => u.code !== '620100').map((u) => ({ ...u, rank: u.rank - 1 })) },
      },
      { engine: manifest.engine, year: manifest.year, source: manifest.source },
    );
    const diff = diffBundles(a, without);
    expect(rankMovesText(unitDiff(diff, '620900'), 2)).to.equal('名次 2 → 1（总分不变）：A 中排在前面的兰州市（620100，90.74 → （无））不在 B 中');
    expect(unitDiff(diff, '620100')).not.to.have.property('rankMoves');
  });
});
