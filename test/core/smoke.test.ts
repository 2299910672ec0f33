import { expect } from 'chai';
import { assess, buildResults } from '../../src/core/index.js';
import { evidence, rubric, values } from '../support/factories.js';

describe('the factories', () => {
  it('build a rubric and evidence the engine scores', () => {
    const r = rubric();
    const e = evidence(values('C1', { value: 7.5 }));
    const results = buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]);
    expect(results.units[0]?.total).to.equal(7.5);
    expect(results.units[0]?.grade).to.equal('D');
  });
});
