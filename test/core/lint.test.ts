import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { lintRubric } from '../../src/core/index.js';
import { checkpoint, field, rubricDocument, rubricFromSpec } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

type Json = Record<string, unknown>;

const C1 = '$.sections[0].indicators[0].checkpoints[0]';

/** What a rubric author sees: each problem's code and JSON path. */
function found(doc: unknown): { code: string; path: string }[] {
  return lintRubric(doc).problems.map(({ code, path }) => ({ code, path }));
}

/** The rubric of one checkpoint with this rule (and these fields). */
function withRule(rule: unknown, fields: Json[] = [field()], extra: Json = {}): Json {
  return rubricDocument({}, [checkpoint({ rule, fields, ...extra })]);
}

function messageOf(doc: unknown): string {
  const [first] = lintRubric(doc).problems;
  return first?.message ?? '';
}

describe('rubric lint: the document against the rubric schema', () => {
  it('when a checkpoint gives its points as text, lint reports schema_invalid at those points', () => {
    expect(found(rubricDocument({}, [checkpoint({ points: '10' })]))).to.deep.equal([{ code: 'schema_invalid', path: `${C1}.points` }]);
  });

  it('when a checkpoint carries a field the format does not know, lint reports it at the checkpoint', () => {
    expect(found(rubricDocument({}, [checkpoint({ weight: 1 })]))).to.deep.equal([{ code: 'schema_invalid', path: C1 }]);
    expect(messageOf(rubricDocument({}, [checkpoint({ weight: 1 })]))).to.contain('weight');
  });

  it('when the rubric has an unknown top-level key, lint reports it at the root', () => {
    expect(found(rubricDocument({ author: '省质监局' }))).to.deep.equal([{ code: 'schema_invalid', path: '$' }]);
  });

  it('when an evidence field key starts with a digit, lint reports it at the key', () => {
    expect(found(withRule({ var: 'value' }, [field({ key: '1rate' })]))).to.deep.equal([{ code: 'schema_invalid', path: `${C1}.fields[0].key` }]);
  });

  it('when an enum field lists no values, lint reports it at the field', () => {
    const doc = withRule(0, [field({ type: 'enum', min: undefined, max: undefined })]);
    expect(found(doc)).to.deep.equal([{ code: 'schema_invalid', path: `${C1}.fields[0].values` }]);
  });

  it('when the document is not an object at all, lint reports schema_invalid at the root', () => {
    expect(found('考核细则')).to.deep.equal([{ code: 'schema_invalid', path: '$' }]);
  });
});

describe('rubric lint: structure', () => {
  it('when two checkpoints share a code, lint reports the second one', () => {
    expect(found(rubricDocument({}, [checkpoint(), checkpoint()]))).to.deep.equal([
      { code: 'rubric_duplicate_code', path: '$.sections[0].indicators[0].checkpoints[1].code' },
    ]);
  });

  it('when two sections share a code, lint reports the second section', () => {
    const doc = rubricFromSpec({
      sections: [
        { code: 'S1', checkpoints: [{}] },
        { code: 'S1', checkpoints: [{}] },
      ],
    });
    expect(found(doc)).to.deep.include({ code: 'rubric_duplicate_code', path: '$.sections[1].code' });
  });

  it('when a checkpoint declares the same field twice, lint reports the second key', () => {
    expect(found(withRule({ var: 'value' }, [field(), field()]))).to.deep.equal([{ code: 'rubric_duplicate_code', path: `${C1}.fields[1].key` }]);
  });

  it("when a section's points are not the sum of its checkpoints, lint reports the section's points", () => {
    const doc = rubricFromSpec({ sections: [{ code: 'S1', points: 12, checkpoints: [{}] }], total: 12 });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_points_mismatch', path: '$.sections[0].points' }]);
    expect(messageOf(doc)).to.contain('12').and.contain('10');
  });

  it('when the total is not the sum of the sections, lint reports the total', () => {
    expect(found(rubricDocument({ total: 100 }))).to.deep.equal([{ code: 'rubric_points_mismatch', path: '$.total' }]);
  });

  it('when a weighted rubric’s total is not Σ points × weight, lint reports the total', () => {
    const doc = rubricFromSpec({
      aggregation: 'weighted',
      total: 100,
      sections: [{ code: 'S1', weight: 0.5, checkpoints: [{ points: 100, rule: { min: [100, { var: 'value' }] } }] }],
    });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_points_mismatch', path: '$.total' }]);
  });

  it("when points are off the rubric's precision grid (0.125 at 2 places), lint reports each of them", () => {
    const doc = rubricFromSpec({
      total: 10,
      sections: [
        {
          code: 'S1',
          points: 10,
          checkpoints: [
            { points: 0.125, rule: { min: [0.125, { var: 'value' }] } },
            { points: 9.875, rule: { min: [9.875, { var: 'value' }] } },
          ],
        },
      ],
    });
    expect(found(doc)).to.deep.equal([
      { code: 'rubric_points_mismatch', path: `${C1}.points` },
      { code: 'rubric_points_mismatch', path: '$.sections[0].indicators[0].checkpoints[1].points' },
    ]);
  });

  it('when a rubric of whole points gives 10.5, or a grade boundary of 90.005 at 2 places, lint reports them', () => {
    expect(found(rubricDocument({ precision: 0 }, [checkpoint({ points: 10.5, rule: { min: [10.5, { var: 'value' }] } })]))).to.deep.equal([
      { code: 'rubric_points_mismatch', path: `${C1}.points` },
    ]);
    const grades = { grades: [{ grade: 'A', min: 90.005 }, { grade: 'D' }] };
    expect(found(rubricDocument({ result: grades }))).to.deep.equal([{ code: 'rubric_points_mismatch', path: '$.result.grades[0].min' }]);
  });

  it('when a cap lies below the points, or 不涉及 scores above the cap, lint reports it', () => {
    expect(found(rubricDocument({}, [checkpoint({ cap: 5 })]))).to.deep.equal([{ code: 'rubric_points_mismatch', path: `${C1}.cap` }]);
    expect(found(rubricDocument({}, [checkpoint({ notApplicable: { score: 12 } })]))).to.deep.equal([
      { code: 'rubric_points_mismatch', path: `${C1}.notApplicable.score` },
    ]);
  });

  it('when grade boundaries do not fall from best to worst, lint reports the grade out of order', () => {
    const result = { grades: [{ grade: 'A', min: 80 }, { grade: 'B', min: 90 }, { grade: 'C' }] };
    expect(found(rubricDocument({ result }))).to.deep.equal([{ code: 'rubric_grade_invalid', path: '$.result.grades[1].min' }]);
  });

  describe('grade texts say the boundaries the numbers set (以上、以下 include the number, 民法典第一千二百五十九条)', () => {
    const bands = (pass: Json, fail: Json) =>
      rubricDocument({
        result: {
          grades: [
            { grade: '合格', min: 60, ...pass },
            { grade: '不合格', ...fail },
          ],
        },
      });
    const problemsOf = (doc: unknown) => lintRubric(doc).problems.map(({ code, path, message }) => ({ code, path, message }));

    it('accepts 60分及以上 and 60分以下（不含60分）, in full-width digits too, and labels without numbers', () => {
      expect(problemsOf(bands({ text: '总分60分及以上为合格' }, { text: '总分60分以下（不含60分）为不合格' }))).to.deep.equal([]);
      expect(problemsOf(bands({ text: '不低于６０分' }, { text: '低于 60 分，或被一票否决' }))).to.deep.equal([]);
      expect(problemsOf(bands({ label: '合格（60分及以上）' }, { label: '不合格（60分以下，不含60分）' }))).to.deep.equal([]);
    });

    it('refuses 60分以下 without 不含: the law counts 60 in it, the bands do not', () => {
      const [p] = problemsOf(bands({ text: '60分及以上为合格' }, { text: '60分以下为不合格' }));
      expect(p).to.include({ code: 'rubric_grade_invalid', path: '$.result.grades[1].text' });
      expect(p?.message).to.include('60 分以下（不含 60 分）').and.include('民法典');
    });

    it('refuses a floor the words exclude, a number that is no boundary, and a text that leaves a boundary out', () => {
      expect(problemsOf(bands({ text: '超过60分为合格' }, { text: '60分以下（不含60分）' }))[0]).to.include({ path: '$.result.grades[0].text' });
      const wrong = problemsOf(bands({ label: '合格（59.5分及以上）' }, {}));
      expect(wrong[0]).to.include({ path: '$.result.grades[0].label' });
      expect(wrong[0]?.message).to.include('59.5 分与该等级的分数线不符');
      const silent = problemsOf(bands({ text: '完成主要任务的为合格' }, {}));
      expect(silent[0]?.message).to.include('没有写明该等级的下限');
    });

    it('accepts the published rubrics as they are', () => {
      for (const file of ['gansu-2015.json', 'gansu-2015-1.1.0.json', 'national-example.json'])
        expect(lintRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8'))).problems.filter((p) => p.path.startsWith('$.result'))).to.deep.equal([]);
    });
  });

  it('when a tie-break key names a section that does not exist, lint reports the key', () => {
    expect(found(rubricDocument({ ranking: { tieBreak: ['section:S9'] } }))).to.deep.equal([{ code: 'rubric_unknown_field', path: '$.ranking.tieBreak[0]' }]);
  });
});

describe('rubric lint: rules read only the fields they declare, by fixed and safe paths', () => {
  it('when a rule reads a field it does not declare, lint reports the var and names the declared ones', () => {
    const doc = withRule({ min: [10, { var: 'other' }] });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_unknown_field', path: `${C1}.rule.min[1].var` }]);
    expect(messageOf(doc)).to.contain('other').and.contain('value');
  });

  it("when a rule reads another checkpoint's field, lint reports it: each checkpoint reads only its own", () => {
    const doc = rubricFromSpec({ checkpoints: [{}, { fields: [field({ key: 'rate' })], rule: { min: [10, { var: 'value' }] } }] });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_unknown_field', path: '$.sections[0].indicators[0].checkpoints[1].rule.min[1].var' }]);
  });

  it('when a rule reads the whole evidence object, lint reports it', () => {
    expect(found(withRule({ var: '' }))).to.deep.equal([{ code: 'rubric_unknown_field', path: `${C1}.rule.var` }]);
  });

  it('when a veto reads an undeclared field, lint reports it at the veto', () => {
    const vetoes = [
      {
        code: 'V1',
        title: '发生系统性质量安全事件',
        method: '发生的定为D级',
        fields: [field({ key: 'a', type: 'boolean', min: undefined, max: undefined })],
        rule: { var: 'b' },
      },
    ];
    expect(found(rubricDocument({ vetoes }))).to.deep.equal([{ code: 'rubric_unknown_field', path: '$.vetoes[0].rule.var' }]);
  });

  it('when a result rule reads an item that does not exist, lint reports the var', () => {
    const result = { grades: [{ grade: 'A', min: 80 }, { grade: 'D' }], rule: { if: [{ '>=': [{ var: 'items.C9.rate' }, 0.6] }, 'A', 'D'] } };
    expect(found(rubricDocument({ result }))).to.deep.equal([{ code: 'rubric_unknown_field', path: '$.result.rule.if[0][">="][0].var' }]);
  });

  it('when a rule computes the path it reads, lint reports logic_dynamic_path', () => {
    expect(found(withRule({ min: [10, { var: { cat: ['val', 'ue'] } }] }))).to.deep.equal([{ code: 'logic_dynamic_path', path: `${C1}.rule.min[1].var` }]);
  });

  for (const [name, rule, path] of [
    ['__proto__', { min: [10, { var: 'value.__proto__' }] }, `${C1}.rule.min[1].var`],
    ['constructor', { var: 'constructor' }, `${C1}.rule.var`],
    ['prototype', { var: 'prototype.x' }, `${C1}.rule.var`],
    ['constructor (in missing)', { if: [{ missing: ['constructor'] }, 0, { min: [10, { var: 'value' }] }] }, `${C1}.rule.if[0].missing[0]`],
  ] as const) {
    it(`when a rule reads through ${name}, lint reports logic_unsafe_path`, () => {
      expect(found(withRule(rule))).to.deep.equal([{ code: 'logic_unsafe_path', path }]);
    });
  }

  it('when a rule uses an operator JsonLogic does not have (round), lint reports logic_unknown_operator', () => {
    expect(found(withRule({ round: [{ var: 'value' }, 2] }))).to.deep.equal([{ code: 'logic_unknown_operator', path: `${C1}.rule.round` }]);
  });

  it('when a rule uses log or method, lint reports logic_forbidden_operator', () => {
    expect(found(withRule({ log: { var: 'value' } }))).to.deep.equal([{ code: 'logic_forbidden_operator', path: `${C1}.rule.log` }]);
    expect(found(withRule({ min: [10, { method: [{ var: 'value' }, 'toFixed'] }] }))).to.deep.equal([
      { code: 'logic_forbidden_operator', path: `${C1}.rule.min[1].method` },
    ]);
  });
});

describe('rubric lint: rules run on generated evidence inside every declared range', () => {
  it('when a per-point deduction can go below 0, lint reports rubric_rule_range and names the evidence', () => {
    const doc = withRule({ '-': [10, { '*': [0.5, { '-': [100, { var: 'value' }] }] }] });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_rule_range', path: `${C1}.rule` }]);
    expect(messageOf(doc)).to.contain('{"value":0}').and.contain('-40');
  });

  it('when a rule can give more than the checkpoint’s points, lint reports it and names the evidence', () => {
    const doc = withRule({ var: 'value' });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_rule_range', path: `${C1}.rule` }]);
    expect(messageOf(doc)).to.contain('{"value":100}').and.contain('[0, 10]');
  });

  it('when a rule goes wrong only at one threshold it names (37.5), lint still finds that evidence', () => {
    const doc = withRule({ '-': [10, { if: [{ '==': [{ var: 'value' }, 37.5] }, 20, 0] }] });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_rule_range', path: `${C1}.rule` }]);
    expect(messageOf(doc)).to.contain('{"value":37.5}');
  });

  it('when a bonus item can give more than its points, lint reports it at the bonus item', () => {
    const doc = rubricFromSpec({ bonus: { cap: 2, items: [{ points: 2, rule: { '*': [0.5, { var: 'value' }] } }] } });
    expect(found(doc)).to.deep.equal([{ code: 'rubric_rule_range', path: '$.bonus.items[0].rule' }]);
  });

  it('when a rule divides by a field that can be 0, lint reports rule_not_finite and names the evidence', () => {
    const doc = withRule({ min: [10, { '/': [{ var: 'a' }, { var: 'b' }] }] }, [field({ key: 'a' }), field({ key: 'b' })]);
    expect(found(doc)).to.deep.equal([{ code: 'rule_not_finite', path: `${C1}.rule` }]);
    expect(messageOf(doc)).to.contain('"b":0');
  });

  it('when the divisor field starts at 1, the same rule is clean', () => {
    expect(found(withRule({ min: [10, { '/': [{ var: 'a' }, { var: 'b' }] }] }, [field({ key: 'a' }), field({ key: 'b', min: 1 })]))).to.deep.equal([]);
  });

  it('when a rule can return text or a boolean instead of points, lint reports rule_not_a_number', () => {
    expect(found(withRule({ if: [{ '>': [{ var: 'value' }, 50] }, 10, '不得分'] }))).to.deep.equal([{ code: 'rule_not_a_number', path: `${C1}.rule` }]);
    expect(found(withRule({ '>': [{ var: 'value' }, 50] }))).to.deep.equal([{ code: 'rule_not_a_number', path: `${C1}.rule` }]);
  });

  it('when an optional field without a default is read bare, lint reports the null the rule gives without it', () => {
    const doc = withRule({ var: 'value' }, [field({ required: false, max: 10 })]);
    expect(found(doc)).to.deep.equal([{ code: 'rule_not_a_number', path: `${C1}.rule` }]);
    expect(messageOf(doc)).to.contain('{}');
  });

  describe('a conditional field (requiredWhen) is tried only where it is asked', () => {
    const built = field({ key: 'built', label: '已建立', type: 'boolean', min: undefined, max: undefined });
    const gaps = field({ key: 'gaps', label: '未调整的方面数', type: 'integer', min: 0, max: 5, requiredWhen: { built: true } });

    it('when the rule reads the field bare only where it is asked, lint finds nothing: asked and absent, the item is missing and its rule never runs', () => {
      expect(found(withRule({ if: [{ var: 'built' }, { var: 'gaps' }, 0] }, [built, gaps]))).to.deep.equal([]);
    });

    it('when the rule reads it also where it is not asked, lint reports the absent value there', () => {
      const doc = withRule({ var: 'gaps' }, [built, gaps]);
      expect(found(doc)).to.deep.equal([{ code: 'rule_not_a_number', path: `${C1}.rule` }]);
      expect(messageOf(doc)).to.contain('{"built":false}');
    });
  });

  it('when a rule fails while running, lint reports rubric_rule_error', () => {
    expect(found(withRule({ '*': [] }))).to.deep.equal([{ code: 'rubric_rule_error', path: `${C1}.rule` }]);
  });

  it('when a result rule can return a result that is not among the grades, lint reports it', () => {
    const result = { grades: [{ grade: 'A', min: 80 }, { grade: 'D' }], rule: { if: [{ '>=': [{ var: 'total' }, 90] }, 'A', 'E'] } };
    expect(found(rubricDocument({ result }))).to.deep.equal([{ code: 'rubric_grade_invalid', path: '$.result.rule' }]);
  });
});

describe('rubric lint: the published rubrics', () => {
  for (const file of ['national-example.json', 'gansu-2015.json']) {
    it(`reports nothing for rubrics/${file}, after trying generated evidence on every item`, () => {
      const report = lintRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8')));
      expect(report.problems).to.deep.equal([]);
      expect(report.evaluations).to.be.greaterThan(100);
    });
  }
});
