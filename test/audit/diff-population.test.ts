import { expect } from 'chai';
import { type BundleV1, bundleFromFiles, diffBundles } from '../../src/audit/index.js';
import { causesText, itemOutcomeText } from '../../src/audit/diff-words.js';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { acrossEvidence, acrossYearsRubric, PASS_RATES } from '../support/across-years.js';

/** The 2015 assessment of the across-years rubric (rank and year on year) with these rates (and last year's), bundled from files. */
function bundleWith(rates: Readonly<Record<string, number>>, lastYear: Readonly<Record<string, number>> = PASS_RATES[2014] ?? {}): BundleV1 {
  const raw = acrossYearsRubric(2015);
  const rubric = parseRubric(raw);
  const evidence = acrossEvidence(2015, rates).map((e) => parseEvidence(e));
  const previous = acrossEvidence(2014, lastYear).map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: 2015, previous }), evidence);
  return JSON.parse(JSON.stringify(bundleFromFiles({ rubric: raw, evidence, results, engineVersion: 'test', previous }))) as BundleV1;
}

describe('audit diff of a rubric that ranks the units', () => {
  describe('When 嘉峪关市 corrects its rate 97.5 → 98.5 and passes 兰州市 (98) for 1st place', () => {
    const diff = diffBundles(bundleWith(PASS_RATES[2015] ?? {}), bundleWith({ ...PASS_RATES[2015], '620200': 98.5 }));
    const unit = (code: string) => diff.units.find((u) => u.code === code);

    it('Then 兰州市’s rank checkpoint fell 10 → 9.5 because of the other unit’s evidence, 证据（其他单位：620200）', () => {
      const lanzhou = unit('620100');
      expect(lanzhou?.items.map((i) => [i.code, itemOutcomeText(i, 2), causesText(i)])).to.deep.equal([['C1', '10.00 → 9.50', '证据（其他单位：620200）']]);
      expect(lanzhou?.items[0]).to.include({ outcomeChanged: true });
      expect(lanzhou?.items[0]?.causes).to.deep.equal([]);
      expect(lanzhou?.items[0]?.others).to.deep.equal(['620200']);
      expect(lanzhou?.before).to.include({ total: 15, rank: 1 });
      expect(lanzhou?.after).to.include({ total: 14.5, rank: 1 }); // still 1st overall: 嘉峪关市 has 10 + 3.75
    });

    it('Then 嘉峪关市 keeps its own attribution: its evidence, the field by its label (passRate: 产品质量监督抽查合格率), in both checkpoints', () => {
      const jiayuguan = unit('620200');
      expect(jiayuguan?.items.map((i) => [i.code, itemOutcomeText(i, 2), causesText(i)])).to.deep.equal([
        ['C1', '9.50 → 10.00', '证据（“产品质量监督抽查合格率”）'],
        ['C2', '1.25 → 3.75', '证据（“产品质量监督抽查合格率”）'],
      ]);
      expect(jiayuguan?.items.every((i) => i.others === undefined)).to.equal(true);
    });

    it('Then 金昌市, still 3rd, did not change, and no unit outside the ranking did either', () => {
      expect(unit('620300')).to.include({ changed: false });
      expect(unit('620300')?.items).to.deep.equal([]);
      expect(diff.units.filter((u) => u.changed).map((u) => u.code)).to.deep.equal(['620100', '620200']);
    });
  });

  it('When 金昌市’s last-year rate is corrected 96 → 95, its year-on-year checkpoint names last year’s evidence, and only it', () => {
    const diff = diffBundles(bundleWith(PASS_RATES[2015] ?? {}), bundleWith(PASS_RATES[2015] ?? {}, { ...PASS_RATES[2014], '620300': 95 }));
    const jinchang = diff.units.find((u) => u.code === '620300');
    // 96 against 95: one point up, 2.5; 9 + 2.5 = 11.5 passes 嘉峪关市's 10.75, which drops to 3rd with no item of its own changed.
    expect(jinchang?.items.map((i) => [i.code, itemOutcomeText(i, 2), causesText(i)])).to.deep.equal([
      ['C2', '0.00 → 2.50', '上年证据（“产品质量监督抽查合格率”）'],
    ]);
    expect(diff.units.filter((u) => u.changed).map((u) => [u.code, u.before?.rank, u.after?.rank, u.items.length])).to.deep.equal([
      ['620200', 2, 3, 0],
      ['620300', 3, 2, 1],
    ]);
    expect(diff.otherParts).to.deep.equal([]);
  });

  it('When the rates are the same on both sides, nothing is attributed to anyone', () => {
    const diff = diffBundles(bundleWith(PASS_RATES[2015] ?? {}), bundleWith(PASS_RATES[2015] ?? {}));
    expect(diff.identical).to.equal(true);
    expect(diff.units.flatMap((u) => u.items)).to.deep.equal([]);
  });
});
