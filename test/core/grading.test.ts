import { expect } from 'chai';
import { type Rubric, assess, buildResults, parseEvidence } from '../../src/core/index.js';
import { directCheckpoint, rubric, unitEvidence } from '../support/factories.js';

type Json = Record<string, unknown>;

const NATIONAL = { grades: [{ grade: 'A', min: 90, label: 'A级' }, { grade: 'B', min: 80 }, { grade: 'C', min: 60 }, { grade: 'D' }] };

/** A 100-point rubric of one checkpoint the examiner scores directly. */
function hundredPoints(result: Json = NATIONAL, extra: Json = {}): Rubric {
  return rubric({ result, ...extra }, [directCheckpoint({ points: 100 })]);
}

function resultsFor(r: Rubric, totals: Record<string, number>) {
  const units = Object.entries(totals).map(([code, total]) => parseEvidence(unitEvidence([code, `单位${code}`], { C1: { values: { value: total } } })));
  return buildResults(r, assess(r, units, { engineVersion: 'test' }), units);
}

function gradeOf(r: Rubric, total: number): string {
  return resultsFor(r, { '620100': total }).units[0]?.grade as string;
}

describe('grading by bands (A ≥ 90, B ≥ 80, C ≥ 60, D below)', () => {
  const r = hundredPoints();
  for (const [total, grade] of [
    [100, 'A'],
    [90, 'A'],
    [89.99, 'B'],
    [80, 'B'],
    [79.99, 'C'],
    [60, 'C'],
    [59.99, 'D'],
    [0, 'D'],
  ] as const) {
    it(`when a unit totals ${total}, its grade is ${grade}${[90, 80, 60].includes(total) ? ' (each band includes its minimum)' : ''}`, () => {
      expect(gradeOf(r, total)).to.equal(grade);
    });
  }

  it('when a band starts at 89.5, 89.5 is in it and 89.49 is not: boundaries are exact, not rounded', () => {
    const r895 = hundredPoints({ grades: [{ grade: 'A', min: 89.5 }, { grade: 'B', min: 80 }, { grade: 'C' }] });
    expect(gradeOf(r895, 89.5)).to.equal('A');
    expect(gradeOf(r895, 89.49)).to.equal('B');
  });

  it('when there is no veto, the grade that counts is the one the score earns', () => {
    const unit = resultsFor(r, { '620100': 85 }).units[0];
    expect([unit?.grade, unit?.scoreGrade, unit?.vetoed]).to.deep.equal(['B', 'B', false]);
  });

  it('when results are published, each grade lists how many units hold it and which, best first', () => {
    const results = resultsFor(r, { '620100': 59.99, '620200': 90, '620300': 89.99, '620400': 60 });
    expect(results.summary.grades).to.deep.equal([
      { grade: 'A', count: 1, units: ['620200'] },
      { grade: 'B', count: 1, units: ['620300'] },
      { grade: 'C', count: 1, units: ['620400'] },
      { grade: 'D', count: 1, units: ['620100'] },
    ]);
  });
});

describe("grading on Gansu's scale (合格 from 60, 不合格 below)", () => {
  const r = hundredPoints({
    grades: [
      { grade: '合格', min: 60 },
      { grade: '不合格', consequence: '约谈市州政府主要负责人' },
    ],
  });

  it('when a unit totals exactly 60 it is 合格, and at 59.99 it is 不合格', () => {
    expect(gradeOf(r, 60)).to.equal('合格');
    expect(gradeOf(r, 59.99)).to.equal('不合格');
  });
});

describe('grading by a result rule', () => {
  it('when the rubric has a result rule, it replaces the bands: 85 is an A under "A from 85"', () => {
    const r = hundredPoints({ ...NATIONAL, rule: { if: [{ '>=': [{ var: 'total' }, 85] }, 'A', { '>=': [{ var: 'total' }, 60] }, 'C', 'D'] } });
    expect(gradeOf(r, 85)).to.equal('A');
    expect(gradeOf(r, 84.99)).to.equal('C');
  });

  it('when the rule reads a section’s rate, a unit below 60% of a section cannot pass whatever its total', () => {
    const r = rubric(
      {
        sections: [
          {
            code: 'S1',
            title: '质量工作组织领导',
            points: 20,
            indicators: [{ code: 'S1.1', title: '组织领导', checkpoints: [directCheckpoint({ code: 'C1', points: 20 })] }],
          },
          {
            code: 'S2',
            title: '质量发展成效',
            points: 80,
            indicators: [{ code: 'S2.1', title: '发展成效', checkpoints: [directCheckpoint({ code: 'C2', points: 80 })] }],
          },
        ],
        total: 100,
        result: {
          grades: [{ grade: '合格', min: 60 }, { grade: '不合格' }],
          rule: { if: [{ and: [{ '>=': [{ var: 'total' }, 60] }, { '>=': [{ var: 'sections.S1.rate' }, 0.6] }] }, '合格', '不合格'] },
        },
      },
      [],
    );
    const grade = (c1: number, c2: number) => {
      const e = parseEvidence(unitEvidence(['620100', '兰州市'], { C1: { values: { value: c1 } }, C2: { values: { value: c2 } } }));
      return buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0]?.grade;
    };
    expect(grade(12, 50)).to.equal('合格'); // 12 of 20 is exactly 60%
    expect(grade(11.99, 80)).to.equal('不合格');
  });
});
