import { expect } from 'chai';
import { type UnitResultV1, tieBreakValues } from '../../src/core/index.js';
import { checkpoint, rubric } from '../support/factories.js';

describe("tieBreakValues: a published unit's values of the rubric's tie-break keys", () => {
  it('reads each key in the rubric’s order, an item by its code after "item:"', () => {
    const r = rubric({ ranking: { tieBreak: ['item:C2', 'section:S1', 'deductions', 'base'] } }, [checkpoint({ code: 'C1' }), checkpoint({ code: 'C2' })]);
    const unit = {
      base: 15,
      bonus: 0,
      deductions: 1.5,
      sections: [{ code: 'S1', score: 15 }],
      items: [
        { code: 'C1', score: 8 },
        { code: 'C2', score: 7 },
      ],
    } as unknown as UnitResultV1;
    expect(tieBreakValues(r, unit)).to.deep.equal([7, 15, 1.5, 15]);
  });
});
