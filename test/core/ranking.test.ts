import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { type ResultsV1, type Rubric, type UnitResult, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { type Num, cmp, ratio, toNumber } from '../../src/core/exact/index.js';
import { rankUnits } from '../../src/core/ranking/rank.js';
import type { Item } from '../../src/core/rubric/index.js';
import { directCheckpoint, field, rubricFromSpec, unitEvidence } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

type Json = Record<string, unknown>;

const NAMES: Record<string, string> = {
  '620100': '兰州市',
  '620200': '嘉峪关市',
  '620300': '金昌市',
  '620400': '白银市',
  '620500': '天水市',
  '620600': '武威市',
  '620700': '张掖市',
};

/** Two 50-point sections, a bonus (cap 5), a deduction item and a veto; `extra` sets ranking and flags. */
function rankingRubric(extra: Json = {}): Rubric {
  const optional = (label: string, max: number) => [field({ label, max, default: 0, filledBy: 'examiner' })];
  return parseRubric(
    rubricFromSpec({
      sections: [
        { code: 'S1', title: '质量工作组织领导', checkpoints: [directCheckpoint({ code: 'C1', points: 50 })] },
        { code: 'S2', title: '质量发展成效', checkpoints: [directCheckpoint({ code: 'C2', points: 50 })] },
      ],
      bonus: { cap: 5, items: [{ title: '质量工作创新', points: 5, fields: optional('加分', 5), rule: { var: 'value' } }] },
      deductions: { items: [{ title: '质量安全事故', points: 10, fields: optional('扣分', 10), rule: { var: 'value' } }] },
      vetoes: [
        {
          code: 'V1',
          title: '发生区域性、系统性质量安全事件',
          method: '发生的，考核结果为D级。',
          fields: [field({ key: 'incident', label: '是否发生', type: 'boolean', min: undefined, max: undefined, default: false, filledBy: 'examiner' })],
          rule: { var: 'incident' },
        },
      ],
      ...extra,
    }),
  );
}

interface Scores {
  s1: number;
  s2: number;
  bonus?: number;
  deduction?: number;
  veto?: boolean;
}

function rank(r: Rubric, units: Record<string, Scores>): ResultsV1 {
  const evidences = Object.entries(units).map(([code, s]) =>
    parseEvidence(
      unitEvidence([code, NAMES[code] as string], {
        C1: { values: { value: s.s1 } },
        C2: { values: { value: s.s2 } },
        B1: { values: { value: s.bonus ?? 0 } },
        D1: { values: { value: s.deduction ?? 0 } },
        V1: { values: { incident: s.veto ?? false } },
      }),
    ),
  );
  return buildResults(r, assess(r, evidences, { engineVersion: 'test' }), evidences);
}

/** The ranking as a bulletin lists it: rank, unit code, total. */
const table = (results: ResultsV1) => results.units.map((u) => [u.rank, u.code, u.total]);

describe('ranking: competition ranking on exact totals', () => {
  it('when two units tie for second, the ranks are 1, 2, 2, 4 and the tie is reported', () => {
    const results = rank(rankingRubric(), {
      '620400': { s1: 40, s2: 40 },
      '620300': { s1: 45, s2: 45 },
      '620100': { s1: 50, s2: 45 },
      '620200': { s1: 40, s2: 50 },
    });
    expect(table(results)).to.deep.equal([
      [1, '620100', 95],
      [2, '620200', 90],
      [2, '620300', 90],
      [4, '620400', 80],
    ]);
    expect(results.units[1]?.tiedWith).to.deep.equal(['620200', '620300']);
    expect(results.units[0]?.tiedWith).to.deep.equal([]);
    expect(results.summary.ties).to.deep.equal([['620200', '620300']]);
  });

  it('when one unit reaches 90 as 39.9 + 49.8 + 0.3 bonus and another as 40 + 50, they tie exactly', () => {
    const results = rank(rankingRubric(), { '620100': { s1: 39.9, s2: 49.8, bonus: 0.3 }, '620200': { s1: 40, s2: 50 } });
    expect(table(results)).to.deep.equal([
      [1, '620100', 90],
      [1, '620200', 90],
    ]);
  });

  it('when totals differ only in the second decimal, the higher ranks first', () => {
    const results = rank(rankingRubric(), { '620100': { s1: 44.99, s2: 45 }, '620200': { s1: 45, s2: 45 } });
    expect(table(results)).to.deep.equal([
      [1, '620200', 90],
      [2, '620100', 89.99],
    ]);
  });
});

describe('ranking: tie-break keys the rubric states', () => {
  it('when the rubric states no tie-break, equal totals share a rank and are listed by unit code, whatever the input order', () => {
    const results = rank(rankingRubric(), { '620300': { s1: 45, s2: 45 }, '620100': { s1: 40, s2: 50 }, '620200': { s1: 50, s2: 40 } });
    expect(table(results)).to.deep.equal([
      [1, '620100', 90],
      [1, '620200', 90],
      [1, '620300', 90],
    ]);
  });

  it('when the tie-break is the base score, the unit that earned 90 without bonus ranks above one that needed 2 bonus points', () => {
    const units = { '620100': { s1: 44, s2: 44, bonus: 2 }, '620200': { s1: 45, s2: 45 } };
    expect(table(rank(rankingRubric({ ranking: { tieBreak: ['base'] } }), units))).to.deep.equal([
      [1, '620200', 90],
      [2, '620100', 90],
    ]);
  });

  it('when the tie-break is a section, the unit with more points in that section ranks first', () => {
    const units = { '620100': { s1: 50, s2: 40 }, '620200': { s1: 40, s2: 50 } };
    expect(table(rank(rankingRubric({ ranking: { tieBreak: ['section:S2'] } }), units))).to.deep.equal([
      [1, '620200', 90],
      [2, '620100', 90],
    ]);
  });

  it('when the tie-break is an item, the unit with more points on that item ranks first', () => {
    const units = { '620100': { s1: 50, s2: 40 }, '620200': { s1: 40, s2: 50 } };
    expect(table(rank(rankingRubric({ ranking: { tieBreak: ['item:C1'] } }), units))).to.deep.equal([
      [1, '620100', 90],
      [2, '620200', 90],
    ]);
  });

  it('when the tie-break is deductions, the unit with fewer deductions ranks first', () => {
    const units = { '620100': { s1: 46, s2: 46, deduction: 2 }, '620200': { s1: 45.5, s2: 45.5, deduction: 1 } };
    expect(table(rank(rankingRubric({ ranking: { tieBreak: ['deductions'] } }), units))).to.deep.equal([
      [1, '620200', 90],
      [2, '620100', 90],
    ]);
  });

  it('when the first key is equal too, the next key decides, and units equal on every key still share a rank', () => {
    const r = rankingRubric({ ranking: { tieBreak: ['base', 'section:S1'] } });
    const results = rank(r, {
      '620400': { s1: 45, s2: 45 },
      '620300': { s1: 45, s2: 45 },
      '620200': { s1: 50, s2: 40 },
      '620100': { s1: 44, s2: 44, bonus: 2 },
    });
    expect(table(results)).to.deep.equal([
      [1, '620200', 90],
      [2, '620300', 90],
      [2, '620400', 90],
      [4, '620100', 90],
    ]);
    expect(results.summary.ties).to.deep.equal([['620300', '620400']]);
  });
});

describe('ranking: bottom-N flags (后三位)', () => {
  const flags = [{ code: 'F1', kind: 'bottom', count: 3, label: '后三位', obligation: '一个月内向省政府书面报告并提交整改方案' }];

  it('when six units have different totals, the last three are flagged with their obligation', () => {
    const results = rank(rankingRubric({ flags }), {
      '620100': { s1: 50, s2: 45 },
      '620200': { s1: 45, s2: 45 },
      '620300': { s1: 45, s2: 40 },
      '620400': { s1: 40, s2: 40 },
      '620500': { s1: 40, s2: 35 },
      '620600': { s1: 35, s2: 35 },
    });
    expect(results.summary.flags).to.deep.equal([{ code: 'F1', label: '后三位', units: ['620400', '620500', '620600'] }]);
    expect(results.units[5]?.flags).to.deep.equal([{ code: 'F1', label: '后三位', obligation: '一个月内向省政府书面报告并提交整改方案' }]);
    expect(results.units[2]?.flags).to.deep.equal([]);
  });

  it('when a tie crosses the boundary of the last three, every unit in the tie is flagged: nobody escapes by a tie', () => {
    const results = rank(rankingRubric({ flags }), {
      '620100': { s1: 50, s2: 45 },
      '620200': { s1: 45, s2: 45 },
      '620300': { s1: 40, s2: 40 },
      '620400': { s1: 40, s2: 40 },
      '620500': { s1: 40, s2: 35 },
      '620600': { s1: 35, s2: 35 },
    });
    expect(table(results).map(([rankNo]) => rankNo)).to.deep.equal([1, 2, 3, 3, 5, 6]);
    expect(results.summary.flags[0]?.units).to.deep.equal(['620300', '620400', '620500', '620600']);
  });
});

describe('ranking: vetoed units', () => {
  const units = {
    '620100': { s1: 50, s2: 45, veto: true },
    '620200': { s1: 45, s2: 45 },
    '620300': { s1: 40, s2: 40, veto: true },
    '620400': { s1: 40, s2: 35 },
  };

  it('when the rubric ranks vetoed units in place, a vetoed unit keeps the rank its score earns, graded D', () => {
    const results = rank(rankingRubric(), units);
    expect(results.units.map((u) => [u.rank, u.code, u.total, u.grade])).to.deep.equal([
      [1, '620100', 95, 'D'],
      [2, '620200', 90, 'A'],
      [3, '620300', 80, 'D'],
      [4, '620400', 75, 'C'],
    ]);
    expect(results.summary.vetoed).to.deep.equal(['620100', '620300']);
  });

  it('when the rubric ranks vetoed units last, they follow every other unit, in score order among themselves', () => {
    const results = rank(rankingRubric({ ranking: { vetoed: 'last' } }), units);
    expect(table(results)).to.deep.equal([
      [1, '620200', 90],
      [2, '620400', 75],
      [3, '620100', 95],
      [4, '620300', 80],
    ]);
  });

  it('when vetoed units are ranked last, the bottom flags fall on them', () => {
    const flags = [{ code: 'F1', kind: 'bottom', count: 2, label: '后两位' }];
    const results = rank(rankingRubric({ ranking: { vetoed: 'last' }, flags }), units);
    expect(results.summary.flags[0]?.units).to.deep.equal(['620100', '620300']);
  });
});

describe('ranking: the sort in whole precision steps against the exact comparison', () => {
  const gansu = JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8')) as Json;
  const withRanking = (ranking: Json) => parseRubric({ ...gansu, ranking });
  const base = withRanking({});
  const shuffled = generateEvidence(base, 800, 7)
    .map((e, i) => ({ e, key: (i * 7919) % 800 }))
    .sort((a, b) => a.key - b.key)
    .map(({ e }) => e);
  const assessed = assess(base, shuffled, { engineVersion: 'test' }).units.map((u) => u.result);
  expect(assessed.filter((u) => u.vetoed).length, 'some generated units are vetoed').to.be.greaterThan(0);
  /** Totals made coarse (whole points, even ones) so that many units tie and the tie-break keys decide. */
  const coarse = assessed.map((u) => ({ ...u, total: Math.floor(toNumber(u.total) / 2) * 2 }));
  expect(new Set(coarse.map((u) => u.total)).size, 'distinct coarse totals').to.be.lessThan(40);

  /** The ranking by the rubric's words alone, on exact values: standing, total, tie-break keys, then unit code. */
  function expected(rubric: Rubric, units: readonly UnitResult[]): [string, number, number][] {
    const scale = 10 ** rubric.precision;
    const keyValue = (u: UnitResult, key: string): Num => {
      if (key === 'base' || key === 'bonus' || key === 'deductions') return u[key];
      const [kind, code] = key.split(':') as [string, string];
      if (kind === 'section') return u.sections.find((s) => s.code === code)?.score ?? 0;
      return ratio(u.steps[(rubric.items.get(code) as Item).index] as number, scale);
    };
    const compare = (a: UnitResult, b: UnitResult) => {
      if (rubric.ranking.vetoed === 'last' && a.vetoed !== b.vetoed) return a.vetoed ? 1 : -1;
      const byTotal = cmp(b.total, a.total);
      if (byTotal !== 0) return byTotal;
      for (const key of rubric.ranking.tieBreak) {
        const c = key === 'deductions' ? cmp(keyValue(a, key), keyValue(b, key)) : cmp(keyValue(b, key), keyValue(a, key));
        if (c !== 0) return c;
      }
      return 0;
    };
    const sorted = [...units].sort((a, b) => compare(a, b) || (a.unit.code < b.unit.code ? -1 : 1));
    let rank = 1;
    return sorted.map((u, i) => {
      if (i > 0 && compare(sorted[i - 1] as UnitResult, u) !== 0) rank = i + 1;
      const tied = sorted.filter((v) => compare(u, v) === 0).length;
      return [u.unit.code, rank, tied > 1 ? tied : 0];
    });
  }
  const ranked = (rubric: Rubric, units: readonly UnitResult[]) =>
    rankUnits(rubric, units).map((r): [string, number, number] => [r.result.unit.code, r.rank, r.tiedWith.length]);

  const rankings: [string, Json][] = [
    ['no tie-break, vetoed units in place', {}],
    ['vetoed units last', { vetoed: 'last' }],
    ['a section, then deductions, then an item, then the base', { tieBreak: ['section:S2', 'deductions', 'item:G01.1', 'base'] }],
    ['vetoed units last and the bonus', { vetoed: 'last', tieBreak: ['bonus'] }],
  ];
  for (const [words, ranking] of rankings) {
    it(`when 800 units listed in or out of code order are ranked with ${words}, ranks, order and ties are the exact comparison's`, () => {
      const rubric = withRanking(ranking);
      expect(ranked(rubric, assessed)).to.deep.equal(expected(rubric, assessed));
      expect(ranked(rubric, coarse)).to.deep.equal(expected(rubric, coarse));
      const listed = [...coarse].sort((a, b) => (a.unit.code < b.unit.code ? -1 : 1));
      expect(ranked(rubric, listed), 'units listed in code order').to.deep.equal(expected(rubric, coarse));
    });
  }

  it('when one total is off the rubric’s grid (a third of a point), the exact comparison ranks every unit alike', () => {
    const rubric = withRanking({ vetoed: 'last', tieBreak: ['base'] });
    const offGrid = coarse.map((u, i) => (i === 5 ? { ...u, total: ratio(1, 3) } : u));
    expect(ranked(rubric, offGrid)).to.deep.equal(expected(rubric, offGrid));
  });
});
