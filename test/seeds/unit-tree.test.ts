import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/adapters/files/input-error.js';
import { CHINA_UNIT_TREE, GANSU_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { loadUnits } from '../../src/adapters/files/units.js';
import { findUnit, isWithin, nestedFrom, pathOf, registerProblems, subtreeOf } from '../../src/records/index.js';
import { readJsonFile, seedUnits, useTempDirs } from '../support/cli.js';

/**
 * County-level units per city in 2015, counted from the source the seed names (民政部's
 * list of 31 December 2015 as compiled in yescallop/areacodes data/2015.txt).
 */
const COUNTIES_PER_CITY: Readonly<Record<string, readonly [string, number]>> = {
  '620100': ['兰州市', 8],
  '620200': ['嘉峪关市', 0],
  '620300': ['金昌市', 2],
  '620400': ['白银市', 5],
  '620500': ['天水市', 7],
  '620600': ['武威市', 4],
  '620700': ['张掖市', 6],
  '620800': ['平凉市', 7],
  '620900': ['酒泉市', 7],
  '621000': ['庆阳市', 8],
  '621100': ['定西市', 7],
  '621200': ['陇南市', 9],
  '622900': ['临夏回族自治州', 8],
  '623000': ['甘南藏族自治州', 8],
};

describe("Gansu's unit tree of 2015 (seeds/units-tree/gansu-2015.json)", () => {
  const { tree, source } = loadUnitTree(GANSU_UNIT_TREE);
  const unit = (code: string) => {
    const found = tree.byCode.get(code);
    if (!found) throw new Error(`${code} is not in the tree`);
    return found;
  };
  const namesUnder = (code: string) => (tree.childrenOf.get(code) ?? []).map((u) => u.name);

  it('has 甘肃省 at its root, with 14 cities and prefectures and 86 county-level units under them', () => {
    expect(tree.root).to.include({ code: '620000', name: '甘肃省', level: 'province' });
    expect(tree.units.filter((u) => u.level === 'city')).to.have.length(14);
    expect(tree.units.filter((u) => u.level === 'county')).to.have.length(86);
    expect(tree.units).to.have.length(101);
  });

  it('counts each city’s county-level units as the source lists them', () => {
    const counted = Object.fromEntries((tree.childrenOf.get('620000') ?? []).map((c) => [c.code, [c.name, namesUnder(c.code).length]]));
    expect(counted).to.deep.equal(COUNTIES_PER_CITY);
  });

  it('lists 兰州市’s eight: five districts, then three counties, by code', () => {
    expect(namesUnder('620100')).to.deep.equal(['城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县']);
    expect((tree.childrenOf.get('620100') ?? []).map((u) => u.code)).to.deep.equal(['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123']);
  });

  it('counts 17 districts, 4 county-level cities, 58 counties and 7 autonomous counties', () => {
    const kinds: Record<string, number> = {};
    for (const u of tree.units.filter((x) => x.level === 'county')) kinds[u.kind] = (kinds[u.kind] ?? 0) + 1;
    expect(kinds).to.deep.equal({ 区: 17, 县级市: 4, 县: 58, 自治县: 7 });
    expect(tree.units.filter((u) => u.kind === '县级市').map((u) => u.name)).to.deep.equal(['玉门市', '敦煌市', '临夏市', '合作市']);
  });

  it('holds 2015’s state: 华亭县 620824 (华亭市 620881 only from 2018), no 兰州新区 (a development zone, not a division)', () => {
    expect(unit('620824')).to.include({ name: '华亭县', kind: '县', parent: '620800' });
    expect(tree.byCode.has('620881')).to.equal(false);
    expect(tree.byCode.has('620171')).to.equal(false);
  });

  it('puts every unit under its parent’s prefix: a city under 62, a county under its city’s four digits', () => {
    for (const u of tree.units) {
      if (u.level === 'province') continue;
      const parent = unit(u.parent as string);
      expect(u.code.slice(0, parent.level === 'province' ? 2 : 4), `${u.code} ${u.name}`).to.equal(parent.code.slice(0, parent.level === 'province' ? 2 : 4));
      expect(u.code.endsWith('00'), `${u.code} ${u.name}`).to.equal(u.level === 'city');
    }
  });

  it('gives each unit its path from the province, and each city its subtree', () => {
    expect(pathOf(tree, unit('622927')).map((u) => u.name)).to.deep.equal(['甘肃省', '临夏回族自治州', '积石山保安族东乡族撒拉族自治县']);
    expect(subtreeOf(tree, unit('620200')).map((u) => u.name)).to.deep.equal(['嘉峪关市']);
    expect(subtreeOf(tree, tree.root)).to.have.length(101);
  });

  it('holds every unit of the provincial register (seeds/units.json) under the same name, as a child of the province', () => {
    const register = loadUnits(seedUnits);
    expect(registerProblems(tree, register.units)).to.deep.equal([]);
    expect(register.units.map((u) => unit(u.code).parent)).to.deep.equal(register.units.map(() => '620000'));
    expect(register.units.map((u) => unit(u.code).kind)).to.deep.equal(register.units.map((u) => u.kind));
    expect(register.province).to.deep.equal({ code: tree.root.code, name: tree.root.name });
  });

  it('names its source and the day it stands at', () => {
    expect(source.asOf).to.equal('2015-12-31');
    expect(source.title).to.include('民政部');
    expect(source.retrieved).to.include('yescallop/areacodes').and.to.include('data/2015.txt');
  });
});

/**
 * Units per level and kind at the end of 2015, as 民政部's 《2015年社会服务发展统计公报》
 * (www.gov.cn, 2016-07-12) counts them: 334 prefecture-level units (291 地级市, 10 地区,
 * 30 自治州, 3 盟) and county-level units of 921 市辖区, 361 县级市, 1,397 县, 117 自治县,
 * 49 旗, 3 自治旗, 1 特区 and 1 林区 (2,850; the bulletin misprints the total as 2580).
 * Of its 34 province-level units the tree leaves out 台湾省 and the two 特别行政区.
 */
const CHINA_KINDS: Readonly<Record<string, number>> = {
  'country 国家': 1,
  'province 省': 22,
  'province 自治区': 5,
  'province 直辖市': 4,
  'city 地级市': 291,
  'city 地区': 10,
  'city 自治州': 30,
  'city 盟': 3,
  'county 区': 921,
  'county 县级市': 361,
  'county 县': 1397,
  'county 自治县': 117,
  'county 旗': 49,
  'county 自治旗': 3,
  'county 特区': 1,
  'county 林区': 1,
};

describe("the country's unit tree of 2015 (seeds/units-tree/china-2015.json)", () => {
  const { tree, source } = loadUnitTree(CHINA_UNIT_TREE);
  const childCodes = (code: string) => (tree.childrenOf.get(code) ?? []).map((u) => u.code);
  const parentOf = (code: string) => tree.byCode.get(code)?.parent;

  it('has 中华人民共和国 (000000) at its root, 31 provinces, 334 prefecture-level and 2,850 county-level units', () => {
    expect(tree.root).to.deep.equal({ code: '000000', name: '中华人民共和国', kind: '国家', level: 'country' });
    const levels: Record<string, number> = {};
    for (const u of tree.units) levels[u.level] = (levels[u.level] ?? 0) + 1;
    expect(levels).to.deep.equal({ country: 1, province: 31, city: 334, county: 2850 });
    expect(childCodes('000000')).to.have.length(31);
  });

  it('counts each kind as the Ministry of Civil Affairs’ bulletin of 2015 does', () => {
    const kinds: Record<string, number> = {};
    for (const u of tree.units) kinds[`${u.level} ${u.kind}`] = (kinds[`${u.level} ${u.kind}`] ?? 0) + 1;
    expect(kinds).to.deep.equal(CHINA_KINDS);
  });

  it('holds Gansu’s tree exactly as gansu-2015.json does, under the country', () => {
    const gansu = loadUnitTree(GANSU_UNIT_TREE).tree;
    const { parent, ...withinChina } = nestedFrom(tree, tree.byCode.get('620000') as never);
    expect(parent).to.equal('000000');
    expect(withinChina).to.deep.equal(nestedFrom(gansu, gansu.root));
  });

  it('puts a municipality’s districts and counties directly under it, with no 市辖区 placeholder', () => {
    expect(childCodes('110000')).to.have.length(16);
    expect(childCodes('500000')).to.have.length(38);
    expect(parentOf('110101')).to.equal('110000');
    expect(tree.units.some((u) => u.name === '市辖区' || u.name === '县' || u.code.endsWith('0100') && u.code.startsWith('11'))).to.equal(false);
  });

  it('puts the county-level units a province administers itself directly under it: 仙桃市, 济源市, 海南’s and 新疆’s', () => {
    expect(tree.byCode.get('429004')).to.deep.equal({ code: '429004', name: '仙桃市', kind: '县级市', level: 'county', parent: '420000' });
    expect(tree.byCode.get('429021')).to.include({ name: '神农架林区', kind: '林区', parent: '420000' });
    expect(parentOf('419001')).to.equal('410000');
    expect(childCodes('460000').filter((c) => c.startsWith('4690'))).to.have.length(15);
    expect(childCodes('650000').filter((c) => c.startsWith('6590'))).to.have.length(8);
    expect(pathOf(tree, tree.byCode.get('429004') as never).map((u) => u.name)).to.deep.equal(['中华人民共和国', '湖北省', '仙桃市']);
  });

  it('keeps the prefecture-level cities without counties: 东莞, 中山, 三沙, 儋州 and 嘉峪关', () => {
    const bare = tree.units.filter((u) => u.level === 'city' && childCodes(u.code).length === 0).map((u) => `${u.code} ${u.name}`);
    expect(bare).to.deep.equal(['441900 东莞市', '442000 中山市', '460300 三沙市', '460400 儋州市', '620200 嘉峪关市']);
  });

  it('leaves out 台湾省, 香港 and 澳门, and says so', () => {
    for (const code of ['710000', '810000', '820000']) {
      const found = findUnit(tree, code);
      expect(found.ok ? 'found' : found.problem.message).to.equal(`单位代码 ${code} 不在中华人民共和国（000000）的单位树中`);
    }
    expect(source.notes?.join(' ')).to.include('710000 台湾省').and.to.include('810000').and.to.include('820000');
  });

  it('names a kind only where the name cannot mislead: 碑林区 is a district, 神农架林区 the one 林区, 六枝特区 the one 特区', () => {
    expect(tree.byCode.get('610103')).to.include({ name: '碑林区', kind: '区' });
    expect(tree.byCode.get('520203')).to.include({ name: '六枝特区', kind: '特区' });
  });

  it('places every county under Gansu’s province in the country, and no unit of another province', () => {
    expect(isWithin(tree, '620102', '000000')).to.equal(true);
    expect(isWithin(tree, '620102', '620000')).to.equal(true);
    expect(isWithin(tree, '630102', '620000')).to.equal(false);
    expect(subtreeOf(tree, tree.byCode.get('620000') as never)).to.have.length(101);
  });

  it('names its source, the commit read and the script that made it', () => {
    expect(source.asOf).to.equal('2015-12-31');
    expect(source.retrieved).to.include('yescallop/areacodes').and.to.include('data/2015.txt').and.to.include('CC0').and.to.include('scripts/make-unit-tree.ts');
  });
});

describe('a unit register that names its unit tree (seeds/units.json names gansu-2015.json)', () => {
  const tempDir = useTempDirs();
  const seed = readJsonFile<{ province: unknown; tree: string; units: { code: string; name: string; kind: string }[] }>(seedUnits);

  /** The seed register with other units, its tree named by absolute path so that it can be written anywhere. */
  function registerWith(units: { code: string; name: string; kind: string }[]): string {
    const file = path.join(tempDir(), 'units.json');
    writeFileSync(file, JSON.stringify({ ...seed, tree: GANSU_UNIT_TREE, units }));
    return file;
  }

  function refusal(file: string): string[] {
    try {
      loadUnits(file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return [error.message, ...error.files.flatMap((f) => f.problems.map((p) => `${p.path} ${p.message}`))];
    }
    throw new Error('the register was accepted');
  }

  it('loads as before when every unit is in the tree: the 14 cities, or a city’s counties for a county cycle', () => {
    expect(loadUnits(seedUnits).units).to.have.length(14);
    const counties = loadUnits(
      registerWith([
        { code: '620102', name: '城关区', kind: '区' },
        { code: '620123', name: '榆中县', kind: '县' },
      ]),
    );
    expect(counties.units.map((u) => u.name)).to.deep.equal(['城关区', '榆中县']);
  });

  it('refuses a unit outside the tree, naming its code, and a unit under another name than the tree’s', () => {
    const file = registerWith([
      { code: '620100', name: '兰州市', kind: '地级市' },
      { code: '620881', name: '华亭市', kind: '县级市' },
      { code: '622900', name: '临夏州', kind: '自治州' },
    ]);
    expect(refusal(file)).to.deep.equal([
      '单位名录与单位树不符',
      '$.units[1].code 单位代码 620881 不在甘肃省（620000）的单位树中',
      '$.units[2].name 单位 622900 在单位树中名为“临夏回族自治州”，名录中却为“临夏州”',
    ]);
  });
});
