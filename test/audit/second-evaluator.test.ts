import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import jsonLogic from 'json-logic-js';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { secondEvaluation } from '../../src/audit/index.js';
import { Dec, evaluateRule } from '../../src/audit/second-evaluator/decimal-logic.js';
import {
  type EvidenceDocument,
  type ResultsV1,
  type Rubric,
  assess,
  buildResults,
  parseEvidence,
  parseRubric,
  seedFrom,
  seededRandom,
} from '../../src/core/index.js';
import { isNum, toExactText } from '../../src/core/exact/index.js';
import { ABSENT, combinations, fieldCandidates } from '../../src/core/lint/candidates.js';
import { loadCaseFiles } from '../support/cases.js';
import { seedRubric } from '../support/cli.js';
import { rubricFromSpec } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';
import { assessSeeds, seedEvidenceJson } from '../support/seeds.js';

type Json = any;

/** A decimal.js result as the plain JSON value json-logic-js would give. */
const plain = (x: unknown): unknown => (x instanceof Dec ? x.toNumber() : Array.isArray(x) ? x.map(plain) : x);

const rubricFile = (name: string): Json => JSON.parse(readFileSync(fromRoot('rubrics', `${name}.json`), 'utf8'));

function scored(rubric: Rubric, evidence: readonly EvidenceDocument[]): ResultsV1 {
  return buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
}

/**
 * Evidence at the values where scores change: for every item, the lint's candidates
 * (each field's bounds, the values around every number the rule names, absent optional
 * fields, seeded random values) in combination; document k takes combination k of each item.
 */
function boundaryEvidence(rubric: Rubric, documents: number): EvidenceDocument[] {
  const rules = new Map<string, unknown>();
  const doc = rubric.document;
  for (const e of [
    ...doc.sections.flatMap((s) => s.indicators.flatMap((i) => i.checkpoints)),
    ...(doc.bonus?.items ?? []),
    ...(doc.deductions?.items ?? []),
    ...doc.vetoes,
  ])
    rules.set(e.code, e.rule);
  const perItem = [...rubric.allItems, ...rubric.vetoes].map((item) => {
    const random = seededRandom(seedFrom(item.code));
    const candidates = item.fields.map((f) => fieldCandidates(f, rules.get(item.code), random));
    const list: Record<string, unknown>[] = [];
    for (const combination of combinations(item.fields, candidates, random)) {
      list.push(
        Object.fromEntries(
          Object.entries(combination)
            .filter(([, v]) => v !== (ABSENT as unknown))
            .map(([k, v]) => [k, isNum(v) ? Number(toExactText(v)) : v]),
        ),
      );
      if (list.length >= documents) break;
    }
    return { code: item.code, list };
  });
  return Array.from({ length: documents }, (_, k) => {
    const code = String(200000 + k);
    const items = Object.fromEntries(perItem.map(({ code: c, list }) => [c, { values: list[k % list.length] }]));
    return parseEvidence({ kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit: { code, name: `单位${code}` }, items });
  });
}

describe('the second evaluator', () => {
  describe('its JsonLogic (json-logic-engine with decimal.js, set up to json-logic-js semantics)', () => {
    const suite = JSON.parse(readFileSync(fromRoot('test', 'cases', 'logic', 'official-tests.json'), 'utf8')) as unknown[];

    it('passes every case of the official JsonLogic test suite', () => {
      const failures: string[] = [];
      let cases = 0;
      for (const entry of suite) {
        if (typeof entry === 'string') continue;
        const [rule, data, expected] = entry as [unknown, Record<string, unknown>, unknown];
        cases++;
        let got: unknown;
        try {
          got = plain(evaluateRule(rule, data));
        } catch (error) {
          got = `threw ${String(error)}`;
        }
        if (JSON.stringify(got) !== JSON.stringify(expected))
          failures.push(`${JSON.stringify(rule)} on ${JSON.stringify(data)}: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      }
      expect(cases).to.be.greaterThan(250);
      expect(failures).to.deep.equal([]);
    });

    // Where json-logic-engine's own defaults differ from json-logic-js (decimal-logic.ts says why each is restated).
    const agreements: [string, unknown, Record<string, unknown>][] = [
      ['a boolean equal to a string is false, not an error', { '==': [true, '体现充分'] }, {}],
      ['a number equal to a numeric string', { '==': [1, '1'] }, {}],
      ['null equals nothing but null', { '==': [null, 0] }, {}],
      ['a string against a number compares numerically', { '<': ['9', 10] }, {}],
      ['two strings compare as strings', { '<': ['9', '10'] }, {}],
      ['between', { '<=': [1, { var: 'x' }, 3] }, { x: 3 }],
      ['a computed 0 is false', { if: [{ '-': [1, 1] }, 'yes', 'no'] }, {}],
      ['an empty set is false', { '!': { var: 'aspects' } }, { aspects: [] }],
      ['a set of one empty string is true', { '!': { var: 'aspects' } }, { aspects: [''] }],
      ['!! of a set', { '!!': [{ var: 'aspects' }] }, { aspects: ['a'] }],
      ['missing counts "" as missing', { missing: ['a', 'b'] }, { a: '', b: 1 }],
      ['missing_some', { missing_some: [1, ['a', 'b']] }, { b: 2 }],
      ['reduce without an initial value starts from null', { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }] }, { xs: [1, 2] }],
      ['in a set', { in: ['b', { var: 'xs' }] }, { xs: ['a', 'b'] }],
      ['in a string', { in: ['质量', '质量月'] }, {}],
      ['substr of a number', { substr: [12345, 1, 2] }, {}],
      ['substr with a negative length', { substr: ['abcdef', 1, -2] }, {}],
      ['+ reads with parseFloat', { '+': ['12abc', 1] }, {}],
      ['* with one operand returns it unread', { '*': ['3'] }, {}],
      ['- reads with Number', { '-': ['', 1] }, {}],
      ['max of booleans', { max: [true, false] }, {}],
      ['% keeps the sign of the dividend', { '%': [-7, 3] }, {}],
      ['map over a set', { map: [{ var: 'xs' }, { cat: [{ var: '' }, '!'] }] }, { xs: ['a', 'b'] }],
      ['count of a set', { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, { xs: ['a', 'b', 'c'] }],
      ['all of an empty set is false', { all: [{ var: 'xs' }, { var: '' }] }, { xs: [] }],
      ['none', { none: [{ var: 'xs' }, { '==': [{ var: '' }, 'z'] }] }, { xs: ['a'] }],
      ['?:', { '?:': [{ var: 'made' }, 1, 0] }, { made: false }],
      ['a default in the read', { '-': [5, { var: ['deduction', 0] }] }, {}],
    ];
    for (const [what, rule, data] of agreements) {
      it(`agrees with json-logic-js: ${what}`, () => {
        expect(plain(evaluateRule(rule, data))).to.deep.equal(jsonLogic.apply(rule as never, data));
      });
    }

    it('computes in decimals, where json-logic-js (binary doubles) does not', () => {
      const exact = (rule: unknown, data: Record<string, unknown> = {}) => (evaluateRule(rule, data) as InstanceType<typeof Dec>).toString();
      expect(exact({ '-': [1, { '+': [0.1, 0.1, 0.1] }] })).to.equal('0.7');
      expect(exact({ '+': [89.7, 0.1, 0.1, 0.1] })).to.equal('90');
      expect(jsonLogic.apply({ '+': [89.7, 0.1, 0.1, 0.1] })).to.equal(89.99999999999999);
      expect(exact({ '*': [1.005, 100] })).to.equal('100.5');
      expect(exact({ '/': [{ '*': [2.5, 5] }, 6] })).to.match(/^2\.08333333333333/);
    });

    it('never generates code: it runs with code generation from strings disallowed (the built module)', () => {
      const script = `import { evaluateRule } from ${JSON.stringify(pathToFileURL(fromRoot('dist', 'audit', 'second-evaluator', 'decimal-logic.js')).href)};
        const rule = { max: [0, { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'c' }] }] }] }] };
        process.stdout.write(String(evaluateRule(rule, { c: 99.6 })) + ' ' + String(evaluateRule({ reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, { xs: ['a', 'b'] })));`;
      const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(run.stderr).to.equal('');
      expect(run.stdout).to.equal('2.3 2');
    });

    it('refuses an operator a rubric may not use', () => {
      for (const op of ['log', 'method', 'val', 'try', 'throw']) expect(() => evaluateRule({ [op]: [1] }, {}), op).to.throw();
    });
  });

  describe('agrees with the core exactly', () => {
    it('on the seeds: every checkpoint, bonus and deduction item, veto and total of the 14 units', () => {
      const rubric = parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
      const result = secondEvaluation(rubric, seedEvidenceJson(), assessSeeds());
      expect(result.problems).to.deep.equal([]);
      expect(result.checkpoints).to.equal(14 * rubric.allItems.length);
    });

    for (const [name, documents] of [
      ['gansu-2015', 250],
      ['national-example', 250],
    ] as const) {
      it(`on ${documents} generated evidence documents for ${name}`, () => {
        const rubric = parseRubric(rubricFile(name));
        const evidence = generateEvidence(rubric, documents, seedFrom(name));
        const result = secondEvaluation(rubric, evidence, scored(rubric, evidence));
        expect(result.problems).to.deep.equal([]);
        expect(result.checkpoints).to.equal(documents * rubric.allItems.length);
      });

      it(`on 120 evidence documents for ${name} at every rule's thresholds and bounds`, () => {
        const rubric = parseRubric(rubricFile(name));
        const evidence = boundaryEvidence(rubric, 120);
        const result = secondEvaluation(rubric, evidence, scored(rubric, evidence));
        expect(result.problems).to.deep.equal([]);
        expect(result.checkpoints).to.equal(120 * rubric.allItems.length);
      });
    }

    for (const rounding of ['half-even', 'down'] as const) {
      it(`with the Gansu rubric rounding ${rounding} (proportional checkpoints give non-terminating quotients)`, () => {
        const rubric = parseRubric({ ...rubricFile('gansu-2015'), rounding });
        const evidence = [...generateEvidence(rubric, 100, 7), ...boundaryEvidence(rubric, 60)];
        const result = secondEvaluation(rubric, evidence, scored(rubric, evidence));
        expect(result.problems).to.deep.equal([]);
      });
    }

    it('on every scoring-pattern case (levels, shortfalls, tiers, caps, 不涉及, adjustments, weighted sections, every rounding, 位次法, 平均值法, 功效系数法, 同比)', () => {
      let cases = 0;
      let across = 0;
      type Case = { rubric: Json; evidence: Json; others?: Record<string, Json>; previous?: Record<string, Json>; expectError?: unknown };
      for (const file of loadCaseFiles<Case>('test', 'cases', 'patterns')) {
        for (const c of file.cases) {
          if (c.expectError !== undefined) continue;
          const rubric = parseRubric(rubricFromSpec(c.rubric));
          // Every unit of the case (rules reading population are scored against all of them) and last year's evidence.
          const doc = (code: string, items: Json, year = rubric.year) =>
            parseEvidence({ kaohe: 'evidence/v1', rubric: rubric.id, year, unit: { code, name: `单位${code}` }, items });
          const evidence = [doc('620100', c.evidence), ...Object.entries(c.others ?? {}).map(([code, items]) => doc(code, items))];
          const previous = c.previous && Object.entries(c.previous).map(([code, items]) => doc(code, items, rubric.year - 1));
          const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year, ...(previous && { previous }) }), evidence);
          const result = secondEvaluation(rubric, evidence, results, previous);
          expect(result.problems, `${file.name}: ${JSON.stringify(c.rubric)}`).to.deep.equal([]);
          expect(result.checkpoints).to.equal(evidence.length * rubric.allItems.length);
          cases++;
          if (rubric.derivedReads.length > 0) across++;
        }
      }
      expect(cases).to.be.greaterThan(50);
      expect(across, 'cases reading the other units or last year').to.be.greaterThan(15);
    });
  });

  describe('names every disagreement with both values', () => {
    it('an item score that is not what the rule gives', () => {
      const rubric = parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
      const results = assessSeeds() as Json;
      const lanzhou = results.units.find((u: Json) => u.code === '620100');
      lanzhou.items.find((i: Json) => i.code === 'G05.1').score = 1.49;
      const result = secondEvaluation(rubric, seedEvidenceJson(), results);
      // The total is the second evaluator's own sum of its item scores: it still agrees with the (untouched) published total.
      expect(result.problems).to.have.length(1);
      const [item] = result.problems;
      expect(item).to.include({ part: 'results', kind: 'second-evaluator', unitCode: '620100', itemCode: 'G05.1', field: 'computed', bundleValue: '1.49' });
      expect(item?.message).to.include('单位 620100（兰州市）考核要点 G05.1 的计算得分：第二评估器得');
      expect(item?.message).to.include('包内结果为 1.49');
    });

    it('a rank that is not what the units give: the second evaluator ranks the units itself', () => {
      const rubric = parseRubric(
        rubricFromSpec({
          checkpoints: [
            {
              points: 10,
              fields: [{ key: 'passRate', label: '产品质量监督抽查合格率', type: 'number', min: 0, max: 100, filledBy: 'unit' }],
              rule: { max: [0, { '-': [10, { '*': [0.5, { '-': [{ population: ['passRate', 'rank'] }, 1] }] }] }] },
            },
          ],
        }),
      );
      const doc = (code: string, passRate: number) =>
        parseEvidence({
          kaohe: 'evidence/v1',
          rubric: rubric.id,
          year: rubric.year,
          unit: { code, name: `单位${code}` },
          items: { C1: { values: { passRate } } },
        });
      const units = [doc('620100', 98), doc('620200', 99.5), doc('620300', 98), doc('620400', 97)];
      const results = scored(rubric, units);
      expect(secondEvaluation(rubric, units, results).problems).to.deep.equal([]);
      // The results say 嘉峪关 had the best rate (99.5); given 97.5 instead, 兰州 and 金昌 (98) are 1st, 嘉峪关 3rd, 白银 still 4th.
      const changed = [units[0], doc('620200', 97.5), units[2], units[3]] as EvidenceDocument[];
      const problems = secondEvaluation(rubric, changed, results).problems.filter((p) => p.itemCode === 'C1');
      expect(problems.map((p) => [p.unitCode, p.bundleValue, p.recomputedValue])).to.deep.equal([
        ['620200', '10.00', '9.00'],
        ['620100', '9.50', '10.00'],
        ['620300', '9.50', '10.00'],
      ]);
    });

    it('a veto that should (not) have applied', () => {
      const rubric = parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
      const results = assessSeeds() as Json;
      const baiyin = results.units.find((u: Json) => u.code === '620400'); // vetoed in the seeds
      baiyin.vetoes[0].triggered = false;
      const [problem] = secondEvaluation(rubric, seedEvidenceJson(), results).problems;
      expect(problem).to.include({ unitCode: '620400', itemCode: baiyin.vetoes[0].code, field: 'triggered', bundleValue: '不否决', recomputedValue: '否决' });
    });
  });
});
