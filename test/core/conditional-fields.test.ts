import { expect } from 'chai';
import { KaoheError, assess, buildResults, conditionWords, explainItem, isAskedByKey, parseEvidence, parseRubric } from '../../src/core/index.js';
import { evidence, rubricFromSpec } from '../support/factories.js';

const rubric = parseRubric(
  rubricFromSpec({
    checkpoints: [
      {
        title: '建立质量工作考核框架并按省考核办法调整',
        points: 5,
        method: '查阅文件资料。已建立并调整的得5分；已建立未调整的，每有1个方面未调整扣1分；未建立的不得分。',
        fields: [
          { key: 'frameworkBuilt', label: '已建立质量工作考核框架', type: 'boolean', filledBy: 'unit' },
          { key: 'adjusted', label: '已按省考核办法调整', type: 'boolean', filledBy: 'unit' },
          {
            key: 'gaps',
            label: '未调整的方面数',
            type: 'integer',
            min: 0,
            max: 5,
            unit: '个',
            filledBy: 'unit',
            requiredWhen: { frameworkBuilt: true, adjusted: false },
          },
        ],
        rule: { if: [{ '!': { var: 'frameworkBuilt' } }, 0, { var: 'adjusted' }, 5, { max: [0, { '-': [5, { var: 'gaps' }] }] }] },
      },
    ],
  }),
);
const item = rubric.items.get('C1');
const gaps = item?.fieldsByKey.get('gaps');
if (item === undefined || gaps === undefined) throw new Error('the test rubric lost C1.gaps');

function scored(values: Record<string, unknown>) {
  const unit = parseEvidence(evidence({ C1: { values } } as never));
  const results = buildResults(rubric, assess(rubric, [unit], { engineVersion: 'test', trace: true }), [unit]);
  return results.units[0]?.items.find((i) => i.code === 'C1');
}

describe('a conditional field, as a clerk and an examiner read it', () => {
  it('When the condition is said in words, Then each named field and its value are quoted, joined by 且', () => {
    expect(conditionWords(gaps)).to.equal('“已建立质量工作考核框架”为“是”且“已按省考核办法调整”为“否”');
  });

  it('When a form asks whether to show the field, Then it is shown exactly when the condition holds on the values as typed', () => {
    expect(isAskedByKey(gaps, { frameworkBuilt: true, adjusted: false })).to.equal(true);
    expect(isAskedByKey(gaps, { frameworkBuilt: true, adjusted: true })).to.equal(false);
    expect(isAskedByKey(gaps, { frameworkBuilt: true })).to.equal(false);
  });

  it('When the field is asked and left empty, Then the checkpoint is missing that field alone', () => {
    const result = scored({ frameworkBuilt: true, adjusted: false });
    expect(result?.status).to.equal('missing');
    expect(result?.missingFields).to.deep.equal(['gaps']);
  });

  it('When the checkpoint is explained, Then the field line says when it is filled', () => {
    const result = scored({ frameworkBuilt: true, adjusted: true });
    if (result === undefined) throw new Error('no C1');
    expect(explainItem(item, result, '兰州市', 2)).to.include('仅当“已建立质量工作考核框架”为“是”且“已按省考核办法调整”为“否”时填写');
  });

  it('When a value is given where the field is not asked, Then the refusal names the field, the condition and that it should be left empty', () => {
    try {
      scored({ frameworkBuilt: false, adjusted: false, gaps: 3 });
      expect.fail('a value that is not asked was accepted');
    } catch (error) {
      expect(error).to.be.instanceOf(KaoheError);
      const [first] = (error as KaoheError).problems;
      expect(first?.path).to.equal('$.items.C1.values.gaps');
      expect(first?.message).to.equal('“未调整的方面数”（gaps）仅当“已建立质量工作考核框架”为“是”且“已按省考核办法调整”为“否”时填写，现在不应填写');
    }
  });
});
