import { expect } from 'chai';
import { cycleIdOf, cycleKeyFor, cycleWords, inCycle, parseCycleId } from '../../src/records/index.js';

describe('cycle keys: one cycle per body and year', () => {
  it('names the province’s cycle by its year alone and another body’s by year and body, and reads both back', () => {
    expect(cycleIdOf({ year: 2015 })).to.equal('2015');
    expect(cycleIdOf({ year: 2015, body: '620100' })).to.equal('2015-620100');
    expect(parseCycleId('2015')).to.deep.equal({ year: 2015 });
    expect(parseCycleId('2015-620100')).to.deep.equal({ year: 2015, body: '620100' });
  });

  it('reads nothing else as a cycle id', () => {
    for (const text of ['', '15', '2015-', '2015-6201', '2015-620100-1', ' 2015', '2015 ', '二〇一五', '2015-62010０']) {
      expect(parseCycleId(text), text).to.equal(null);
    }
  });

  it('keys a cycle made by the tree’s root by its year, so its records keep the hashes they had before bodies', () => {
    expect(cycleKeyFor(2015, '620000', '620000')).to.deep.equal({ year: 2015 });
    expect(cycleKeyFor(2015, undefined, '620000')).to.deep.equal({ year: 2015 });
    expect(cycleKeyFor(2015, '620100', '620000')).to.deep.equal({ year: 2015, body: '620100' });
  });

  it('tells a province’s record from 兰州市’s of the same year', () => {
    expect(inCycle({ year: 2015 }, { year: 2015 })).to.equal(true);
    expect(inCycle({ year: 2015, body: '620100' }, { year: 2015 })).to.equal(false);
    expect(inCycle({ year: 2015 }, { year: 2015, body: '620100' })).to.equal(false);
    expect(inCycle({ year: 2016, body: '620100' }, { year: 2015, body: '620100' })).to.equal(false);
  });

  it('names a cycle to a user as messages and page titles do: the province’s by its year, another body’s with its name', () => {
    expect(cycleWords({ year: 2015 }, '甘肃省')).to.equal('2015 年度');
    expect(cycleWords({ year: 2015, body: '620100' }, '兰州市')).to.equal('2015 年度兰州市');
    // A body the tree no longer names is still told by its code rather than left blank.
    expect(cycleWords({ year: 2015, body: '620100' }, undefined)).to.equal('2015 年度620100');
  });
});
