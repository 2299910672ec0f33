/**
 * Every fast path (decision tables, fixed point, a table cell's recorded run copied into
 * a trace, the totals and the ranking in whole precision steps) against the exact
 * evaluator run afresh, rule by rule, on generated units of the published rubrics.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { type UnitResult, allItemResults, assessPrepared, parseRubric, prepareEvidence, scorePrepared } from '../../src/core/index.js';
import { type Num, add, cmp, min, mul, ratio, roundTo, sub } from '../../src/core/exact/index.js';
import { toNum } from '../../src/core/logic/index.js';
import type { Item, Rubric } from '../../src/core/rubric/index.js';
import { NOT_YET } from '../../src/core/rubric/decision-table.js';
import { gradeByBands } from '../../src/core/grading/grade.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

/** What the exact evaluator alone gives for one item of one unit: the rule's result, its sub-expression values, the score in steps. */
function exactRun(rubric: Rubric, item: Item, unit: UnitResult): { raw: Num; nodes: unknown[]; steps: number } {
  const trace = new Array<unknown>(rubric.traceSize).fill(undefined);
  const raw = toNum(item.rule.evaluate(unit.inputs.values, trace));
  const clamped = cmp(raw, 0) < 0 ? 0 : cmp(raw, item.cap) > 0 ? item.cap : raw;
  const score = roundTo(clamped, rubric.precision, rubric.rounding);
  const steps = mul(score, 10 ** rubric.precision);
  return { raw, nodes: item.rule.nodes.map((n) => trace[n.id]), steps: typeof steps === 'number' ? steps : NaN };
}

const nodesOf = (item: Item, trace: readonly unknown[] | null) => item.rule.nodes.map((n) => trace?.[n.id]);

const UNITS = 600;

for (const file of ['gansu-2015.json', 'national-example.json']) {
  describe(`on ${file}, every fast path gives what the exact evaluator gives (${UNITS} generated units)`, () => {
    const rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8')));
    const prepared = generateEvidence(rubric, UNITS, 23).map((e) => prepareEvidence(rubric, e));
    const untraced = assessPrepared(rubric, prepared, { engineVersion: 'test' });
    const traced = assessPrepared(rubric, prepared, { engineVersion: 'test', trace: true });
    const tabulated = rubric.allItems.filter((item) => item.table !== null).length;

    it('when a unit is scored untraced or traced, each item score is the exact rule clamped and rounded', () => {
      let compared = 0;
      for (const [u, placed] of untraced.units.entries()) {
        const other = traced.units[u]?.result as UnitResult;
        for (const item of rubric.allItems) {
          if (placed.result.inputs.states[item.index] !== 'present') continue;
          const { steps } = exactRun(rubric, item, placed.result);
          const where = `unit ${placed.result.unit.code} item ${item.code}`;
          expect(placed.result.computedSteps[item.index], where).to.equal(steps);
          expect(other.computedSteps[item.index], where).to.equal(steps);
          compared++;
        }
      }
      expect(compared).to.be.greaterThan(UNITS * 5);
    });

    it('when a traced run copies a table cell’s recorded run, each unit’s trace holds the values its own exact run records', () => {
      expect(tabulated, 'the rubric has tables').to.be.greaterThan(0);
      for (const placed of traced.units) {
        for (const item of rubric.allItems) {
          if (placed.result.inputs.states[item.index] !== 'present') continue;
          expect(nodesOf(item, placed.result.trace), `unit ${placed.result.unit.code} item ${item.code}`).to.deep.equal(
            exactRun(rubric, item, placed.result).nodes,
          );
        }
      }
    });

    it('when a unit of a traced assessment is scored alone with a trace, its whole trace (every item’s and veto’s rule) is the same', () => {
      for (const [u, placed] of traced.units.entries()) {
        if (u % 3 !== 0) continue;
        const alone = scorePrepared(rubric, placed.result.inputs, { trace: true, context: placed.result.context });
        expect(placed.result.trace, placed.result.unit.code).to.deep.equal(alone.trace);
      }
      const vetoRuns = traced.units.filter((p) => rubric.vetoes.some((v) => p.result.inputs.vetoStates[v.index] === 'present')).length;
      expect(vetoRuns, 'units whose vetoes ran').to.be.greaterThan(0);
    });

    it('when a freshly parsed rubric’s first assessment is traced (every table cell reached for the first time), each unit’s whole trace is what scoring it alone records, twice over', () => {
      const fresh = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8')));
      const units = generateEvidence(fresh, 150, 29).map((e) => prepareEvidence(fresh, e));
      const first = assessPrepared(fresh, units, { engineVersion: 'test', trace: true });
      const again = assessPrepared(fresh, units, { engineVersion: 'test', trace: true });
      for (const [u, placed] of first.units.entries()) {
        const alone = scorePrepared(fresh, placed.result.inputs, { trace: true, context: placed.result.context });
        expect(placed.result.trace, placed.result.unit.code).to.deep.equal(alone.trace);
        expect(again.units[u]?.result.trace, placed.result.unit.code).to.deep.equal(alone.trace);
      }
    });

    it('when an untraced result’s items are viewed, the recovered trace and rule result are the exact run’s', () => {
      for (const placed of untraced.units.slice(0, 200)) {
        for (const r of allItemResults(rubric, placed.result)) {
          if (r.status !== 'scored') continue;
          const exact = exactRun(rubric, r.item, placed.result);
          const where = `unit ${placed.result.unit.code} item ${r.item.code}`;
          expect(cmp(r.raw as Num, exact.raw), where).to.equal(0);
          expect(nodesOf(r.item, r.trace), where).to.deep.equal(exact.nodes);
        }
      }
    });

    it('when totals are summed in whole steps, graded and ranked by them, they are the rationals’ sums, the bands’ grades of the exact totals, and the ranks follow the exact totals', () => {
      const scale = 10 ** rubric.precision;
      const sum = (u: UnitResult, items: readonly Item[]) => items.reduce<Num>((acc, item) => add(acc, ratio(u.steps[item.index] as number, scale)), 0);
      for (const placed of untraced.units) {
        const u = placed.result;
        const base = rubric.sections.reduce<Num>((acc, s) => add(acc, sum(u, s.items)), 0);
        if (rubric.aggregation === 'weighted' || (rubric.bonus?.groups.length ?? 0) > 0) continue;
        const bonus = rubric.bonus ? min(sum(u, rubric.bonus.items), rubric.bonus.cap) : 0;
        const deductions = rubric.deductions
          ? rubric.deductions.cap === undefined
            ? sum(u, rubric.deductions.items)
            : min(sum(u, rubric.deductions.items), rubric.deductions.cap)
          : 0;
        const total = sub(add(base, bonus), deductions);
        expect(cmp(u.base, base), u.unit.code).to.equal(0);
        for (const [k, section] of rubric.sections.entries())
          expect(cmp(u.sections[k]?.score ?? NaN, sum(u, section.items)), `${u.unit.code} ${section.code}`).to.equal(0);
        expect(cmp(u.total, cmp(total, 0) < 0 ? 0 : total), u.unit.code).to.equal(0);
        if (rubric.result.rule === undefined) expect(u.scoreGrade, `${u.unit.code} grade`).to.equal(gradeByBands(rubric, u.total));
      }
      const units = untraced.units;
      if (rubric.ranking.vetoed === 'last' || rubric.ranking.tieBreak.length > 0) return; // ranks by more than the total: test/core/ranking.test.ts
      for (let i = 1; i < units.length; i++) {
        const [before, after] = [units[i - 1], units[i]] as [(typeof units)[number], (typeof units)[number]];
        const byTotal = cmp(before.result.total, after.result.total);
        expect(byTotal, `${before.result.unit.code} before ${after.result.unit.code}`).to.be.at.least(0);
        if (byTotal > 0) expect(after.rank).to.equal(i + 1);
        else expect(after.rank).to.equal(before.rank);
      }
    });
  });
}

describe('a number without a declared step is tabulated on its implied grid, cell by cell as units reach it', () => {
  // 2.5 − 0.5 × (100 − rate), floored at 0: a rate in [0, 100] gets the grid 0.01 (10,001 values).
  const doc = rubricDocument({}, [
    checkpoint({ points: 2.5, fields: [field({ key: 'rate' })], rule: { max: [0, { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'rate' }] }] }] }] } }),
  ]);

  it('when units give rates on and off that grid, each scores what the rule gives, and only the reached cells are filled', () => {
    const rubric = parseRubric(doc);
    const table = rubric.allItems[0]?.table;
    expect(table?.cells.length).to.equal(10_001);
    const rates = [97.3, 99.99, 97.3, 100, 96.125, 0];
    const prepared = rates.map((rate, i) =>
      prepareEvidence(rubric, evidence({ C1: { values: { rate } } }, { unit: { code: String(620100 + i * 100), name: `单位${i}` } })),
    );
    const byCode = new Map(assessPrepared(rubric, prepared, { engineVersion: 'test' }).units.map((u) => [u.result.unit.code, u.result]));
    const scores = prepared.map((p) => byCode.get(p.evidence.unit.code)?.steps[0]);
    // 96.125 is off the grid (three places): the rule scores it, 0.5625 rounded half up to 0.56.
    expect(scores).to.deep.equal([115, 250, 115, 250, 56, 0]); // 99.99: 2.495, rounded half up
    expect(table?.cells.filter((c) => c !== NOT_YET)).to.have.length(4);
  });
});

describe('a table whose rule gives more distinct scores than a cell byte can name', () => {
  // 0 to 400 hundredths of a point: 401 scores in a 401-cell table, whose cells name at most 254.
  const doc = rubricDocument({}, [
    checkpoint({ points: 4, fields: [field({ key: 'count', type: 'integer', min: 0, max: 400 })], rule: { '/': [{ var: 'count' }, 100] } }),
  ]);

  it('when units give every count, traced or not, each scores the count in hundredths, those past the named scores by the rule', () => {
    const rubric = parseRubric(doc);
    expect(rubric.allItems[0]?.table, 'tabulated').to.not.equal(null);
    const counts = [0, 1, 253, 254, 255, 300, 399, 400];
    const prepared = counts.map((count, i) =>
      prepareEvidence(rubric, evidence({ C1: { values: { count } } }, { unit: { code: String(620100 + i * 100), name: `单位${i}` } })),
    );
    for (const trace of [false, true]) {
      const results = assessPrepared(rubric, prepared, { engineVersion: 'test', trace }).units.map((u) => u.result);
      const byCode = new Map(results.map((r) => [r.unit.code, r.steps[0]]));
      expect(prepared.map((p) => byCode.get(p.unit.code))).to.deep.equal(counts);
    }
  });
});

describe('a quotient of evidence (achieved / target) is kept exact in integers on the fixed-point path', () => {
  const count = (key: string, min: number) => field({ key, type: 'integer', min, max: 100_000 });
  // Fields too wide to tabulate (10^10 combinations): every score below comes from the fixed-point path or the exact evaluator.
  const rules: Record<string, unknown> = {
    share: { min: [1.5, { '/': [{ '*': [1.5, { var: 'done' }] }, { var: 'target' }] }] },
    ratio: { '/': [{ var: 'done' }, { var: 'target' }] },
    threshold: {
      if: [{ '>=': [{ '/': [{ var: 'done' }, { var: 'target' }] }, 0.9] }, 2, { '<': [0.5, { '/': [{ var: 'done' }, { var: 'target' }] }, 0.9] }, 1, 0],
    },
    larger: { max: [{ '/': [{ var: 'done' }, { var: 'target' }] }, { '/': [{ var: 'target' }, 7] }, 0.5] },
    below: { '-': [1, { '/': [{ var: 'done' }, { var: 'target' }] }] },
  };
  // Quotients at a rounding boundary (0.125, 0.135 … at two places), just either side of it, equal to a bound (0.9), above the cap, and 0 / n.
  const pairs: [number, number][] = [
    [1, 8],
    [27, 200],
    [54, 400],
    [125, 1000],
    [12_499, 100_000],
    [12_501, 100_000],
    [1, 3],
    [2, 3],
    [9, 10],
    [899, 999],
    [901, 1001],
    [7, 6],
    [100_000, 1],
    [0, 7],
    [1, 100_000],
    [99_999, 100_000],
    [12_345, 6_789],
    [5, 400],
    [15, 400],
    [1, 20_000],
    [3, 20_000],
    [1, 40_000],
    [5, 60_000],
  ];

  // At two places no quotient off the four-place grid lies on a rounding boundary; at four, 1 / 20,000 does.
  for (const [precision, rounding] of [2, 4].flatMap((p) => ['half-up', 'half-even', 'down'].map((r) => [p, r] as const))) {
    it(`when rounding ${rounding} to ${precision} places, each unit's score is what the exact evaluator gives, without a bail-out for the shapes that allow a quotient`, () => {
      const checkpoints = Object.entries(rules).map(([code, rule]) => checkpoint({ code, points: 2, fields: [count('done', 0), count('target', 1)], rule }));
      const rubric = parseRubric({ ...rubricDocument({}, checkpoints), precision, rounding });
      const item = (code: string) => rubric.items.get(code) as Item;
      for (const code of ['share', 'ratio', 'threshold', 'larger']) {
        expect(item(code).table, code).to.equal(null);
        expect(item(code).fixed, `${code} has a fixed-point form`).to.not.equal(null);
      }
      expect(item('below').fixed, 'arithmetic on a quotient by evidence stays with the exact evaluator').to.equal(null);
      const prepared = pairs.map(([done, target], i) =>
        prepareEvidence(
          rubric,
          evidence(Object.fromEntries(Object.keys(rules).map((code) => [code, { values: { done, target } }])), {
            rubric: rubric.id,
            unit: { code: String(620100 + i * 100), name: `单位${i}` },
          }),
        ),
      );
      for (const code of ['share', 'ratio', 'threshold', 'larger']) {
        for (const p of prepared) expect(() => item(code).fixed?.evaluate(p), `${code} of unit ${p.evidence.unit.code}`).to.not.throw();
      }
      for (const placed of assessPrepared(rubric, prepared, { engineVersion: 'test' }).units) {
        for (const it of rubric.allItems) {
          expect(placed.result.computedSteps[it.index], `unit ${placed.result.unit.code} item ${it.code}`).to.equal(exactRun(rubric, it, placed.result).steps);
        }
      }
    });
  }
});
