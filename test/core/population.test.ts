import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import {
  type EvidenceDocument,
  KaoheError,
  type ResultsV1,
  type Rubric,
  assess,
  assessPrepared,
  buildResults,
  checkRubric,
  explainItem,
  lintRubric,
  parseEvidence,
  parseRubric,
  prepareEvidence,
  score,
  seededRandom,
} from '../../src/core/index.js';
import { loadCaseFiles } from '../support/cases.js';
import { checkpoint, field, rubricDocument, rubricFromSpec, unitEvidence } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

type Json = Record<string, unknown>;

const C1 = '$.sections[0].indicators[0].checkpoints[0]';
const rate = field({ key: 'rate', label: '抽查合格率', unit: '%' });
const stat = (statistic: string) => ({ population: ['rate', statistic] });

/** One checkpoint per way of reading the population and last year, each within [0, 10]. */
const EVERY_READ: Json[] = [
  { rule: { max: [0, { '-': [10, { '*': [0.5, { '-': [stat('rank'), 1] }] }] }] } },
  { rule: { max: [0, { '-': [10, { '-': [stat('rank-asc'), 1] }] }] } },
  { rule: { if: [{ '>=': [{ var: 'rate' }, stat('mean')] }, 10, { max: [0, { '-': [10, { '-': [stat('mean'), { var: 'rate' }] }] }] }] } },
  { rule: { if: [{ '>=': [{ var: 'rate' }, stat('median')] }, 10, { max: [0, { '-': [10, { '-': [stat('median'), { var: 'rate' }] }] }] }] } },
  {
    rule: {
      if: [
        { '==': [stat('max'), stat('min')] },
        10,
        { '+': [6, { '/': [{ '*': [4, { '-': [{ var: 'rate' }, stat('min')] }] }, { '-': [stat('max'), stat('min')] }] }] },
      ],
    },
  },
  { rule: { min: [10, { '*': [0.1, stat('count')] }] } },
  { rule: { min: [10, { max: [0, { '*': [2.5, { '-': [{ var: 'rate' }, { previous: ['rate', 100] }] }] }] }] } },
  { rule: { if: [{ '==': [{ previous: 'rate' }, null] }, 5, { min: [10, { max: [0, { '*': [2.5, { '-': [{ var: 'rate' }, { previous: 'rate' }] }] }] }] }] } },
].map((c) => ({ points: 10, fields: [rate], method: '按全体单位统计值和上年数据计分。', ...c }));

const everyRead = () => parseRubric(rubricFromSpec({ checkpoints: EVERY_READ }));
const allItems = (values: Json) => Object.fromEntries(EVERY_READ.map((_, i) => [`C${i + 1}`, { values }]));
const code = (i: number) => String(620100 + i * 100);

/** n units with seeded rates on a 0.25 grid (ties are likely), some unanswered, some without a rate last year. */
function population(n: number, seed: number): { units: EvidenceDocument[]; previous: EvidenceDocument[] } {
  const random = seededRandom(seed);
  const units: EvidenceDocument[] = [];
  const previous: EvidenceDocument[] = [];
  for (let i = 0; i < n; i++) {
    const unit = [code(i), `单位${i}`] as const;
    const answered = random() < 0.85;
    units.push(parseEvidence(unitEvidence(unit, answered ? (allItems({ rate: Math.floor(random() * 41) / 4 + 90 }) as never) : {})));
    if (random() < 0.7) previous.push(parseEvidence(unitEvidence(unit, allItems({ rate: Math.floor(random() * 41) / 4 + 90 }) as never, { year: 2014 })));
  }
  return { units, previous };
}

function resultsText(rubric: Rubric, units: readonly EvidenceDocument[], previous: readonly EvidenceDocument[] | undefined, trace: boolean): string {
  return JSON.stringify(buildResults(rubric, assess(rubric, units, { engineVersion: 'test', trace, ...(previous && { previous }) }), units));
}

describe('population and previous: two phases, one answer', () => {
  it('for seeded populations of 1 to 60 units, the fast path and the traced path give the same results.json, whatever the units’ order', () => {
    const rubric = everyRead();
    for (const [n, seed] of [
      [1, 1],
      [2, 2],
      [7, 3],
      [14, 4],
      [60, 5],
    ] as const) {
      const { units, previous } = population(n, seed);
      const fast = resultsText(rubric, units, previous, false);
      expect(resultsText(rubric, units, previous, true), `${n} units`).to.equal(fast);
      expect(resultsText(rubric, [...units].reverse(), [...previous].reverse(), false), `${n} units reversed`).to.equal(fast);
    }
  });

  it('a rule over its own fields and statistics keeps the fixed-point fast path; no item reading the population is tabulated', () => {
    const rubric = everyRead();
    expect(rubric.allItems.map((i) => i.table)).to.deep.equal(EVERY_READ.map(() => null));
    expect(rubric.allItems[0]?.fixed).to.not.equal(null);
    expect(rubric.derivedReads.map((r) => [r.kind, r.field.key, r.statistic ?? null])).to.deep.equal([
      ['population', 'rate', 'rank'],
      ['population', 'rate', 'rank-asc'],
      ['population', 'rate', 'mean'],
      ['population', 'rate', 'median'],
      ['population', 'rate', 'max'],
      ['population', 'rate', 'min'],
      ['population', 'rate', 'count'],
      ['previous', 'rate', null],
      ['previous', 'rate', null],
    ]);
  });

  it('prepared evidence is not changed by an assessment: the same unit assessed in two populations gets each its own statistics', () => {
    const rubric = parseRubric(rubricFromSpec({ checkpoints: [EVERY_READ[2] as Json] }));
    const prepared = (c: string, value: number) => prepareEvidence(rubric, unitEvidence([c, c], { C1: { values: { rate: value } } }));
    const lanzhou = prepared('620100', 90);
    const before = [...lanzhou.values];
    const score = (others: number[]) => {
      const units = [lanzhou, ...others.map((v, i) => prepared(code(i + 1), v))];
      return assessPrepared(rubric, units, { engineVersion: 'test' }).units.find((u) => u.result.unit.code === '620100')?.result.steps[0];
    };
    expect(score([100])).to.equal(500); // mean 95: 10 − 5
    expect(score([90])).to.equal(1000); // mean 90
    expect(score([100])).to.equal(500);
    expect(lanzhou.values).to.deep.equal(before);
  });

  it('score() of one unit alone is an assessment of that unit alone: it is 1st of 1, at the mean, with no value last year', () => {
    const unit = parseEvidence(unitEvidence(['620100', '兰州市'], allItems({ rate: 91.5 }) as never));
    const result = score(everyRead(), unit);
    expect([...result.steps]).to.deep.equal([1000, 1000, 1000, 1000, 1000, 10, 0, 500]);
    expect(result.context?.columns[0]).to.deep.equal({ units: ['620100'], excluded: [] });
  });

  it('the Gansu results do not change by a byte when last year’s evidence is given: its rules do not read it', () => {
    const rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8')));
    const dir = fromRoot('seeds', 'evidence', '2015');
    const units = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => parseEvidence(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'))));
    const lastYear = units.map((u) => ({ ...u, year: 2014 }));
    expect(rubric.derivedReads).to.deep.equal([]);
    expect(resultsText(rubric, units, lastYear, false)).to.equal(resultsText(rubric, units, undefined, false));
  });

  it('results.json names last year’s evidence, for the whole run and per unit, only when the rules read it', () => {
    const rubric = everyRead();
    const { units, previous } = population(5, 9);
    const results = JSON.parse(resultsText(rubric, units, previous, false)) as ResultsV1;
    expect(results.previousEvidenceHash).to.match(/^sha256:[0-9a-f]{64}$/);
    const withLastYear = new Set(previous.map((p) => p.unit.code));
    for (const u of results.units) expect(u.previousEvidenceHash !== undefined, u.code).to.equal(withLastYear.has(u.code));
    const ownOnly = { rule: { min: [10, { var: 'rate' }] } };
    const noPrevious = parseRubric(rubricFromSpec({ checkpoints: [...EVERY_READ.slice(0, 6), ...EVERY_READ.slice(6).map((c) => ({ ...c, ...ownOnly }))] }));
    expect(JSON.parse(resultsText(noPrevious, units, previous, false))).to.not.have.property('previousEvidenceHash');
  });

  it('last year’s evidence must be last year’s, one document per unit', () => {
    const rubric = everyRead();
    const { units, previous } = population(3, 11);
    const run = (lastYear: EvidenceDocument[]) => () => assess(rubric, units, { engineVersion: 'test', previous: lastYear });
    expect(run([{ ...(previous[0] as EvidenceDocument), year: 2015 }]))
      .to.throw(KaoheError, '上年证据的年度应为 2014')
      .with.property('path', '$.previous[0].year');
    expect(run([previous[0] as EvidenceDocument, previous[0] as EvidenceDocument]))
      .to.throw(KaoheError)
      .with.property('path', '$.previous[1].unit.code');
  });
});

describe('population and previous: explained in words', () => {
  const rubric = parseRubric(rubricFromSpec({ checkpoints: [EVERY_READ[2] as Json, EVERY_READ[0] as Json, { ...(EVERY_READ[7] as Json), points: 10 }] }));
  const units = [
    unitEvidence(['620100', '兰州市'], { C1: { values: { rate: 90 } }, C2: { values: { rate: 90 } }, C3: { values: { rate: 96.33 } } }),
    unitEvidence(['620200', '嘉峪关市'], { C1: { values: { rate: 100 } }, C2: { values: { rate: 100 } }, C3: { values: { rate: 98 } } }),
    unitEvidence(['620300', '金昌市'], { C1: { values: { rate: 90 } }, C2: { values: { rate: 90 } } }),
    unitEvidence(['620400', '白银市'], {}),
  ].map((e) => parseEvidence(e));
  const previous = [parseEvidence(unitEvidence(['620100', '兰州市'], { C3: { values: { rate: 95.2 } } }, { year: 2014 }))];
  const published = JSON.parse(JSON.stringify(buildResults(rubric, assess(rubric, units, { engineVersion: 'test', previous }), units))) as ResultsV1;
  const explain = (unit: string, item: string) => {
    const u = published.units.find((x) => x.code === unit);
    const result = u?.items.find((i) => i.code === item);
    const rubricItem = rubric.items.get(item);
    if (!u || !result || !rubricItem) throw new Error(`no ${item} for ${unit}`);
    return explainItem(rubricItem, result, u.name, rubric.precision);
  };

  it('a mean is shown with how many units it is over and which were left out; the rule names it in words', () => {
    const text = explain('620100', 'C1');
    expect(text).to.contain('规则：若 rate ≥ 全体平均值(rate) 则 10，否则 max(0, 10 − (全体平均值(rate) − rate))');
    expect(text).to.contain('抽查合格率（rate）全体单位平均值 = 280/3（≈93.3333） %（3 个单位，缺 1 个：620400）');
    expect(text).to.contain('全体平均值(rate) − rate = 10/3（≈3.3333）');
    expect(text).to.contain('规则结果：20/3（≈6.6667）');
    expect(text).to.contain('得分：6.67 分（失 3.33 分）');
  });

  it('a rank says it is this unit’s place, how ties count, and among how many units', () => {
    const text = explain('620300', 'C2');
    expect(text).to.contain('抽查合格率（rate）本单位名次（从高到低） = 2（3 个单位，缺 1 个：620400；同值并列，其后名次顺延）');
    expect(text).to.contain('得分：9.50 分');
  });

  it('last year’s value is shown as read, or as absent', () => {
    expect(explain('620100', 'C3')).to.contain('上年 抽查合格率（rate） = 95.2 % ［上年证据］').and.to.contain('规则：若 上年(rate) = null 则 5');
    expect(explain('620200', 'C3')).to.contain('上年 抽查合格率（rate） = —（上年无此值）').and.to.contain('得分：5.00 分');
  });
});

describe('population and previous: what a rubric may write', () => {
  const problems = (doc: unknown) => {
    const check = checkRubric(doc);
    return check.ok ? [] : check.problems.map((p) => ({ code: p.code, path: p.path }));
  };
  const withRule = (rule: unknown, fields: Json[] = [rate]) => rubricDocument({}, [checkpoint({ rule, fields })]);

  it('a statistic reads a declared number field of its own item, by a known statistic', () => {
    expect(problems(withRule(stat('average')))).to.deep.equal([{ code: 'logic_arity', path: `${C1}.rule.population` }]);
    expect(problems(withRule({ population: ['other', 'mean'] }))).to.deep.equal([{ code: 'rubric_unknown_field', path: `${C1}.rule.population` }]);
    const yes = field({ key: 'yes', type: 'boolean', min: undefined, max: undefined });
    expect(problems(withRule({ if: [{ population: ['yes', 'count'] }, 1, 0] }, [yes]))).to.deep.equal([
      { code: 'rubric_unknown_field', path: `${C1}.rule.if[0].population` },
    ]);
    expect(problems(withRule({ population: 'rate' }))).to.deep.equal([{ code: 'logic_arity', path: `${C1}.rule.population` }]);
    expect(problems(withRule({ previous: [{ var: 'rate' }] }))).to.deep.equal([{ code: 'logic_arity', path: `${C1}.rule.previous` }]);
  });

  it('they are read at a rule’s top level, in checkpoint, bonus and deduction rules only', () => {
    expect(problems(withRule({ reduce: [[1, 2], stat('mean'), 0] }))).to.deep.equal([
      { code: 'logic_forbidden_operator', path: `${C1}.rule.reduce[1].population` },
    ]);
    const veto = {
      code: 'V1',
      title: '否决',
      method: '否决',
      fields: [field({ key: 'incidents' })],
      rule: { '>': [{ var: 'incidents' }, { previous: 'incidents' }] },
    };
    expect(problems(rubricDocument({ vetoes: [veto] }))).to.deep.equal([{ code: 'logic_forbidden_operator', path: '$.vetoes[0].rule[">"][1].previous' }]);
    const result = { grades: [{ grade: 'A' }], rule: { if: [{ '>': [{ var: 'total' }, { population: ['total', 'mean'] }] }, 'A', 'A'] } };
    expect(problems(rubricDocument({ result }))).to.deep.equal([{ code: 'logic_forbidden_operator', path: '$.result.rule.if[0][">"][1].population' }]);
  });

  it('the cost estimate knows last year’s value of a set is as long as the set', () => {
    const names = Array.from({ length: 200 }, (_, i) => `第${i}项`);
    const set = field({ key: 'picked', type: 'set', values: names, min: undefined, max: undefined });
    const inner = { reduce: [Array.from({ length: 60 }, (_, i) => i), { '+': [{ var: 'accumulator' }, 1] }, 0] };
    const rule = { min: [10, { reduce: [{ previous: 'picked' }, { '+': [{ var: 'accumulator' }, inner] }, 0] }] };
    expect(problems(withRule(rule, [set]))).to.deep.equal([{ code: 'logic_too_costly', path: `${C1}.rule` }]);
  });
});

describe('population and previous: lint on generated populations', () => {
  const lint = (rule: unknown, fields: Json[] = [rate]) => lintRubric(rubricDocument({}, [checkpoint({ rule, fields })])).problems;

  it('a rank rule without its floor is refused at its rule: a 1,000th place takes it below 0', () => {
    const [problem, ...others] = lint({ '-': [10, { '*': [0.5, { '-': [stat('rank'), 1] }] }] });
    expect(others).to.deep.equal([]);
    expect(problem).to.include({ code: 'rubric_rule_range', path: `${C1}.rule` });
    expect(problem?.message).to.contain('"population.rate.rank":1000');
  });

  it('a min–max rule without a guard for equal values is refused: every unit tied divides by zero', () => {
    const rule = { '+': [6, { '/': [{ '*': [4, { '-': [{ var: 'rate' }, stat('min')] }] }, { '-': [stat('max'), stat('min')] }] }] };
    expect(lint(rule).map((p) => p.code)).to.deep.equal(['rule_not_finite']);
    expect(lint(EVERY_READ[4]?.rule)).to.deep.equal([]);
  });

  it('last year’s value without a fallback, added with +, can be NaN and is refused; with a fallback it passes', () => {
    const [problem] = lint({ min: [10, { max: [0, { '*': [2.5, { '-': [{ var: 'rate' }, { '+': [{ previous: 'rate' }, 0] }] }] }] }] });
    expect(problem?.code).to.equal('rule_not_finite');
    expect(problem?.message).to.contain('"previous.rate":null');
    expect(lint(EVERY_READ[6]?.rule)).to.deep.equal([]);
  });

  it('a statistic of an optional field can be absent (no unit gave one) and the rule must say what that means', () => {
    const optional = field({ key: 'rate', required: false });
    expect(lint({ min: [10, { '+': [{ var: ['rate', 0] }, stat('mean')] }] }, [optional]).map((p) => p.code)).to.include('rule_not_finite');
  });

  it('every rubric of the across-units pattern cases lints clean', () => {
    for (const name of ['rank-method', 'average-method', 'min-max-method', 'year-on-year']) {
      const file = loadCaseFiles<{ rubric: Json }>('test', 'cases', 'patterns').find((f) => f.name === name);
      expect(file, name).to.not.equal(undefined);
      for (const c of file?.cases ?? [])
        expect(lintRubric(rubricFromSpec(c.rubric)).problems, `${name}: ${JSON.stringify(c.rubric).slice(0, 80)}`).to.deep.equal([]);
    }
  });
});
