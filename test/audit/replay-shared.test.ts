/**
 * Replay shared by two threads (src/audit/replay.ts): one hashes the parts, the other
 * recomputes, and both take the second evaluator's units a range at a time from one
 * count. However the ranges fall between them, the report is replayBundle's, problems
 * in the order of the units. Here the two halves run one after the other and the count
 * is dealt out alternately, as two threads racing might take it.
 */
import { expect } from 'chai';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { SECOND_EVALUATOR_RANGE, type BundleV1, beginReplay, bundleFromFiles, replayAside, replayBundle } from '../../src/audit/index.js';
import { assess, buildResults, parseRubric } from '../../src/core/index.js';
import { copy, rubricJson } from './replay-fixtures.js';

type Json = any;

/** replayBundle's work split: the aside takes the even ranges and this thread the odd ones. */
function replayedInHalves(bundle: BundleV1) {
  const begun = beginReplay(bundle);
  if ('report' in begun) return begun.report;
  const dealt = (first: number) => {
    let range = first - 2;
    return () => (range += 2);
  };
  const aside = replayAside(bundle, dealt(0));
  const mine = begun.evaluate(dealt(1));
  return { report: begun.finish(aside, mine), asideRanges: [...aside.second.keys()], myRanges: [...mine.keys()] };
}

describe('audit replay shared by two threads', () => {
  const units = SECOND_EVALUATOR_RANGE * 3 + 5;
  let bundle: BundleV1;
  before(() => {
    const rubric = parseRubric(rubricJson());
    const evidence = generateEvidence(rubric, units, 20151231);
    const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
    bundle = copy(bundleFromFiles({ rubric: rubricJson(), evidence, results, engineVersion: 'test' }));
  });

  it(`an intact bundle of ${units} units: every range evaluated once, by one or the other, and the report is replayBundle’s`, function () {
    this.timeout(60_000);
    const halves = replayedInHalves(bundle);
    if (!('asideRanges' in halves)) throw new Error('refused');
    expect(halves.asideRanges).to.deep.equal([0, 2]);
    expect(halves.myRanges).to.deep.equal([1, 3]);
    expect(halves.report).to.deep.equal(replayBundle(bundle));
    expect(halves.report.ok).to.equal(true);
    expect(halves.report.secondEvaluator.checkpoints).to.equal(halves.report.checkpoints);
  });

  it('a score changed in a unit of each range: the disagreements come in the order of the units, as on one thread', function () {
    this.timeout(60_000);
    const t: Json = copy(bundle);
    const changed = [1, SECOND_EVALUATOR_RANGE + 2, 2 * SECOND_EVALUATOR_RANGE + 3, units - 1].map((i) => t.results.units[i]);
    for (const unit of changed) {
      const item = unit.items.find((i: Json) => i.status === 'scored' && i.score > 0);
      item.score = 0;
    }
    const halves = replayedInHalves(t);
    if (!('asideRanges' in halves)) throw new Error('refused');
    expect(halves.report).to.deep.equal(replayBundle(t));
    const second = halves.report.problems.filter((p) => p.kind === 'second-evaluator').map((p) => p.unitCode);
    expect(second).to.deep.equal(changed.map((u: Json) => u.code));
  });
});
