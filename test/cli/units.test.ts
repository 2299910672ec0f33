import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { described, readJsonFile, runKaohe, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

interface Listed {
  kaohe: string;
  asOf: string;
  path: string[];
  unit: { code: string; name: string; level: string; children: { code: string; name: string; kind: string; level: string; children: unknown[] }[] };
}

describe('kaohe units', () => {
  const tempDir = useTempDirs();

  it('When a user lists the units, Then it prints 甘肃省, its 14 cities and prefectures and 86 county-level units, one a line, indented by level', () => {
    const run = runKaohe(['units']);
    expect(run.status, described(run)).to.equal(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).to.equal('甘肃省（620000）：地级单位 14 个，县级单位 86 个；行政区划截至 2015-12-31');
    const rows = lines.slice(2);
    expect(rows).to.have.length(101);
    expect(rows.filter((l) => /^ {2}\d{6} /.test(l))).to.have.length(14);
    expect(rows.filter((l) => /^ {4}\d{6} /.test(l))).to.have.length(86);
    expect(rows.find((l) => l.includes('620200'))).to.match(/嘉峪关市 +地级市 +不设县级单位$/);
    expect(rows.find((l) => l.includes('622927'))).to.match(/^ {4}622927 +积石山保安族东乡族撒拉族自治县 +自治县$/);
  });

  it('When a user lists the country’s tree, Then it counts its provinces too, and 仙桃市 sits directly under 湖北省', () => {
    const tree = fromRoot('seeds', 'units-tree', 'china-2015.json');
    const whole = runKaohe(['units', '--tree', tree]);
    expect(whole.status, described(whole)).to.equal(0);
    expect(whole.stdout.split('\n')[0]).to.equal('中华人民共和国（000000）：省级单位 31 个，地级单位 334 个，县级单位 2850 个；行政区划截至 2015-12-31');
    const hubei = runKaohe(['units', '--tree', tree, '--under', '420000']);
    expect(hubei.status, described(hubei)).to.equal(0);
    const lines = hubei.stdout.trimEnd().split('\n');
    expect(lines[0]).to.equal('中华人民共和国 › 湖北省（420000）：地级单位 13 个，县级单位 103 个；行政区划截至 2015-12-31');
    expect(lines.find((l) => l.includes('429004'))).to.match(/^ {2}429004 +仙桃市 +县级市$/);
  });

  it('When a user lists the units under 兰州市, Then it prints its path and its eight county-level units', () => {
    const run = runKaohe(['units', '--under', '620100']);
    expect(run.status, described(run)).to.equal(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).to.equal('甘肃省 › 兰州市（620100）：县级单位 8 个；行政区划截至 2015-12-31');
    expect(lines.slice(3).map((l) => l.trim().split(/ +/).slice(0, 3))).to.deep.equal([
      ['620102', '城关区', '区'],
      ['620103', '七里河区', '区'],
      ['620104', '西固区', '区'],
      ['620105', '安宁区', '区'],
      ['620111', '红古区', '区'],
      ['620121', '永登县', '县'],
      ['620122', '皋兰县', '县'],
      ['620123', '榆中县', '县'],
    ]);
  });

  it('When a user asks for JSON under 临夏回族自治州, Then it gets the nested units with their levels and the path from the province', () => {
    const run = runKaohe(['units', '--under', '622900', '--json']);
    expect(run.status, described(run)).to.equal(0);
    const listed = JSON.parse(run.stdout) as Listed;
    expect(listed).to.include({ kaohe: 'unit-tree/v1', asOf: '2015-12-31' });
    expect(listed.path).to.deep.equal(['620000', '622900']);
    expect(listed.unit).to.include({ code: '622900', name: '临夏回族自治州', level: 'city' });
    expect(listed.unit.children.map((c) => c.name)).to.deep.equal([
      '临夏市',
      '临夏县',
      '康乐县',
      '永靖县',
      '广河县',
      '和政县',
      '东乡族自治县',
      '积石山保安族东乡族撒拉族自治县',
    ]);
    expect(listed.unit.children.every((c) => c.level === 'county' && c.children.length === 0)).to.equal(true);
  });

  it('When a user names a code outside the tree, or one that is not a code, Then it is refused with the code named and nothing on stdout', () => {
    const outside = runKaohe(['units', '--under', '630100']);
    expect(outside.status).to.equal(1);
    expect(outside.stderr).to.equal('kaohe units: 单位代码 630100 不在甘肃省（620000）的单位树中。\n');
    expect(outside.stdout).to.equal('');
    const malformed = runKaohe(['units', '--under', '6201']);
    expect(malformed.status).to.equal(1);
    expect(malformed.stderr).to.equal('kaohe units: 单位代码“6201”不是 6 位数字的行政区划代码（GB/T 2260）。\n');
  });

  it('When a tree file puts a county under the wrong city, Then the file is refused with the unit, its parent and the prefix it needs', () => {
    const seed = readJsonFile<{ source: unknown; root: { children: { children: unknown[] }[] } }>(fromRoot('seeds', 'units-tree', 'gansu-2015.json'));
    const lanzhou = seed.root.children[0] as { children: unknown[] };
    lanzhou.children.push({ code: '620302', name: '金川区', kind: '区' });
    const file = path.join(tempDir(), 'tree.json');
    writeFileSync(file, JSON.stringify(seed));
    const run = runKaohe(['units', '--tree', file]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('单位树文件有误');
    expect(run.stderr).to.include('$.root.children[0].children[8].code: 620302（金川区）不在上级 620100（兰州市）之下：代码应以 6201 开头');
    expect(run.stdout).to.equal('');
  });

  it('When kaohe assess is given a register that names the tree and holds a code outside it, Then it refuses, naming the code, and writes nothing', () => {
    const register = readJsonFile<{ units: { code: string; name: string; kind: string }[] }>(seedUnits);
    const dir = tempDir();
    const file = path.join(dir, 'units.json');
    const units = [...register.units, { code: '629900', name: '某州', kind: '自治州' }];
    writeFileSync(file, JSON.stringify({ ...register, tree: fromRoot('seeds', 'units-tree', 'gansu-2015.json'), units }));
    const out = path.join(dir, 'out');
    const run = runKaohe(['assess', '--rubric', seedRubric, '--units', file, '--out', out, '--no-pdf']);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('单位名录与单位树不符').and.to.include('$.units[14].code: 单位代码 629900 不在甘肃省（620000）的单位树中');
    expect(existsSync(out)).to.equal(false);
  });

  it('When a user runs the README’s example, Then it prints what the README shows', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Units by administrative division'));
    const block = /```\n\$ npx kaohe (.*)\n([\s\S]*?)```/.exec(section);
    expect(block, 'the example block').to.not.equal(null);
    const [, command, shown] = block as RegExpExecArray;
    const run = runKaohe((command as string).split(' '));
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.equal(shown);
  });

  it('When a user asks for help, Then it explains --under with 兰州市 as the example', () => {
    const run = runKaohe(['units', '--help']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('用法：kaohe units').and.to.include('--under 620100');
  });
});
