import { expect } from 'chai';
import { accountedFor, rubricWeights } from '../../src/analysis/index.js';
import { ratio } from '../../src/core/exact/index.js';
import { type ResultsV1, assess, buildResults, parseRubric } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';

/** Two checkpoints of 10 points, each scoring its value; one unit per row of values. */
function resultsOf(rows: readonly [number, number][]): ResultsV1 {
  const rubric = parseRubric(
    rubricDocument({}, [
      checkpoint({ code: 'A', points: 10, fields: [field({ max: 10 })], rule: { var: 'value' } }),
      checkpoint({ code: 'B', points: 10, fields: [field({ max: 10 })], rule: { var: 'value' } }),
    ]),
  );
  const units = rows.map(([a, b], i) =>
    evidence({ A: { values: { value: a } }, B: { values: { value: b } } }, { unit: { code: `62010${i}`, name: `单位${i}` } }),
  );
  return buildResults(rubric, assess(rubric, units, { engineVersion: 'test' }), units);
}

const item = (weights: ReturnType<typeof rubricWeights>, code: string) => weights.items.find((i) => i.code === code);

describe('what a rubric really weighs (issue 13 §2)', () => {
  it('gives all the weight to the checkpoint that tells units apart, and names the one that does not', () => {
    // A: 0, 5, 10; B: 2 for everyone. Totals 2, 7, 12 differ only by A.
    const weights = rubricWeights(
      resultsOf([
        [0, 2],
        [5, 2],
        [10, 2],
      ]),
    );
    expect(item(weights, 'A')?.nominal).to.deep.equal(ratio(1, 2));
    expect(item(weights, 'A')?.effective).to.equal(1);
    expect(item(weights, 'B')?.effective).to.equal(0);
    expect(weights.flat).to.deep.equal(['B']);
    expect(accountedFor(weights)).to.equal(1);
  });

  it('splits the variance of totals by covariance, exactly as a hand count does', () => {
    // A: 0, 10, 10; B: 0, 0, 10; totals 0, 10, 20 (mean 10, variance 200/3).
    // cov(A, total) = ((−20/3)(−10) + (10/3)(0) + (10/3)(10)) / 3 = 100/3, a half of the variance; B likewise.
    const weights = rubricWeights(
      resultsOf([
        [0, 0],
        [10, 0],
        [10, 10],
      ]),
    );
    expect(weights.totalVariance).to.deep.equal(ratio(200, 3));
    expect(item(weights, 'A')?.effective).to.deep.equal(ratio(1, 2));
    expect(item(weights, 'B')?.effective).to.deep.equal(ratio(1, 2));
    // r(A, B) = (100/9) / (200/9) = 0.5: not a pair that measures one thing twice.
    expect(weights.pairs).to.deep.equal([]);
    expect(weights.ceiling).to.deep.equal([]);
  });

  it('names a ceiling, a floor and two checkpoints that move together', () => {
    // Five units: A full for four of them (80%), B zero for the same four; the fifth has it the other way round.
    const weights = rubricWeights(
      resultsOf([
        [10, 0],
        [10, 0],
        [10, 0],
        [10, 0],
        [0, 10],
      ]),
    );
    expect(weights.ceiling).to.deep.equal(['A']);
    expect(weights.floor).to.deep.equal(['B']);
    expect(weights.flat).to.deep.equal([]);
    expect(weights.pairs).to.deep.equal([{ a: 'A', b: 'B', r: -1 }]);
  });

  it('has no effective weights when every total is the same', () => {
    const weights = rubricWeights(
      resultsOf([
        [5, 5],
        [10, 0],
      ]),
    );
    expect(item(weights, 'A')?.effective).to.equal(null);
    expect(accountedFor(weights)).to.equal(null);
  });
});
