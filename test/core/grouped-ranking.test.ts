import { expect } from 'chai';
import type { ResultsV1 } from '../../src/core/index.js';
import { rankWithinGroups } from '../../src/core/ranking/grouped.js';
import { cityOf, countyResults, countyRubric } from '../support/county-results.js';

/** Each unit as a grouped bulletin lists it: code, overall rank, group, rank in group, of how many. */
function grouped(res: ResultsV1) {
  const { byUnit } = rankWithinGroups(res.units, cityOf);
  return res.units.map((u) => {
    const g = byUnit.get(u.code);
    return [u.code, u.rank, g?.group, g?.rank, g?.of];
  });
}

describe('ranking within groups (all counties overall, and each among its city’s counties)', () => {
  it('when two districts of one city tie, they share their rank in the city as overall, and the next takes the rank after both', () => {
    const res = countyResults(countyRubric(), {
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
    const { byUnit } = rankWithinGroups(res.units, cityOf);
    expect(byUnit.get('620102')?.tiedWith).to.deep.equal(['620102', '620103']);
    expect(byUnit.get('620104')?.tiedWith).to.deep.equal([]);
  });

  it('when two units of different cities tie overall, each is first in its own city and tied with nobody there', () => {
    const res = countyResults(countyRubric(), { '620102': [45, 45], '620402': [40, 50], '620103': [40, 40] });
    expect(grouped(res)).to.deep.equal([
      ['620102', 1, '620100', 1, 2],
      ['620402', 1, '620400', 1, 1],
      ['620103', 3, '620100', 2, 2],
    ]);
    expect(rankWithinGroups(res.units, cityOf).byUnit.get('620102')?.tiedWith).to.deep.equal([]);
  });

  it('when the rubric breaks ties by a section, equal totals in a city are separated by it there too', () => {
    const res = countyResults(countyRubric({ ranking: { tieBreak: ['section:S2'] } }), { '620102': [50, 40], '620103': [40, 50], '620104': [45, 45] });
    expect(grouped(res)).to.deep.equal([
      ['620103', 1, '620100', 1, 3],
      ['620104', 2, '620100', 2, 3],
      ['620102', 3, '620100', 3, 3],
    ]);
  });

  it('when the rubric ranks vetoed units last, a vetoed district with the best score is last in its city too', () => {
    const res = countyResults(countyRubric({ ranking: { vetoed: 'last' } }), {
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
    const res = countyResults(countyRubric(), { '620102': [50, 50], '620103': [45, 45], '620200': [30, 30] });
    expect(rankWithinGroups(res.units, cityOf).byUnit.get('620200')).to.deep.equal({ group: '620200', rank: 1, of: 1, tiedWith: [] });
  });

  it('lists the groups by key, each with its units in the overall order', () => {
    const res = countyResults(countyRubric(), { '620421': [50, 50], '620104': [45, 45], '620402': [40, 40], '620102': [35, 35] });
    expect(rankWithinGroups(res.units, cityOf).groups).to.deep.equal([
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
        cityOf,
      ),
    ).to.throw(/620103/);
  });
});
