import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { generateEvidence } from '../../../bench/generate-evidence.js';
import { KaoheError, assessPrepared, parseRubric, prepareEvidence } from '../../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../../support/factories.js';
import { cmp, fromDouble, ratio, toExactText } from '../../../src/core/exact/index.js';
import { compileRule, toNum } from '../../../src/core/logic/index.js';
import { BAIL, Quotient, SCALE, compileFixed, toScaled } from '../../../src/core/logic/fixed-point.js';
import { fromRoot } from '../../support/paths.js';

/** Runs a rule both ways on plain data; undefined from the fixed path means it bailed out. */
function both(rule: unknown, data: Record<string, number | boolean | string | string[] | undefined>) {
  const keys = Object.keys(data);
  const slots = new Map(keys.map((k, i) => [k, i]));
  const values = keys.map((k) => (typeof data[k] === 'number' ? fromDouble(data[k]) : data[k]));
  const scaled = new Float64Array(values.map((v) => (typeof v === 'number' || (typeof v === 'object' && !Array.isArray(v)) ? toScaled(toNum(v)) : NaN)));
  const numericSlots = new Set(keys.filter((k) => typeof data[k] === 'number' || data[k] === undefined).map((k) => slots.get(k) as number));
  const exact = compileRule(rule, { slots }).evaluate(values);
  const fixed = compileFixed(rule, { slots, numericSlots });
  let fast: unknown;
  try {
    fast = fixed?.evaluate({ values, scaled });
  } catch (error) {
    if (error !== BAIL) throw error;
  }
  return { exact, fixed, fast };
}

function asExact(scaledValue: unknown): string {
  return toExactText(ratio(scaledValue as number, SCALE));
}

describe('the fixed-point path agrees with the exact evaluator', () => {
  const rules: [string, unknown, Record<string, number | boolean | string | string[] | undefined>][] = [
    ['a ratio threshold on a one-decimal rate', { max: [0, { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'rate' }] }] }] }] }, { rate: 97.3 }],
    ['the 1 − 0.1 × 3 trap', { '-': [1, { '*': [0.1, { var: 'n' }] }] }, { n: 3 }],
    ['tiers at the boundary', { if: [{ '>=': [{ var: 'x' }, 5] }, 2.5, 0] }, { x: 5 }],
    ['enum levels', { if: [{ '==': [{ var: 'level' }, '地区规划'] }, 1, 0.5] }, { level: '地区规划' }],
    ['counting a set', { min: [2.5, { '*': [0.5, { reduce: [{ var: 'set' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }] }] }, { set: ['a', 'b', 'c'] }],
    ['a default inside the read, the value absent', { '-': [5, { var: ['d', 0] }] }, { d: undefined }],
    ['membership', { if: [{ in: ['12315', { var: 'lines' }] }, 1, 0] }, { lines: ['12301', '12315'] }],
    ['division by a constant', { '/': [{ var: 'x' }, 4] }, { x: 3 }],
  ];
  for (const [name, rule, data] of rules) {
    it(`when the rule is ${name}, both give the same exact value`, () => {
      const { exact, fixed, fast } = both(rule, data);
      expect(fixed, 'the rule has a fixed-point form').to.not.equal(null);
      expect(fast, 'no bail-out').to.be.a('number');
      expect(asExact(fast)).to.equal(toExactText(toNum(exact)));
    });
  }

  it('when a product needs more than four decimal places, the fixed path bails out and the exact one decides', () => {
    const { exact, fast } = both({ '*': [0.005, { var: 'x' }] }, { x: 97.35 });
    expect(fast).to.equal(undefined);
    expect(toExactText(toNum(exact))).to.equal('0.48675');
  });

  it('when dividing by zero, the fixed path bails out (the exact evaluator reports the non-finite result)', () => {
    const { fast } = both({ '/': [{ var: 'x' }, 0] }, { x: 1 });
    expect(fast).to.equal(undefined);
  });

  it('when a rule’s result is a quotient of evidence off the grid, the fixed path gives it exactly as a Quotient in lowest terms', () => {
    const { exact, fast } = both({ '/': [{ var: 'a' }, { var: 'b' }] }, { a: 1, b: 3 });
    expect(fast).to.be.instanceOf(Quotient);
    const { n, d } = fast as Quotient;
    expect(toExactText(ratio(n, d * SCALE))).to.equal(toExactText(toNum(exact)));
    expect([n, d]).to.deep.equal([10_000, 3]);
  });

  it('when a quotient of evidence is compared, both give the same answer, also at the bound itself', () => {
    const rule = { if: [{ '>=': [{ '/': [{ var: 'a' }, { var: 'b' }] }, 0.9] }, 2, { min: [1, { '/': [{ var: 'a' }, { var: 'b' }] }] }] };
    for (const [a, b] of [
      [9, 10],
      [899, 999],
      [901, 1001],
      [1, 3],
    ] as const) {
      const { exact, fast } = both(rule, { a, b });
      const value = fast instanceof Quotient ? ratio(fast.n, fast.d * SCALE) : ratio(fast as number, SCALE);
      expect(toExactText(value), `${a} / ${b}`).to.equal(toExactText(toNum(exact)));
    }
  });

  it('when a rule does arithmetic on a quotient of evidence, it has no fixed-point form (it would bail out on nearly every unit)', () => {
    expect(both({ '*': [100, { '/': [{ var: 'a' }, { var: 'b' }] }] }, { a: 1, b: 3 }).fixed).to.equal(null);
    expect(both({ '==': [{ '/': [{ var: 'a' }, { var: 'b' }] }, 0.5] }, { a: 1, b: 3 }).fixed).to.equal(null);
  });

  it('when a literal has more than four decimal places, the rule has no fixed-point form', () => {
    expect(both({ '*': [0.00001, { var: 'a' }] }, { a: 1 }).fixed).to.equal(null);
  });

  it('when values are too large for the grid, the fixed path bails out', () => {
    expect(toScaled(fromDouble(2 ** 50))).to.be.NaN;
    expect(both({ '+': [{ var: 'a' }, 1] }, { a: 2 ** 50 }).fast).to.equal(undefined);
  });
});

describe('on the published rubrics, untraced (fixed-point) and traced (exact) runs give identical scores', () => {
  for (const file of ['gansu-2015.json', 'national-example.json']) {
    it(`${file}: 1,000 generated units`, () => {
      const rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8')));
      const prepared = generateEvidence(rubric, 1000, 7).map((e) => prepareEvidence(rubric, e));
      const fast = assessPrepared(rubric, prepared, { engineVersion: 'test' });
      const exact = assessPrepared(rubric, prepared, { engineVersion: 'test', trace: true });
      let compared = 0;
      fast.units.forEach((placed, u) => {
        const other = exact.units[u];
        expect(other?.result.unit.code).to.equal(placed.result.unit.code);
        placed.result.steps.forEach((s, i) => {
          expect(s, `unit ${placed.result.unit.code} item ${rubric.allItems[i]?.code}`).to.equal(other?.result.steps[i]);
          compared++;
        });
        expect(cmp(placed.result.total, other?.result.total ?? NaN)).to.equal(0);
      });
      expect(compared).to.be.greaterThan(1000 * 10);
    });
  }
});

describe('decision tables give what the rule gives', () => {
  const hotlines = field({ key: 'lines', label: '已整合的热线', type: 'set', values: ['12301', '12312', '12315'], min: undefined, max: undefined });
  const count = { min: [1.5, { '*': [0.5, { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }] }] };

  function scoreBoth(rubricDoc: Record<string, unknown>, items: Record<string, unknown>) {
    const r = parseRubric(rubricDoc);
    const prepared = [prepareEvidence(r, evidence(items as never))];
    const fast = assessPrepared(r, prepared, { engineVersion: 'test' }).units[0]?.result.steps;
    const exact = assessPrepared(r, prepared, { engineVersion: 'test', trace: true }).units[0]?.result.steps;
    return { r, fast: [...(fast ?? [])], exact: [...(exact ?? [])] };
  }

  it('when a rule reads only small finite domains, the rubric tabulates it', () => {
    const r = parseRubric(rubricDocument({}, [checkpoint({ points: 1.5, fields: [hotlines], rule: count })]));
    expect(r.allItems[0]?.table).to.not.equal(null);
  });

  it('when a set is listed out of declared order, the table declines and the rule gives the same score', () => {
    const doc = rubricDocument({}, [checkpoint({ points: 1.5, fields: [hotlines], rule: count })]);
    const { fast, exact } = scoreBoth(doc, { C1: { values: { lines: ['12315', '12301'] } } });
    expect(fast).to.deep.equal([100]);
    expect(exact).to.deep.equal([100]);
  });

  it('when an optional field is absent, the table has a cell for that too', () => {
    const optional = field({ key: 'd', type: 'number', min: 0.5, max: 3.5, step: 0.5, required: false, filledBy: 'examiner' });
    const doc = rubricDocument({}, [checkpoint({ points: 5, fields: [optional], rule: { '-': [5, { var: ['d', 0] }] } })]);
    expect(scoreBoth(doc, { C1: { values: {} } }).fast).to.deep.equal([500]);
    expect(scoreBoth(doc, { C1: { values: { d: 1.5 } } }).fast).to.deep.equal([350]);
  });

  it('when the rule fails for some combination, scoring still reports the failure (the table leaves that cell to the rule)', () => {
    const x = field({ key: 'x', type: 'integer', min: 0, max: 3 });
    const doc = rubricDocument({}, [checkpoint({ points: 10, fields: [x], rule: { '/': [10, { var: 'x' }] } })]);
    const r = parseRubric(doc);
    expect(() => assessPrepared(r, [prepareEvidence(r, evidence({ C1: { values: { x: 0 } } }))], { engineVersion: 'test' })).to.throw(
      KaoheError,
      /不是有限数值/,
    );
    expect(scoreBoth(doc, { C1: { values: { x: 4 - 1 } } }).fast).to.deep.equal([333]);
  });
});
