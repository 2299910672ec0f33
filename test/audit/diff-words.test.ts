import { expect } from 'chai';
import { type ItemDiff, diffBundles } from '../../src/audit/index.js';
import { causesText, signedChange, totalChangeText } from '../../src/audit/diff-words.js';
import { seedBundle } from '../support/seed-bundles.js';

const COVERAGE = '新开工大中型工程项目质量监督覆盖率';

/** A changed checkpoint as the diff gives it, with only what a cause's words read. */
function item(changes: Partial<ItemDiff['changes']>, labels?: Record<string, string>): ItemDiff {
  return {
    code: 'G10.1',
    kind: 'checkpoint',
    title: COVERAGE,
    before: { score: 2.5, status: 'scored' },
    after: { score: 2, status: 'scored' },
    outcomeChanged: true,
    causes: (['evidence', 'review', 'rubric'] as const).filter((c) => (changes[c] ?? []).length > 0),
    changes: { evidence: [], review: [], rubric: [], ...changes },
    ...(labels && { labels }),
  };
}

describe('audit diff in words: fields by their label, changes with a true minus', () => {
  describe("When 嘉峪关市's supervision coverage falls 100 → 99", () => {
    const diff = diffBundles(seedBundle(), seedBundle({ evidence: { '620200': (e) => (e.items['G10.1'].values.supervisionCoverage = 99) } }));
    const unit = diff.units.find((u) => u.code === '620200')!;

    it('Then the reason names the field as the rubric labels it (the form’s words), not by its key', () => {
      const [changed] = unit.items;
      expect(changed?.labels).to.deep.equal({ supervisionCoverage: COVERAGE });
      expect(causesText(changed!)).to.equal(`证据（“${COVERAGE}”）`);
    });

    it('Then its total’s change reads −0.50 with the minus sign the reports print (U+2212), and 庆阳市’s unchanged total none', () => {
      expect(totalChangeText(unit, 2)).to.equal('−0.50');
      expect(
        totalChangeText(
          diff.units.find((u) => u.code === '621000')!,
          2,
        ),
      ).to.equal('');
    });
  });

  it('names a verified value and an approved target by their labels, beside the fixed words (自评分, 调整分)', () => {
    const labels = { supervisionCoverage: COVERAGE, coverageTarget: '覆盖率目标' };
    const changed = item({ evidence: ['selfScore', 'targets.coverageTarget'], review: ['values.supervisionCoverage', 'adjustment'] }, labels);
    expect(causesText(changed)).to.equal(`证据（自评分、备案目标“覆盖率目标”）；审核调整（核实值“${COVERAGE}”、调整分）`);
  });

  it('keeps the key of a field the rubric labels nowhere (a value under a key neither rubric has)', () => {
    expect(causesText(item({ evidence: ['values.oldField', 'values.supervisionCoverage'] }, { supervisionCoverage: COVERAGE }))).to.equal(
      `证据（oldField、“${COVERAGE}”）`,
    );
    expect(causesText({ ...item({}), lastYear: ['passRate'] })).to.equal('上年证据（passRate）');
  });

  it('signs a change as the reports do: +0.50 up, −0.50 down, 0.00 none, exact (0.3 − 0.1 is 0.20)', () => {
    expect(signedChange(79.25, 79.75, 2)).to.equal('+0.50');
    expect(signedChange(79.75, 79.25, 2)).to.equal('−0.50');
    expect(signedChange(80, 80, 2)).to.equal('0.00');
    expect(signedChange(0.1, 0.3, 2)).to.equal('+0.20');
    expect(signedChange(0.3, 0.1, 2)).to.equal('−0.20');
  });
});
