import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleDiff, BundleV1 } from '../../src/audit/index.js';
import { described, runKaohe, useTempDirs } from '../support/cli.js';
import { checkpointJson, seedBundle } from '../support/seed-bundles.js';

describe('kaohe audit diff', () => {
  const tempDir = useTempDirs();
  let dir: string;
  const write = (name: string, bundle: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${JSON.stringify(bundle)}\n`);
    return file;
  };
  let fileA: string;
  before(() => {
    dir = tempDir('audit-diff');
    fileA = write('a.json', seedBundle());
  });

  describe('When a user compares a bundle with an identical one', () => {
    it('Then it says they are the same and exits 0', () => {
      const run = runKaohe(['audit', 'diff', fileA, write('same.json', seedBundle())]);
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('两个审计包内容完全相同');
    });
  });

  describe("When B has 嘉峪关市's coverage lowered and 酒泉市's adjustment changed", () => {
    let run: ReturnType<typeof runKaohe>;
    let fileB: string;
    before(() => {
      const b: BundleV1 = seedBundle({
        evidence: {
          '620200': (e) => (e.items['G10.1'].values.supervisionCoverage = 99),
          '620900': (e) => (e.items['G12.1'].adjustment.score = 0.5),
        },
      });
      fileB = write('b.json', b);
      run = runKaohe(['audit', 'diff', fileA, fileB]);
    });

    it('Then it exits 1, like diff(1) when files differ', () => {
      expect(run.status, described(run)).to.equal(1);
    });

    it('Then the table shows each unit with its total A → B, the change and its rank A → B', () => {
      expect(run.stdout).to.match(/单位\s+总分 A → B\s+变化\s+名次 A → B/);
      expect(run.stdout).to.match(/嘉峪关市（620200）\s+79\.75 → 79\.25\s+−0\.50\s+4 → 5/);
      expect(run.stdout).to.match(/酒泉市（620900）\s+84\.35 → 82\.35\s+−2\.00\s+2 → 3/);
      expect(run.stdout).to.match(/庆阳市（621000）\s+79\.66 → 79\.66\s+5 → 4/);
      expect(run.stdout).to.match(/兰州市（620100）\s+90\.74 → 90\.74\s+1\s/);
    });

    it('Then each changed checkpoint is listed with its points and its cause: 证据 or 审核调整', () => {
      expect(run.stdout).to.match(/G10\.1\s+新开工大中型工程项目质量监督覆盖率\s+考核要点\s+2\.50 → 2\.00\s+证据（“新开工大中型工程项目质量监督覆盖率”）/);
      expect(run.stdout).to.match(/G12\.1\s+.*2\.50 → 0\.50\s+审核调整（调整分）/);
      expect(run.stdout).to.include('考核细则：相同');
    });

    it('Then with --json it prints the diff as JSON, with the same exit code', () => {
      const json = runKaohe(['audit', 'diff', fileA, fileB, '--json']);
      expect(json.status, described(json)).to.equal(1);
      const diff = JSON.parse(json.stdout) as BundleDiff;
      expect(diff.identical).to.equal(false);
      expect(diff.units.filter((u) => u.items.length > 0).map((u) => [u.code, u.items.map((i) => [i.code, i.causes])])).to.deep.equal([
        ['620200', [['G10.1', ['evidence']]]],
        ['620900', [['G12.1', ['review']]]],
      ]);
    });
  });

  describe("When B's rubric changed one checkpoint's rule", () => {
    it('Then the changed checkpoints name 考核细则 as the cause', () => {
      const ruled = seedBundle({
        rubric: (r) => (checkpointJson(r, 'G10.1').rule = { max: [0, { '-': [2.5, { '*': [1, { '-': [100, { var: 'supervisionCoverage' }] }] }] }] }),
      });
      const ruleRun = runKaohe(['audit', 'diff', fileA, write('ruled.json', ruled)]);
      expect(ruleRun.status, described(ruleRun)).to.equal(1);
      expect(ruleRun.stdout)
        .to.include('考核细则有变化')
        .and.to.match(/G10\.1：评分规则/);
      expect(ruleRun.stdout).to.match(/G10\.1\s+.*→.*考核细则（评分规则）/);
    });
  });

  describe("When B's rubric lowers the bonus cap (3 → 1), which changes no item", () => {
    it('Then the rubric-wide change is named and each unit it touched shows the part of its total that moved', () => {
      const run = runKaohe(['audit', 'diff', fileA, write('capped.json', seedBundle({ rubric: (r) => (r.bonus.cap = 1) }))]);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stdout).to.include('整体：加分上限');
      expect(run.stdout).to.match(/兰州市（620100）\n {2}加分 3\.00 → 1\.00\n/);
    });
  });

  describe('When an input is wrong', () => {
    it('Then a missing file exits 2 and names the file', () => {
      const missing = path.join(dir, 'missing.json');
      const run = runKaohe(['audit', 'diff', fileA, missing]);
      expect(run.status, described(run)).to.equal(2);
      expect(run.stderr).to.include(missing).and.to.include('文件不存在');
    });

    it('Then a JSON file that is not a bundle exits 2, naming the file and the field', () => {
      const run = runKaohe(['audit', 'diff', write('results.json', { kaohe: 'results/v1' }), fileA]);
      expect(run.status, described(run)).to.equal(2);
      expect(run.stderr).to.include('results.json').and.to.include('$.kaohe');
    });

    it('Then a bundle with a wrong field exits 2, naming the field by its JSON path', () => {
      const broken = JSON.parse(JSON.stringify(seedBundle()));
      broken.results.units[0].total = 'ninety';
      const run = runKaohe(['audit', 'diff', fileA, write('broken.json', broken)]);
      expect(run.status, described(run)).to.equal(2);
      expect(run.stderr).to.include('broken.json').and.to.include('$.results.units[0].total');
    });

    it('Then one file instead of two is a usage error (exit 2)', () => {
      const run = runKaohe(['audit', 'diff', fileA]);
      expect(run.status, described(run)).to.equal(2);
      expect(run.stderr).to.include('需要两个审计包文件');
    });
  });

  it('--help explains the columns, the causes and the exit codes in Chinese', () => {
    const run = runKaohe(['audit', 'diff', '--help']);
    expect(run.status).to.equal(0);
    for (const words of ['总分 A → B', '证据', '备案目标', '审核调整', '考核细则', '超过了哪些单位', '退出码']) expect(run.stdout).to.include(words);
  });
});
