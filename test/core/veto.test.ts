import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { KaoheError, type Rubric, assess, buildResults, checkRubric, parseEvidence, parseRubric } from '../../src/core/index.js';
import { add, cmp, fromDouble, sub } from '../../src/core/exact/index.js';
import { directCheckpoint, evidence, field, rubricDocument, unitEvidence } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

type Json = Record<string, unknown>;

const flag = (key: string, label: string, extra: Json = {}) =>
  field({ key, label, type: 'boolean', min: undefined, max: undefined, filledBy: 'examiner', ...extra });

const SYSTEMIC = {
  code: 'V1',
  title: '发生区域性、系统性产品质量安全事件',
  method: '考核年度内发生区域性、系统性重大产品质量安全事件的，考核等级直接定为D级。',
  basis: '国办发〔2013〕47号',
  fields: [flag('systemicIncident', '是否发生区域性、系统性产品质量安全事件')],
  rule: { var: 'systemicIncident' },
};
const CONCEALED = {
  code: 'V2',
  title: '瞒报、谎报质量安全事故',
  method: '瞒报、谎报质量安全事故的，考核等级直接定为D级。',
  fields: [field({ key: 'cases', label: '瞒报、谎报起数', type: 'integer', min: 0, max: 20, default: 0, filledBy: 'examiner' })],
  rule: { '>': [{ var: 'cases' }, 0] },
};

function vetoRubric(vetoes: Json[] = [SYSTEMIC, CONCEALED], extra: Json = {}): Rubric {
  return parseRubric(rubricDocument({ vetoes, ...extra }, [directCheckpoint({ points: 100 })]));
}

function unitResult(r: Rubric, items: Json) {
  const e = parseEvidence(evidence({ C1: { values: { value: 95.5 } }, ...items }));
  return buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0];
}

describe('veto (一票否决)', () => {
  it('when a systemic incident is found, the unit is graded D while its 95.5 points and its score grade A stay', () => {
    const u = unitResult(vetoRubric(), { V1: { values: { systemicIncident: true } } });
    expect([u?.total, u?.scoreGrade, u?.grade, u?.vetoed]).to.deep.equal([95.5, 'A', 'D', true]);
    expect(u?.vetoes.map((v) => [v.code, v.triggered, v.missing])).to.deep.equal([
      ['V1', true, false],
      ['V2', false, false],
    ]);
  });

  it('when a veto counts cases, one concealed accident is enough to trigger it', () => {
    const u = unitResult(vetoRubric(), { V1: { values: { systemicIncident: false } }, V2: { values: { cases: 1 } } });
    expect([u?.grade, u?.vetoed]).to.deep.equal(['D', true]);
    expect(u?.vetoes.find((v) => v.code === 'V2')?.triggered).to.equal(true);
  });

  it('when nothing is found, the unit keeps the grade its score earns', () => {
    const u = unitResult(vetoRubric(), { V1: { values: { systemicIncident: false } }, V2: { values: { cases: 0 } } });
    expect([u?.grade, u?.vetoed]).to.deep.equal(['A', false]);
  });

  it('when the examiner has not recorded a finding without default, that veto is reported missing and not applied', () => {
    const u = unitResult(vetoRubric(), {});
    expect(u?.vetoes.map((v) => [v.code, v.triggered, v.missing])).to.deep.equal([
      ['V1', false, true],
      ['V2', false, false],
    ]);
    expect([u?.grade, u?.vetoed, u?.missingItems]).to.deep.equal(['A', false, []]);
  });

  it('when the veto names its own result, that result is forced: 不合格 on the Gansu scale', () => {
    const gansu = { result: { grades: [{ grade: '合格', min: 60 }, { grade: '不合格' }], veto: '不合格' } };
    const u = unitResult(vetoRubric([SYSTEMIC], gansu), { V1: { values: { systemicIncident: true } } });
    expect([u?.total, u?.scoreGrade, u?.grade]).to.deep.equal([95.5, '合格', '不合格']);
  });

  it('when the veto finding is given as text instead of true or false, the evidence is refused at the value', () => {
    expect(() => unitResult(vetoRubric(), { V1: { values: { systemicIncident: '是' } } }))
      .to.throw(KaoheError)
      .with.property('path', '$.items.V1.values.systemicIncident');
  });

  for (const key of ['selfScore', 'adjustment', 'notApplicable'] as const) {
    it(`when evidence for a veto carries ${key}, it is refused: a veto is found, not scored`, () => {
      const extra = { selfScore: 0, adjustment: { score: 0, justification: '不适用' }, notApplicable: true }[key];
      let caught: unknown;
      try {
        unitResult(vetoRubric(), { V1: { values: { systemicIncident: false }, [key]: extra } });
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(KaoheError);
      expect((caught as KaoheError).problems.map(({ code, path }) => ({ code, path }))).to.deep.include({
        code: 'evidence_not_allowed',
        path: `$.items.V1.${key}`,
      });
    });
  }

  it('when a veto names a result that is not among the grades, the rubric is refused at that result', () => {
    const check = checkRubric(rubricDocument({ vetoes: [{ ...SYSTEMIC, result: 'E' }] }, [directCheckpoint({ points: 100 })]));
    expect(check.ok ? [] : check.problems.map(({ code, path }) => ({ code, path }))).to.deep.equal([
      { code: 'rubric_grade_invalid', path: '$.vetoes[0].result' },
    ]);
  });

  it('when the Gansu demo units are assessed, each vetoed unit is 不合格 and keeps its computed total', () => {
    const r = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8')));
    const dir = fromRoot('seeds', 'evidence', '2015');
    const units = [
      '620100',
      '620200',
      '620300',
      '620400',
      '620500',
      '620600',
      '620700',
      '620800',
      '620900',
      '621000',
      '621100',
      '621200',
      '622900',
      '623000',
    ].map((code) => parseEvidence(JSON.parse(readFileSync(`${dir}/${code}.json`, 'utf8'))));
    const results = buildResults(r, assess(r, units, { engineVersion: 'test' }), units);
    const vetoed = results.units.filter((u) => u.vetoed);
    expect(vetoed.length, 'the demo data has a veto').to.be.greaterThan(0);
    for (const u of vetoed) {
      expect(u.grade).to.equal('不合格');
      const computed = sub(add(fromDouble(u.base), fromDouble(u.bonus)), fromDouble(u.deductions));
      expect(cmp(computed, fromDouble(u.total)), `${u.code}: total = base + bonus − deductions`).to.equal(0);
    }
    expect(results.summary.vetoed).to.deep.equal(vetoed.map((u) => u.code));
  });
});

describe('veto in an assessment of several units', () => {
  it('when one of two units is vetoed, only that unit is listed as vetoed and graded D', () => {
    const r = vetoRubric();
    const units = [
      parseEvidence(unitEvidence(['620100', '兰州市'], { C1: { values: { value: 95.5 } }, V1: { values: { systemicIncident: true } } })),
      parseEvidence(unitEvidence(['620200', '嘉峪关市'], { C1: { values: { value: 91 } }, V1: { values: { systemicIncident: false } } })),
    ];
    const results = buildResults(r, assess(r, units, { engineVersion: 'test' }), units);
    expect(results.summary.vetoed).to.deep.equal(['620100']);
    expect(results.units.map((u) => [u.code, u.grade])).to.deep.equal([
      ['620100', 'D'],
      ['620200', 'A'],
    ]);
  });
});
