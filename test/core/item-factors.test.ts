import { expect } from 'chai';
import { ItemFactors, assess, assessPrepared, prepareEvidence } from '../../src/core/index.js';
import { ratio } from '../../src/core/exact/index.js';
import { checkpoint, evidence, field, rubric } from '../support/factories.js';

/** One checkpoint scoring its value as given (0–10, to 0.01). */
function rubricRounding(rounding: 'half-up' | 'half-even' | 'down') {
  return rubric({ rounding }, [checkpoint({ code: 'C1', points: 10, fields: [field({ key: 'v', max: 10 })], rule: { var: 'v' } })]);
}

const totalWith = (rounding: 'half-up' | 'half-even' | 'down', value: number, factor: ReturnType<typeof ratio>) => {
  const r = rubricRounding(rounding);
  const result = assessPrepared(r, [prepareEvidence(r, evidence({ C1: { values: { v: value } } }))], { engineVersion: 'test' }, new ItemFactors(r, [factor]));
  return result.units[0]?.result.total;
};

describe('ItemFactors: item scores scaled for an uncertainty analysis', () => {
  it("rounds a scaled score to the rubric's precision by the rubric's own rule", () => {
    // 0.05 × 1/2 = 0.025: 四舍五入 0.03, 修约 (half to even) 0.02, 去尾 0.02.
    expect(totalWith('half-up', 0.05, ratio(1, 2))).to.deep.equal(ratio(3, 100));
    expect(totalWith('half-even', 0.05, ratio(1, 2))).to.deep.equal(ratio(2, 100));
    expect(totalWith('down', 0.05, ratio(1, 2))).to.deep.equal(ratio(2, 100));
    // 3.33 × 4/3 = 4.44 exactly: no binary fraction on the way.
    expect(totalWith('half-up', 3.33, ratio(4, 3))).to.deep.equal(ratio(444, 100));
  });

  it('leaves the scores of an assessment without factors as they were', () => {
    const r = rubricRounding('half-up');
    const plain = assess(r, [evidence({ C1: { values: { v: 7.5 } } })], { engineVersion: 'test' });
    const ones = assessPrepared(r, [prepareEvidence(r, evidence({ C1: { values: { v: 7.5 } } }))], { engineVersion: 'test' }, new ItemFactors(r, [1]));
    expect(ones.units[0]?.result.total).to.deep.equal(plain.units[0]?.result.total);
  });
});
