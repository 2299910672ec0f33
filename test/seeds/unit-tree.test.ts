import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/adapters/files/input-error.js';
import { GANSU_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { loadUnits } from '../../src/adapters/files/units.js';
import { pathOf, registerProblems, subtreeOf } from '../../src/records/index.js';
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
