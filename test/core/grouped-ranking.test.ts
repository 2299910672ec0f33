import { expect } from 'chai';
import { type ResultsV1, type Rubric, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { rankWithinGroups } from '../../src/core/ranking/grouped.js';
import { directCheckpoint, field, rubricFromSpec, unitEvidence } from '../support/factories.js';

type Json = Record<string, unknown>;

/** Three of 兰州市's districts and two of 白银市's, grouped by their city. */
const COUNTIES: Record<string, [name: string, city: string]> = {
  '620102': ['城关区', '620100'],
  '620103': ['七里河区', '620100'],
  '620104': ['西固区', '620100'],
  '620402': ['白银区', '620400'],
  '620421': ['靖远县', '620400'],
  '620201': ['嘉峪关市', '620200'],
};

/** Two 50-point sections and a veto; `extra` sets the ranking rules. */
function countyRubric(extra: Json = {}): Rubric {
  return parseRubric(
    rubricFromSpec({
      sections: [
        { code: 'S1', title: '质量工作组织领导', checkpoints: [directCheckpoint({ code: 'C1', points: 50 })] },
        { code: 'S2', title: '质量发展成效', checkpoints: [directCheckpoint({ code: 'C2', points: 50 })] },
      ],
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

function results(r: Rubric, units: Record<string, [s1: number, s2: number, veto?: boolean]>): ResultsV1 {
  const evidences = Object.entries(units).map(([code, [s1, s2, veto]]) =>
    parseEvidence(
      unitEvidence([code, (COUNTIES[code] as [string, string])[0]], {
        C1: { values: { value: s1 } },
        C2: { values: { value: s2 } },
        V1: { values: { incident: veto ?? false } },
      }),
    ),
  );
  return buildResults(r, assess(r, evidences, { engineVersion: 'test' }), evidences);
}

const byCity = (code: string) => (COUNTIES[code] as [string, string])[1];

/** Each unit as a grouped bulletin lists it: code, overall rank, group, rank in group, of how many. */
function grouped(res: ResultsV1) {
  const { byUnit } = rankWithinGroups(res.units, byCity);
  return res.units.map((u) => {
    const g = byUnit.get(u.code);
    return [u.code, u.rank, g?.group, g?.rank, g?.of];
  });
}

describe('ranking within groups (all counties overall, and each among its city’s counties)', () => {
  it('when two districts of one city tie, they share their rank in the city as overall, and the next takes the rank after both', () => {
    const res = results(countyRubric(), {
      '620402': [50, 45],
      '620102': [45, 45],
      '620103': [40, 50],
      '620104': [40, 45],
      '620421': [40, 40],
    });
    expect(grouped(res)).to.deep.equal([
      ['620402', 1, '620400', 1, 2],
      ['620102', 2, '620100', 1, 3],
      ['620103', 2, '620100', 1, 3],
      ['620104', 4, '620100', 3, 3],
      ['620421', 5, '620400', 2, 2],
    ]);
    const { byUnit } = rankWithinGroups(res.units, byCity);
    expect(byUnit.get('620102')?.tiedWith).to.deep.equal(['620102', '620103']);
    expect(byUnit.get('620104')?.tiedWith).to.deep.equal([]);
  });

  it('when two units of different cities tie overall, each is first in its own city and tied with nobody there', () => {
    const res = results(countyRubric(), { '620102': [45, 45], '620402': [40, 50], '620103': [40, 40] });
    expect(grouped(res)).to.deep.equal([
      ['620102', 1, '620100', 1, 2],
      ['620402', 1, '620400', 1, 1],
      ['620103', 3, '620100', 2, 2],
    ]);
    expect(rankWithinGroups(res.units, byCity).byUnit.get('620102')?.tiedWith).to.deep.equal([]);
  });

  it('when the rubric breaks ties by a section, equal totals in a city are separated by it there too', () => {
    const res = results(countyRubric({ ranking: { tieBreak: ['section:S2'] } }), { '620102': [50, 40], '620103': [40, 50], '620104': [45, 45] });
    expect(grouped(res)).to.deep.equal([
      ['620103', 1, '620100', 1, 3],
      ['620104', 2, '620100', 2, 3],
      ['620102', 3, '620100', 3, 3],
    ]);
  });

  it('when the rubric ranks vetoed units last, a vetoed district with the best score is last in its city too', () => {
    const res = results(countyRubric({ ranking: { vetoed: 'last' } }), {
      '620102': [50, 50, true],
      '620103': [40, 40],
      '620104': [35, 35],
      '620402': [45, 45],
    });
    expect(grouped(res)).to.deep.equal([
      ['620402', 1, '620400', 1, 1],
      ['620103', 2, '620100', 1, 3],
      ['620104', 3, '620100', 2, 3],
      ['620102', 4, '620100', 3, 3],
    ]);
  });

  it('a group of one ranks its unit first of one, whatever its overall rank', () => {
    const res = results(countyRubric(), { '620102': [50, 50], '620103': [45, 45], '620201': [30, 30] });
    expect(rankWithinGroups(res.units, byCity).byUnit.get('620201')).to.deep.equal({ group: '620200', rank: 1, of: 1, tiedWith: [] });
  });

  it('lists the groups by key, each with its units in the overall order', () => {
    const res = results(countyRubric(), { '620421': [50, 50], '620104': [45, 45], '620402': [40, 40], '620102': [35, 35] });
    expect(rankWithinGroups(res.units, byCity).groups).to.deep.equal([
      { group: '620100', units: ['620104', '620102'] },
      { group: '620400', units: ['620421', '620402'] },
    ]);
  });

  it('refuses units that are not in the overall ranking’s order, rather than rank them wrongly', () => {
    expect(() =>
      rankWithinGroups(
        [
          { code: '620102', rank: 2 },
          { code: '620103', rank: 1 },
        ],
        byCity,
      ),
    ).to.throw(/620103/);
  });
});
