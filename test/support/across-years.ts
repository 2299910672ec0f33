/**
 * A small rubric that reads the other units and last year, with hand-checkable numbers,
 * for the tests of runs, bundles, replay, diff and `kaohe assess --previous`.
 *
 * C1 位次法 (10 points): 第1名得10分，每后退一位扣0.5分 — {"population": ["passRate", "rank"]}.
 * C2 同比 (5 points): 比上年每提高1个百分点得2.5分，最多5分；上年无数据的得2.5分 — {"previous": "passRate"}.
 *
 * Three units report (兰州 620100, 嘉峪关 620200, 金昌 620300); any other unit of a register is
 * left out of the ranking. With PASS_RATES:
 *
 * 2014 (no 2013 evidence): 嘉峪关 97 1st 10 + 2.5 = 12.5; 金昌 96 2nd 9.5 + 2.5 = 12; 兰州 95.2 3rd 9 + 2.5 = 11.5.
 * 2015 read against 2014: 兰州 98 1st 10 + 5 (2.8 points up, capped) = 15; 嘉峪关 97.5 2nd 9.5 + 1.25 (0.5 up) = 10.75;
 *   金昌 96 3rd 9 + 0 (not up) = 9.
 */
import type { EvidenceDocument } from '../../src/core/index.js';
import { rubricFromSpec } from './factories.js';

type Json = Record<string, unknown>;

export const ACROSS_ID = 'across-years';

const passRate = { key: 'passRate', label: '产品质量监督抽查合格率', type: 'number', unit: '%', min: 0, max: 100, filledBy: 'unit' };

/** The rubric document of `year` (its version names the year, so each year's has its own hash). */
export function acrossYearsRubric(year: number): Json {
  return rubricFromSpec({
    id: ACROSS_ID,
    year,
    version: `${year - 2000}.0.0`,
    title: `${year}年度质量工作考核（位次法与同比测试细则）`,
    result: { grades: [{ grade: '优秀', min: 13.5 }, { grade: '良好', min: 12 }, { grade: '合格', min: 9 }, { grade: '不合格' }] },
    checkpoints: [
      {
        title: '产品质量监督抽查合格率位次',
        points: 10,
        method: '按各市州产品质量监督抽查合格率排名，第1名得10分，每后退一位扣0.5分；合格率相同的名次并列，其后名次顺延；未报送的不参加排名、不得分。',
        fields: [passRate],
        rule: { max: [0, { '-': [10, { '*': [0.5, { '-': [{ population: ['passRate', 'rank'] }, 1] }] }] }] },
      },
      {
        title: '产品质量监督抽查合格率同比提高',
        points: 5,
        method: '比上年每提高1个百分点得2.5分，提高2个百分点及以上得5分；未提高的不得分；上年无数据的得2.5分。',
        fields: [passRate],
        rule: {
          if: [
            { '==': [{ previous: 'passRate' }, null] },
            2.5,
            { min: [5, { max: [0, { '*': [2.5, { '-': [{ var: 'passRate' }, { previous: 'passRate' }] }] }] }] },
          ],
        },
      },
    ],
  });
}

export const NAMES: Readonly<Record<string, string>> = { '620100': '兰州市', '620200': '嘉峪关市', '620300': '金昌市' };

/** Each reporting unit's 产品质量监督抽查合格率 by year. */
export const PASS_RATES: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  2014: { '620100': 95.2, '620200': 97, '620300': 96 },
  2015: { '620100': 98, '620200': 97.5, '620300': 96 },
};

/** The items a unit submits: the same rate in both checkpoints. */
export function acrossItems(rate: number): Record<string, { values: Record<string, number> }> {
  return { C1: { values: { passRate: rate } }, C2: { values: { passRate: rate } } };
}

/** The evidence files of `year` (rates by unit code; PASS_RATES by default). */
export function acrossEvidence(year: number, rates: Readonly<Record<string, number>> = PASS_RATES[year] ?? {}): EvidenceDocument[] {
  return Object.entries(rates).map(([code, rate]) => ({
    kaohe: 'evidence/v1',
    rubric: ACROSS_ID,
    year,
    unit: { code, name: NAMES[code] ?? code },
    items: acrossItems(rate),
  }));
}
