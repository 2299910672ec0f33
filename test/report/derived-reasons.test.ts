/**
 * The scorecard's short reason for an item whose rule read the other units or last year:
 * the statistic (平均值, 名次 among how many units) and last year's value, beside the
 * evidence it read, with and without the rubric at hand.
 */
import { expect } from 'chai';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { explanationLines, reasonPhrases } from '../../src/report/html/reasons.js';
import type { ReportContext } from '../../src/report/html/context.js';
import { evidence, rubricFromSpec, unitEvidence } from '../support/factories.js';

const rubric = parseRubric(
  rubricFromSpec({
    checkpoints: [
      {
        title: '抽查合格率达到全省平均值',
        points: 10,
        method: '达到全省平均值得满分，每低1个百分点扣1分',
        fields: [{ key: 'passRate', label: '抽查合格率', type: 'number', unit: '%', min: 0, max: 100, filledBy: 'unit' }],
        rule: {
          if: [
            { '>=': [{ var: 'passRate' }, { population: ['passRate', 'mean'] }] },
            10,
            { max: [0, { '-': [10, { '-': [{ population: ['passRate', 'mean'] }, { var: 'passRate' }] }] }] },
          ],
        },
      },
      {
        title: '抽查合格率位次',
        points: 5,
        method: '第1名得5分，每后退一位扣1分',
        fields: [{ key: 'rank2', label: '监测合格率', type: 'number', unit: '%', min: 0, max: 100, filledBy: 'unit' }],
        rule: { max: [0, { '-': [5, { '-': [{ population: ['rank2', 'rank'] }, 1] }] }] },
      },
      {
        title: '合格率比上年提高',
        points: 4,
        method: '比上年每提高1个百分点得2分，最高4分；上年无数据的得2分',
        fields: [{ key: 'rate3', label: '竣工验收合格率', type: 'number', unit: '%', min: 0, max: 100, filledBy: 'unit' }],
        rule: {
          if: [{ '==': [{ previous: 'rate3' }, null] }, 2, { min: [4, { max: [0, { '*': [2, { '-': [{ var: 'rate3' }, { previous: 'rate3' }] }] }] }] }],
        },
      },
    ],
  }),
);

const items = (a: number, b: number, c: number) => ({ C1: { values: { passRate: a } }, C2: { values: { rank2: b } }, C3: { values: { rate3: c } } });

function context(withRubric: boolean) {
  const units = [
    parseEvidence(evidence(items(90, 95, 99))),
    parseEvidence(unitEvidence(['620200', '嘉峪关市'], items(91, 97, 98))),
    parseEvidence(unitEvidence(['620300', '金昌市'], items(92, 93, 97))),
  ];
  const previous = [parseEvidence(unitEvidence(['620100', '兰州市'], { C3: { values: { rate3: 98.5 } } }, { year: 2014 }))];
  const results = buildResults(rubric, assess(rubric, units, { engineVersion: 'test', previous }), units);
  const ctx = { results, places: 2, ...(withRubric ? { rubric } : {}), charts: new Map(), chartTitles: new Map(), notes: new Map() } as ReportContext;
  const lanzhou = results.units.find((u) => u.code === '620100');
  if (lanzhou === undefined) throw new Error('兰州市 missing');
  return { ctx, lanzhou, other: results.units.find((u) => u.code === '620200') };
}

describe('scorecard reasons for rules that read the other units and last year', () => {
  it('name the mean and how many units it is over, the place among them, and last year’s value', () => {
    const { ctx, lanzhou } = context(true);
    const reason = (code: string) => reasonPhrases(ctx, lanzhou.items.find((i) => i.code === code) as never).join(' | ');
    expect(reason('C1')).to.include('抽查合格率：90 %').and.include('抽查合格率平均值：91 %（3 个单位）');
    expect(reason('C2')).to.include('监测合格率：第 2 名（共 3 个单位）');
    expect(reason('C3')).to.include('上年竣工验收合格率：98.5 %');
  });

  it('say when last year has no value, and tell the same story without the rubric (keys for labels)', () => {
    const { ctx, other } = context(false);
    const c3 = other?.items.find((i) => i.code === 'C3');
    expect(reasonPhrases(ctx, c3 as never).join(' | ')).to.include('上年rate3：无');
    expect(explanationLines(ctx, c3 as never, '嘉峪关市').join('\n')).to.include('读取的全体单位统计值和上年数据：');
  });
});
