import { expect } from 'chai';
import { type ResultsV1, assess, buildResults, lintRubric, parseEvidence, parseRubric } from '../../src/core/index.js';
import { fromRoot } from '../support/paths.js';
import { readRubricJson } from '../support/rubric-json.js';

const json = readRubricJson(fromRoot('rubrics', 'national-example.json'));
const rubric = parseRubric(json);

/** Evidence earning every point (100), with `values` overriding the given checkpoints' fields. */
const FULL_MARKS: Record<string, Record<string, unknown>> = {
  'N1.1.1': { planLevel: '地区规划' },
  'N1.1.2': { planMade: true, aspects: ['目标', '任务', '责任', '进度', '保障'] },
  'N1.2.1': { judgement: '充分' },
  'N2.1.1': { coverage: 100 },
  'N2.1.2': { passRate: 96.5 },
  'N2.1.3': { campaigns: 5 },
  'N3.1.1': { built: 10, planned: 10 },
  'N3.1.2': { standards: 5 },
  'N3.2.1': { hasPlan: true, hasPlatform: true },
  'N3.2.2': {},
  'N4.1.1': { satisfaction: 100 },
};

function unitWith(changes: Record<string, Record<string, unknown>> = {}, code = '620100'): ResultsV1['units'][number] {
  const items: Record<string, { values: Record<string, unknown> }> = {};
  for (const [item, values] of Object.entries({ ...FULL_MARKS, ...changes })) items[item] = { values: { ...FULL_MARKS[item], ...values } };
  const evidence = parseEvidence({ kaohe: 'evidence/v1', rubric: 'national-example', year: 2015, unit: { code, name: '示例单位' }, items });
  const results = buildResults(rubric, assess(rubric, [evidence], { engineVersion: 'test', year: 2015 }), [evidence]);
  return results.units[0] as ResultsV1['units'][number];
}

describe('rubrics/national-example.json (the national A–D scale of 国办发〔2013〕47号)', () => {
  it('lints clean', () => {
    const report = lintRubric(json);
    expect(report.problems).to.deep.equal([]);
    expect(report.rubric?.id).to.equal('national-example');
  });

  it('states its grade boundaries exactly: A ≥ 90, B ≥ 80, C ≥ 60, D below', () => {
    expect(json.total).to.equal(100);
    expect(json.result.grades.map((g) => [g.grade, g.min])).to.deep.equal([
      ['A', 90],
      ['B', 80],
      ['C', 60],
      ['D', undefined],
    ]);
    expect(json.result.veto).to.equal('D');
  });

  it('gives full marks 100 and grade A to a unit that earns every point', () => {
    const unit = unitWith();
    expect(unit.total).to.equal(100);
    expect(unit.grade).to.equal('A');
  });

  const boundaries: { story: string; changes: Record<string, Record<string, unknown>>; total: number; grade: string }[] = [
    // Satisfaction 80 earns 5 of 15 points.
    { story: 'exactly 90', changes: { 'N4.1.1': { satisfaction: 80 } }, total: 90, grade: 'A' },
    // 89.7 + 0.1 + 0.1 + 0.1 is 89.99999999999999 in binary floating point: an A would become a B.
    { story: 'exactly 90 reached through tenths (9.9 + 5.1 …)', changes: { 'N2.1.1': { coverage: 99.8 }, 'N4.1.1': { satisfaction: 80.2 } }, total: 90, grade: 'A' },
    // Coverage 99.98% loses 0.01 points.
    { story: '89.99', changes: { 'N2.1.1': { coverage: 99.98 }, 'N4.1.1': { satisfaction: 80 } }, total: 89.99, grade: 'B' },
    // Satisfaction below 80 earns nothing (−15); a plan only at department level earns 5 of 10.
    { story: 'exactly 80', changes: { 'N4.1.1': { satisfaction: 79 }, 'N1.1.1': { planLevel: '部门规划' } }, total: 80, grade: 'B' },
    { story: '79.99', changes: { 'N4.1.1': { satisfaction: 79 }, 'N1.1.1': { planLevel: '部门规划' }, 'N2.1.1': { coverage: 99.98 } }, total: 79.99, grade: 'C' },
    { story: 'exactly 60', changes: { 'N4.1.1': { satisfaction: 60 }, 'N2.1.2': { passRate: 80 }, 'N1.1.1': { planLevel: '未纳入' } }, total: 60, grade: 'C' },
    { story: '59.99', changes: { 'N4.1.1': { satisfaction: 60 }, 'N2.1.2': { passRate: 80 }, 'N1.1.1': { planLevel: '未纳入' }, 'N2.1.1': { coverage: 99.98 } }, total: 59.99, grade: 'D' },
  ];
  for (const b of boundaries) {
    it(`grades a unit at ${b.story} as ${b.grade}`, () => {
      const unit = unitWith(b.changes);
      expect(unit.total).to.equal(b.total);
      expect(unit.grade).to.equal(b.grade);
      expect(unit.vetoed).to.equal(false);
    });
  }

  it('gives D on a veto, even to a unit with full marks, and keeps the score', () => {
    const unit = unitWith({ NV1: { systemicIncident: true } });
    expect(unit.vetoed).to.equal(true);
    expect(unit.grade).to.equal('D');
    expect(unit.scoreGrade).to.equal('A');
    expect(unit.total).to.equal(100);
  });
});
