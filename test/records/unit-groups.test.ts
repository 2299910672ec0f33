import { expect } from 'chai';
import { loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { fromRoot } from '../support/paths.js';
import { type UnitTree, buildUnitTree, groupUnits, groupingTellsMore, spansGroups } from '../../src/records/index.js';

/** 湖北省 with one city and its district, and 仙桃市, a county-level city the province administers directly. */
function hubei(): UnitTree {
  const built = buildUnitTree({
    code: '420000',
    name: '湖北省',
    kind: '省',
    children: [
      { code: '420100', name: '武汉市', kind: '地级市', children: [{ code: '420102', name: '江岸区', kind: '区' }] },
      { code: '429004', name: '仙桃市', kind: '县级市' },
    ],
  });
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return built.tree;
}

function groupNames(tree: UnitTree, codes: string[], level: 'city' | 'province'): Record<string, string> {
  const grouped = groupUnits(tree, codes, level);
  if (!grouped.ok) throw new Error(grouped.problems.map((p) => p.message).join('\n'));
  return Object.fromEntries([...grouped.groupOf].map(([code, g]) => [code, `${g.code} ${g.name}`]));
}

describe('assessed units grouped by a level of the unit tree (records/unit-groups.ts)', () => {
  const { tree: gansu } = loadUnitTree();
  const counties = gansu.units.filter((u) => u.level === 'county').map((u) => u.code);

  it('groups Gansu’s 86 county-level units under 13 cities and prefectures (嘉峪关市 has no counties)', () => {
    const grouped = groupUnits(gansu, counties, 'city');
    expect(grouped.ok).to.equal(true);
    if (!grouped.ok) return;
    expect(counties).to.have.length(86);
    expect(grouped.groupOf.get('620102')).to.deep.equal({ code: '620100', name: '兰州市' });
    expect(grouped.groupOf.get('623001')).to.deep.equal({ code: '623000', name: '甘南藏族自治州' });
    expect(new Set([...grouped.groupOf.values()].map((g) => g.name)).size).to.equal(13);
    expect(spansGroups(grouped.groupOf)).to.equal(true);
  });

  it('a unit at the level itself is its own group: 嘉峪关市 ranked among counties is a group of one', () => {
    expect(groupNames(gansu, ['620102', '620200'], 'city')).to.deep.equal({ '620102': '620100 兰州市', '620200': '620200 嘉峪关市' });
  });

  it('a county whose parent is the assessing province itself is grouped under the province as 直管', () => {
    expect(groupNames(hubei(), ['420102', '429004'], 'city')).to.deep.equal({ '420102': '420100 武汉市', '429004': '420000 湖北省直管' });
  });

  it('a unit above the level is a group of its own, not its parent’s 直管: 湖北省 grouped by city', () => {
    expect(groupNames(hubei(), ['420000', '420102'], 'city')).to.deep.equal({ '420000': '420000 湖北省', '420102': '420100 武汉市' });
  });

  it('the whole country’s 2,850 county-level units: 31 groups by province; by city, 北京市’s districts under 北京市 and 仙桃市 under 湖北省直管', () => {
    const { tree: china } = loadUnitTree(fromRoot('seeds', 'units-tree', 'china-2015.json'));
    const all = china.units.filter((u) => u.level === 'county').map((u) => u.code);
    const byProvince = groupUnits(china, all, 'province');
    expect(byProvince.ok && new Set([...byProvince.groupOf.values()].map((g) => g.code)).size).to.equal(31);
    const byCity = groupUnits(china, all, 'city');
    if (!byCity.ok) throw new Error(byCity.problems[0]?.message);
    expect(byCity.groupOf.get('110101')).to.deep.equal({ code: '110000', name: '北京市' });
    expect(byCity.groupOf.get('429004')).to.deep.equal({ code: '420000', name: '湖北省直管' });
    expect(byCity.groupOf.get('620102')).to.deep.equal({ code: '620100', name: '兰州市' });
  });

  it('grouped by province, every unit of one province falls in one group, and the view is not worth showing', () => {
    const grouped = groupUnits(gansu, ['620102', '620421', '620200'], 'province');
    expect(grouped.ok && spansGroups(grouped.groupOf)).to.equal(false);
  });

  it('a grouping tells more than the overall ranking only when some group holds more than one unit: not for the 14 cities by city', () => {
    const cities = gansu.units.filter((u) => u.level === 'city').map((u) => u.code);
    const byCity = groupUnits(gansu, cities, 'city');
    expect(byCity.ok && spansGroups(byCity.groupOf)).to.equal(true);
    expect(byCity.ok && groupingTellsMore(byCity.groupOf)).to.equal(false);
    const mixed = groupUnits(gansu, ['620102', '620103', '620200'], 'city');
    expect(mixed.ok && groupingTellsMore(mixed.groupOf)).to.equal(true);
  });

  it('refuses codes outside the tree, each named, with where it was given', () => {
    const grouped = groupUnits(gansu, ['620102', '630100', '62010'], 'city');
    expect(grouped.ok).to.equal(false);
    if (grouped.ok) return;
    expect(grouped.problems.map((p) => `${p.path} ${p.message}`)).to.deep.equal([
      '$.units[1] 单位代码 630100 不在甘肃省（620000）的单位树中',
      '$.units[2] 单位代码“62010”不是 6 位数字的行政区划代码（GB/T 2260）',
    ]);
  });
});
