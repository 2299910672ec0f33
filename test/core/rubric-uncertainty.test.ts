import { expect } from 'chai';
import { KaoheError, parseRubric } from '../../src/core/index.js';
import { checkpoint, field, rubricDocument } from '../support/factories.js';

const M1 = checkpoint({ code: 'M1', points: 10, fields: [field({ key: 'value', step: 0.5 })], rule: { min: [10, { var: 'value' }] } });

function problemsOf(uncertainty: unknown): string[] {
  try {
    parseRubric(rubricDocument({ uncertainty }, [M1]));
    return [];
  } catch (error) {
    if (!(error instanceof KaoheError)) throw error;
    return error.problems.map((p) => `${p.path} ${p.message}`);
  }
}

describe("a rubric's declared sources of uncertainty (issue 13)", () => {
  it('keeps what its authors declare, with the defaults an analysis would give', () => {
    const rubric = parseRubric(
      rubricDocument({ uncertainty: { fields: [{ item: 'M1', field: 'value', absolute: 1 }], weights: { points: { percent: 10 } } } }, [M1]),
    );
    expect(rubric.uncertainty).to.deep.equal({
      fields: [{ item: 'M1', field: 'value', absolute: 1, levels: 5 }],
      weights: { points: { percent: 10, levels: 2 } },
    });
    expect(parseRubric(rubricDocument({}, [M1])).uncertainty).to.equal(undefined);
  });

  it('refuses a declaration naming an unknown checkpoint or field, or declaring nothing', () => {
    expect(problemsOf({ fields: [{ item: 'T99', field: 'value', absolute: 1 }] })).to.deep.equal([
      '$.uncertainty.fields[0].item 没有编码为 "T99" 的考核要点或否决项',
    ]);
    expect(problemsOf({ judgement: { probability: 0.1, fields: [{ item: 'M1', field: 'other' }] } })).to.deep.equal([
      '$.uncertainty.judgement.fields[0].field "M1" 没有字段 "other"',
    ]);
    expect(problemsOf({})).to.deep.equal(['$.uncertainty 至少声明一种不确定性来源（judgement、fields、weights 或 missing）']);
    expect(problemsOf({ draws: 10, weights: { sections: { percent: 10 } } })[0]).to.match(/^\$\.uncertainty /);
  });
});
