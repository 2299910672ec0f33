import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UncertaintyFileV1 } from '../../src/analysis/index.js';
import { pngSize } from '../support/file-checks.js';
import { described, runKaohe, seedEvidenceDir, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';

const SEEDS = ['--rubric', seedRubric, '--evidence', seedEvidenceDir, '--units', seedUnits];

describe('kaohe analyse uncertainty', () => {
  const tempDir = useTempDirs();

  it("prints each city's median rank, rank interval and chances of each result and of the bottom three, from seeded draws", () => {
    const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--judgement', '0.3']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('28 个证据值可变，按种子 1 抽样 1,000 次。');
    expect(run.stdout).to.match(/名次\s+单位\s+结果\s+名次中位数\s+5%–95% 名次区间\s+各等次概率\s+后三位/);
    expect(run.stdout).to.match(/\n\s+1\s+兰州市\s+合格\s+1\s+1\s+合格 100\.0%\s+—\n/);
    // 陇南市's result turns on two examiners' judgements: a fair share of draws make it 不合格.
    expect(run.stdout).to.match(/\n\s+12\s+陇南市\s+合格\s+12\s+12\s+合格 \d+\.\d%，不合格 \d+\.\d%\s+100\.0%\n/);
    expect(run.stdout).to.include('后三位名单与公布结果（陇南市、临夏回族自治州、甘南藏族自治州）不同的概率：0.0%');
  });

  it('writes the same file, byte for byte, for the same seed, and another for another seed', () => {
    const dir = tempDir();
    const files = ['a.json', 'b.json', 'c.json'].map((f) => path.join(dir, f));
    for (const [file, seed] of [
      [files[0], '7'],
      [files[1], '7'],
      [files[2], '8'],
    ] as const) {
      const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--judgement', '0.3', '--seed', seed, '--draws', '500', '--out', file as string]);
      expect(run.status, described(run)).to.equal(0);
    }
    const [a, b, c] = files.map((f) => readFileSync(f, 'utf8'));
    expect(a).to.equal(b);
    expect(a).to.not.equal(c);
    const written = JSON.parse(a as string) as UncertaintyFileV1;
    expect(written.kaohe).to.equal('uncertainty/v1');
    expect(written.spec).to.include({ seed: 7, draws: 500, method: 'auto' });
    expect(written.units).to.have.length(14);
    for (const unit of written.units) {
      expect(unit.rankProbabilities.reduce((s, p) => s + p, 0)).to.be.closeTo(1, 1e-3);
      expect(unit.rankInterval[0]).to.be.at.most(unit.medianRank);
      expect(unit.rankInterval[1]).to.be.at.least(unit.medianRank);
    }
  });

  it('draws the rank intervals as a PNG: one row per city, with the chance of the bottom three beside those at risk', () => {
    const chart = path.join(tempDir(), 'intervals.png');
    const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--judgement', '0.3', '--draws', '200', '--chart', chart]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include(`名次区间图已写出：${chart}`);
    // 820 × (200 + 14 rows of 26) chart pixels, at twice the resolution.
    expect(pngSize(readFileSync(chart))).to.deep.equal({ width: 1640, height: 1128 });
  });

  it('compares missing evidence scored 0 with missing evidence imputed from the other cities', () => {
    const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--missing', 'imputed']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.match(/临夏回族自治州\s+G12\.1、G20\.2\s+54\.03 分，第 13 名，不合格\s+55\.03 分，第 13 名，不合格\n/);
    expect(run.stdout).to.include('补齐后各单位的名次和结果都不变。');
  });

  it('writes the table as a workbook: the intervals and chances per city, and the chance of every rank', async () => {
    const file = path.join(tempDir(), 'u.xlsx');
    const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--judgement', '0.3', '--draws', '200', '--xlsx', file]);
    expect(run.status, described(run)).to.equal(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['名次的不确定性', '名次概率']);
    const table = wb.getWorksheet('名次的不确定性') as ExcelJS.Worksheet;
    expect(table.getRow(3).values).to.include.members(['公布名次', '单位名称', '名次中位数', '名次区间下限（5%）', '名次区间上限（95%）', '后三位的概率']);
    expect([1, 2, 3].map((c) => table.getCell(4, c).value)).to.deep.equal([1, '620100', '兰州市']);
    const last = table.getRow(17);
    expect(last.getCell(3).value).to.equal('甘南藏族自治州');
    // The chance of the bottom three, a share shown as a percentage.
    expect(last.getCell(table.getRow(3).cellCount - 1).numFmt).to.equal('0.0%');
    const ranks = wb.getWorksheet('名次概率') as ExcelJS.Worksheet;
    expect(ranks.getCell(3, 3).value).to.equal('第 1 名');
    expect(ranks.getCell(4, 3).value).to.equal(1);
  });

  it("varies the rubric's section weights alone, every combination enumerated, and refuses a change above 50%", () => {
    const run = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--section-weights', '20']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('0 个证据值、4 项权重或分值可变，逐一枚举全部 625 种组合（精确概率）。');
    expect(run.stdout).to.match(/\n\s+1\s+兰州市\s+合格\s+1\s+1\s+合格 100\.0%\s+—\n/);
    const bad = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--section-weights', '80', '--points', 'some']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include('--section-weights: 变化幅度不能大于 50%');
    expect(bad.stderr).to.include('--points: ');
  });

  it("varies by default what the rubric declares, and names the rubric's field when its declaration does not fit", () => {
    const dir = tempDir();
    const withSources = (uncertainty: unknown) => {
      const file = path.join(dir, `rubric-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(seedRubric, 'utf8')) as object), uncertainty }));
      return file;
    };
    const declared = withSources({ judgement: { probability: 0.2 }, weights: { sections: { percent: 20 } } });
    const run = runKaohe(['analyse', 'uncertainty', '--rubric', declared, '--evidence', seedEvidenceDir, '--units', seedUnits, '--draws', '100']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('28 个证据值、4 项权重或分值可变，按种子 1 抽样 100 次。');
    const unitFilled = withSources({ judgement: { probability: 0.2, fields: [{ item: 'G07.1', field: 'spotCheckPassRate' }] } });
    const bad = runKaohe(['analyse', 'uncertainty', '--rubric', unitFilled, '--evidence', seedEvidenceDir, '--units', seedUnits]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include(unitFilled);
    expect(bad.stderr).to.include(
      '$.uncertainty.judgement.fields[0].field: 字段“产品质量监督抽查合格率”（spotCheckPassRate）由被考核单位填写，不是考核组的评价',
    );
  });

  it('refuses bad options and specs naming the option or the field, and writes nothing', () => {
    const dir = tempDir();
    const out = path.join(dir, 'u.json');
    const bad = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--judgement', '2', '--draws', 'many', '--out', out]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include('--judgement: 概率不能大于 1');
    expect(bad.stderr).to.include('--draws: ');
    const spec = path.join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ fields: [{ item: 'T99', field: 'x', absolute: 1 }] }));
    const unknown = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--spec', spec, '--out', out]);
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.include(spec);
    expect(unknown.stderr).to.include('$.fields[0].item: 考核细则中没有编码为“T99”的考核要点或否决项');
    const nowhere = runKaohe(['analyse', 'uncertainty', ...SEEDS, '--draws', '10', '--out', path.join(dir, 'no', 'such', 'u.json')]);
    expect(nowhere.status).to.equal(1);
    expect(nowhere.stderr).to.include('无法写出');
    expect(() => readFileSync(out)).to.throw();
  });
});
