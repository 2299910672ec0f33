import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { KaoheError, checkRubric, lintRubric, parseRubric } from '../../src/core/index.js';
import { STEP_BUDGET } from '../../src/core/logic/budget.js';
import { compileRule } from '../../src/core/logic/index.js';
import { NOT_YET } from '../../src/core/rubric/decision-table.js';
import { checkpoint, field, rubricDocument } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

type Json = Record<string, unknown>;

const C1 = '$.sections[0].indicators[0].checkpoints[0]';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** {"reduce":[list, acc + inner, 0]} nested `levels` deep, summing `current` at the bottom. */
function nestedReduces(list: unknown, levels: number): unknown {
  let rule: unknown = { reduce: [list, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
  for (let k = 1; k < levels; k++) rule = { reduce: [list, { '+': [{ var: 'accumulator' }, rule] }, 0] };
  return rule;
}

function withRule(rule: unknown, fields: Json[] = [field()]): Json {
  return rubricDocument({}, [checkpoint({ rule, fields })]);
}

function problemsOf(doc: unknown) {
  const check = checkRubric(doc);
  return check.ok ? [] : check.problems;
}

describe('rule budget: the worst case of a rule is bounded before it runs', () => {
  it('four nested reduces over 60-element literal arrays are refused at the rule, with the estimate and the limit, before anything runs', () => {
    const started = performance.now();
    const [problem, ...others] = problemsOf(withRule({ min: [10, nestedReduces(range(60), 4)] }));
    expect(performance.now() - started).to.be.below(1000);
    expect(others).to.deep.equal([]);
    expect(problem).to.include({ code: 'logic_too_costly', path: `${C1}.rule` });
    expect(problem?.message)
      .to.match(/约 [\d,]+ 步/)
      .and.to.include(`${STEP_BUDGET.toLocaleString('en-US')} 步`)
      .and.to.include(`${C1}.rule.min[1].reduce`);
    expect(() => parseRubric(withRule(nestedReduces(range(60), 4)))).to.throw(KaoheError, '上限');
  });

  it('the same nesting over a short list is accepted and scores as before', () => {
    const rule = { min: [10, nestedReduces([1, 2], 3)] };
    const rubric = parseRubric(withRule(rule));
    expect(rubric.checkpoints[0]?.rule.evaluate([50])).to.deep.equal(10);
  });

  it('an iteration over a set field costs at most its named items; over a number field nothing', () => {
    const names = range(200).map((i) => `第${i}项`);
    const set = field({ key: 'picked', type: 'set', values: names, min: undefined, max: undefined });
    const count = (list: unknown) => ({
      reduce: [list, { '+': [{ var: 'accumulator' }, { reduce: [range(60), { '+': [{ var: 'accumulator' }, 1] }, 0] }] }, 0],
    });
    // 200 items × 60 × the inner body: over the budget.
    expect(problemsOf(withRule({ min: [10, count({ var: 'picked' })] }, [set])).map((p) => p.code)).to.deep.equal(['logic_too_costly']);
    // A number is not a list: iterating over it runs no body.
    expect(problemsOf(withRule({ min: [10, count({ var: 'value' })] }))).to.deep.equal([]);
  });

  it('an accumulator that can grow without bound cannot be iterated over', () => {
    const doubling = { reduce: [range(60), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
    const [problem] = problemsOf(withRule({ min: [10, { reduce: [doubling, { '+': [{ var: 'accumulator' }, 1] }, 0] }] }));
    expect(problem).to.include({ code: 'logic_too_costly', path: `${C1}.rule` });
    expect(problem?.message).to.include('无法确定上限');
  });

  it('a rule compiled without the estimate is stopped by the step meter when it runs, with an error at the iteration, not a hang', () => {
    const rule = compileRule(nestedReduces(range(60), 4), { path: '$.rule' });
    const started = performance.now();
    expect(() => rule.evaluate({}))
      .to.throw(KaoheError, `超过 ${STEP_BUDGET} 步`)
      .with.property('code', 'logic_too_costly');
    expect(performance.now() - started).to.be.below(1000);
    // The meter starts again at every evaluation: a cheap rule is never stopped by earlier ones.
    const cheap = compileRule({ reduce: [range(50), { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] });
    for (let k = 0; k < 1000; k++) expect(cheap.evaluate({})).to.deep.equal(1225);
  });

  it('the meter also stops arrays built by merge that double on each run', () => {
    const rule = compileRule({ reduce: [range(60), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] }, { path: '$.rule' });
    expect(() => rule.evaluate({}))
      .to.throw(KaoheError)
      .with.property('code', 'logic_too_costly');
  });

  it('a rule at the budget passes the estimate and never trips the meter when scored', () => {
    // 9 × (1 + 1 + 9 × (1 + body)): just under 10,000 steps at worst.
    const inner = { reduce: [range(9), { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
    const rule = { min: [10, { reduce: [range(90), { '+': [{ var: 'accumulator' }, inner] }, 0] }] };
    const rubric = parseRubric(withRule(rule));
    // Run by the exact evaluator, which meters every iteration.
    expect(rubric.checkpoints[0]?.rule.evaluate([1])).to.deep.equal(10);
  });
});

describe('rule depth: a deep rule is refused at its path before any recursive walk', () => {
  for (const levels of [800, 100_000]) {
    it(`a rule ${levels} levels deep gives logic_too_deep at the rule in parse and lint, not a RangeError`, () => {
      let rule: unknown = true;
      for (let i = 0; i < levels; i++) rule = { '!': rule };
      const doc = withRule(rule);
      expect(problemsOf(doc)).to.deep.equal([{ code: 'logic_too_deep', path: `${C1}.rule`, message: problemsOf(doc)[0]?.message }]);
      expect(lintRubric(doc).problems.map((p) => p.code)).to.deep.equal(['logic_too_deep']);
      expect(() => parseRubric(doc)).to.throw(KaoheError);
    });
  }

  it('JSON too deep outside any rule is refused with a short path', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const [problem] = problemsOf({ ...withRule(1), titleEn: deep });
    expect(problem?.code).to.equal('schema_invalid');
    expect(problem?.path.length).to.be.below(100);
  });
});

describe('decision tables and lint spend bounded steps', () => {
  it("Gansu's rubric still tabulates its 50 items when parsed (10 rates more as units reach their cells) and lints on every combination as before", () => {
    const doc = JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8'));
    const tables = parseRubric(doc).allItems.flatMap((item) => (item.table === null ? [] : [item.table]));
    expect(tables.filter((t) => !t.cells.includes(NOT_YET))).to.have.length(50);
    expect(tables.filter((t) => t.cells.every((c) => c === NOT_YET))).to.have.length(10);
    expect(lintRubric(doc).problems).to.deep.equal([]);
  });

  it('a rule near the budget over many combinations is not tabulated, is linted on fewer, and still scores', () => {
    const inner = { reduce: [range(9), { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
    // 101 × 2 combinations of a rule of nearly 10,000 steps: about 2 million steps to tabulate.
    const rule = {
      if: [{ var: 'flag' }, { min: [10, { reduce: [range(90), { '+': [{ var: 'accumulator' }, inner] }, 0] }] }, { min: [10, { var: 'value' }] }],
    };
    const fields = [field({ key: 'value', type: 'integer', min: 0, max: 100 }), field({ key: 'flag', type: 'boolean', min: undefined, max: undefined })];
    const doc = withRule(rule, fields);
    const started = performance.now();
    const rubric = parseRubric(doc);
    expect(rubric.checkpoints[0]?.table).to.equal(null);
    const report = lintRubric(doc);
    expect(performance.now() - started).to.be.below(10_000);
    expect(report.problems).to.deep.equal([]);
    expect(report.evaluations).to.be.above(1).and.below(1000);
  });
});
