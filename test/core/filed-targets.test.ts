import { expect } from 'chai';
import { type ResultsV1, assess, buildResults, explainItem, parseEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubric } from '../support/factories.js';

/** 优良天数比例 against the unit's filed target (test/cases/patterns/filed-targets.json has the scoring cases). */
const airRubric = rubric({}, [
  checkpoint({
    title: '空气质量优良天数比例',
    method: '达到备案目标得10分，每低1个百分点扣2分，扣完为止。',
    fields: [
      field({ key: 'goodAirDays', label: '优良天数比例', unit: '%' }),
      field({ key: 'goodAirDaysTarget', label: '优良天数比例目标', unit: '%', filledBy: 'target' }),
    ],
    rule: {
      if: [
        { '>=': [{ var: 'goodAirDays' }, { var: 'goodAirDaysTarget' }] },
        10,
        { max: [0, { '-': [10, { '*': [2, { '-': [{ var: 'goodAirDaysTarget' }, { var: 'goodAirDays' }] }] }] }] },
      ],
    },
  }),
]);

const filed = { value: 80, filedAt: '2015-03-20T02:00:00Z', approvedAt: '2015-03-24T17:30:00Z', approvedBy: 'examiner' };

function explainC1(targets?: Record<string, Record<string, typeof filed>>): string {
  const e = parseEvidence(evidence({ C1: { values: { goodAirDays: 78.5 } } }, targets ? { targets } : {}));
  const results = JSON.parse(JSON.stringify(buildResults(airRubric, assess(airRubric, [e], { engineVersion: 'test' }), [e]))) as ResultsV1;
  const result = results.units[0]?.items.find((i) => i.code === 'C1');
  if (!result) throw new Error('no C1');
  return explainItem(airRubric.items.get('C1') as never, result, '兰州市');
}

describe('Filed targets in explanations', () => {
  it('when the rule read an approved target, the explanation names the filing and the approval in Beijing dates', () => {
    const text = explainC1({ C1: { goodAirDaysTarget: filed } });
    // Approved at 17:30 UTC on the 24th is the 25th in Beijing.
    expect(text).to.contain('优良天数比例目标（goodAirDaysTarget） = 80 % ［目标备案：2015-03-20 备案，2015-03-25 examiner 批准］');
    expect(text).to.contain('优良天数比例（goodAirDays） = 78.5 % ［单位填报］');
    expect(text).to.contain('得分：7 分（失 3 分）');
  });

  it('when no target was approved, the explanation says so and the checkpoint is missing', () => {
    const text = explainC1();
    expect(text).to.contain('优良天数比例目标（goodAirDaysTarget） = —（未填写） ［目标备案：无已批准的目标］');
  });

  it('when the evidence carries no targets, it parses as before: the section is optional and absent', () => {
    const e = parseEvidence(evidence({ C1: { values: { goodAirDays: 78.5 } } }));
    expect(e).to.not.have.property('targets');
  });
});
