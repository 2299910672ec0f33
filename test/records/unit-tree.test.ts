import { expect } from 'chai';
import { type UnitTree, type UnitTreeNode, buildUnitTree, findUnit, isWithin, nestedFrom, pathOf, registerProblems } from '../../src/records/index.js';

/** A province with two cities, one of them with two counties: enough to break in every way. */
function province(overrides: { cities?: UnitTreeNode[] } = {}): UnitTreeNode {
  return {
    code: '620000',
    name: '甘肃省',
    kind: '省',
    children: overrides.cities ?? [
      {
        code: '620100',
        name: '兰州市',
        kind: '地级市',
        children: [
          { code: '620102', name: '城关区', kind: '区' },
          { code: '620121', name: '永登县', kind: '县' },
        ],
      },
      { code: '620200', name: '嘉峪关市', kind: '地级市', children: [] },
    ],
  };
}

function built(root: UnitTreeNode): UnitTree {
  const result = buildUnitTree(root);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.tree;
}

function messages(root: UnitTreeNode): string[] {
  const result = buildUnitTree(root);
  expect(result.ok, 'the tree should be refused').to.equal(false);
  return result.ok ? [] : result.problems.map((p) => `${p.path} ${p.message}`);
}

describe('the unit tree (records/unit-tree.ts)', () => {
  describe('a well-formed tree', () => {
    const tree = built(province());

    it('knows each unit’s level and parent, and lists parents before children, siblings by code', () => {
      expect(tree.units.map((u) => [u.code, u.level, u.parent ?? '—'])).to.deep.equal([
        ['620000', 'province', '—'],
        ['620100', 'city', '620000'],
        ['620102', 'county', '620100'],
        ['620121', 'county', '620100'],
        ['620200', 'city', '620000'],
      ]);
    });

    it('orders siblings by code whatever order the file lists them in', () => {
      const cities = [...(province().children as UnitTreeNode[])].reverse();
      expect(built(province({ cities })).units.map((u) => u.code)).to.deep.equal(tree.units.map((u) => u.code));
    });

    it('gives the path from the province down, and says what lies within a subtree', () => {
      const found = findUnit(tree, '620121');
      expect(found.ok && pathOf(tree, found.unit).map((u) => u.name)).to.deep.equal(['甘肃省', '兰州市', '永登县']);
      expect(isWithin(tree, '620121', '620100')).to.equal(true);
      expect(isWithin(tree, '620121', '620000')).to.equal(true);
      expect(isWithin(tree, '620121', '620200')).to.equal(false);
      expect(isWithin(tree, '620100', '620121')).to.equal(false);
    });

    it('nests again from any unit, each with its level', () => {
      expect(nestedFrom(tree, tree.byCode.get('620100') as never)).to.deep.equal({
        code: '620100',
        name: '兰州市',
        kind: '地级市',
        level: 'city',
        parent: '620000',
        children: [
          { code: '620102', name: '城关区', kind: '区', level: 'county', parent: '620100', children: [] },
          { code: '620121', name: '永登县', kind: '县', level: 'county', parent: '620100', children: [] },
        ],
      });
    });
  });

  describe('the shapes of other provinces (for the national tree to come)', () => {
    it('takes a municipality’s districts and a province’s directly administered cities directly under the province', () => {
      const beijing = built({ code: '110000', name: '北京市', kind: '直辖市', children: [{ code: '110101', name: '东城区', kind: '区' }] });
      expect(beijing.byCode.get('110101')).to.deep.equal({ code: '110101', name: '东城区', kind: '区', level: 'county', parent: '110000' });
      const hubei = built({
        code: '420000',
        name: '湖北省',
        kind: '省',
        children: [
          { code: '420100', name: '武汉市', kind: '地级市', children: [{ code: '420102', name: '江岸区', kind: '区' }] },
          { code: '429004', name: '仙桃市', kind: '县级市' },
        ],
      });
      expect(hubei.units.map((u) => `${u.code} ${u.level} ${u.parent ?? '—'}`)).to.deep.equal([
        '420000 province —',
        '420100 city 420000',
        '420102 county 420100',
        '429004 county 420000',
      ]);
    });

    it('takes the country (000000) above its provinces, and refuses a city or county directly under it, or a code 00xxxx', () => {
      const country = built({ code: '000000', name: '中华人民共和国', kind: '国家', children: [province()] });
      expect(country.units.slice(0, 3).map((u) => `${u.code} ${u.level} ${u.parent ?? '—'}`)).to.deep.equal([
        '000000 country —',
        '620000 province 000000',
        '620100 city 620000',
      ]);
      expect(isWithin(country, '620121', '000000')).to.equal(true);
      expect(
        messages({
          code: '000000',
          name: '中华人民共和国',
          kind: '国家',
          children: [
            { code: '620100', name: '兰州市', kind: '地级市' },
            { code: '001000', name: '某市', kind: '地级市' },
          ],
        }),
      ).to.deep.equal([
        '$.children[0].code 620100（兰州市）的代码是地级单位的代码，不能在国家级单位 000000（中华人民共和国）之下',
        '$.children[1].code 单位代码“001000”的第 1–2 位为 00，不是省级以下的行政区划代码（GB/T 2260）',
      ]);
    });
  });

  describe('refuses a code outside the tree, naming it', () => {
    const tree = built(province());

    it('a well-formed code the tree does not hold', () => {
      expect(findUnit(tree, '620300')).to.deep.equal({
        ok: false,
        problem: { code: 'unit_not_in_tree', path: '$', message: '单位代码 620300 不在甘肃省（620000）的单位树中' },
      });
    });

    it('a code that is not six digits', () => {
      const found = findUnit(tree, '62010', '$.under');
      expect(found.ok ? '' : `${found.problem.path} ${found.problem.message}`).to.equal('$.under 单位代码“62010”不是 6 位数字的行政区划代码（GB/T 2260）');
    });

    it('a register unit the tree does not hold, or holds under another name', () => {
      expect(
        registerProblems(tree, [
          { code: '620100', name: '兰州市' },
          { code: '629900', name: '某市' },
          { code: '620200', name: '嘉峪关' },
        ]).map((p) => `${p.path} ${p.message}`),
      ).to.deep.equal([
        '$.units[1].code 单位代码 629900 不在甘肃省（620000）的单位树中',
        '$.units[2].name 单位 620200 在单位树中名为“嘉峪关市”，名录中却为“嘉峪关”',
      ]);
    });
  });

  describe('refuses a tree whose codes do not hold together', () => {
    it('a county that is not under its city’s prefix', () => {
      const cities = province().children as UnitTreeNode[];
      const lanzhou = { ...(cities[0] as UnitTreeNode), children: [{ code: '620302', name: '金川区', kind: '区' }] };
      expect(messages(province({ cities: [lanzhou] }))).to.deep.equal([
        '$.children[0].children[0].code 620302（金川区）不在上级 620100（兰州市）之下：代码应以 6201 开头',
      ]);
    });

    it('a city from another province', () => {
      expect(messages(province({ cities: [{ code: '630100', name: '西宁市', kind: '地级市' }] }))).to.deep.equal([
        '$.children[0].code 630100（西宁市）不在上级 620000（甘肃省）之下：代码应以 62 开头',
      ]);
    });

    it('a county-level unit under its province while its city is in the tree, and a city under a city', () => {
      const cities = province().children as UnitTreeNode[];
      const stray = { code: '620123', name: '榆中县', kind: '县' };
      const cityUnderCity = { code: '620200', name: '嘉峪关市', kind: '地级市', children: [{ code: '620300', name: '金昌市', kind: '地级市' }] };
      expect(messages(province({ cities: [cities[0] as UnitTreeNode, cityUnderCity, stray] }))).to.deep.equal([
        '$.children[1].children[0].code 620300（金昌市）的代码是地级单位的代码，不能在地级单位 620200（嘉峪关市）之下',
        '$.children[1].children[0].code 620300（金昌市）不在上级 620200（嘉峪关市）之下：代码应以 6202 开头',
        '$ 620123（榆中县）应在 620100（兰州市）之下，却在 620000（甘肃省）之下',
      ]);
    });

    it('a kind that is not of the code’s level, and a code twice', () => {
      const cities = province().children as UnitTreeNode[];
      expect(
        messages(province({ cities: [{ code: '620300', name: '金昌市', kind: '区' }, cities[1] as UnitTreeNode, cities[1] as UnitTreeNode] })),
      ).to.deep.equal([
        '$.children[0].kind 620300（金昌市）是地级单位，类别应为地级市、自治州、地区、盟之一，而不是“区”',
        '$.children[2].name 620000（甘肃省）之下有两个单位都名为“嘉峪关市”',
        '$.children[2].code 单位代码 620200 出现了不止一次',
      ]);
    });

    it('a root that is not a province, and codes that are not county-level codes', () => {
      expect(messages({ code: '620100', name: '兰州市', kind: '地级市' })).to.deep.equal([
        '$.code 单位树的根 620100（兰州市）应为国家（000000）或省级单位，代码以 0000 结尾',
      ]);
      expect(
        messages(
          province({
            cities: [
              { code: '6201', name: '兰州市', kind: '地级市' },
              { code: '620001', name: '某县', kind: '县' },
            ],
          }),
        ),
      ).to.deep.equal([
        '$.children[0].code 单位代码“6201”不是 6 位数字的行政区划代码（GB/T 2260）',
        '$.children[1].code 单位代码“620001”的第 3–4 位为 00，不是县级行政区划代码（GB/T 2260）',
      ]);
    });

    it('a unit below the county level, and two siblings of one name', () => {
      const township = { code: '620102', name: '城关区', kind: '区', children: [{ code: '620102', name: '酒泉路街道', kind: '街道' }] };
      const twice = { code: '620103', name: '城关区', kind: '区' };
      expect(messages(province({ cities: [{ code: '620100', name: '兰州市', kind: '地级市', children: [township, twice] }] }))).to.deep.equal([
        '$.children[0].children[0].children[0] 620102（酒泉路街道）在县级单位 620102（城关区）之下：单位树只到县级',
        '$.children[0].children[1].name 620100（兰州市）之下有两个单位都名为“城关区”',
      ]);
    });
  });
});
