/**
 * How sure each rank is, in the report set (issue 13 §1): `kaohe assess --uncertainty <spec>`
 * and `kaohe report --uncertainty <uncertainty.json>` on Gansu's 1.1.0 seeds with the example
 * spec, read as the office reads them: the bulletin's section, the PDF, the workbook; and
 * files of another run refused before anything is written.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { UncertaintyFileV1 } from '../../src/analysis/index.js';
import { described, editJsonFile, runKaohe, useTempDirs } from '../support/cli.js';
import { PNG_SIGNATURE, pdfPages } from '../support/file-checks.js';
import { bodyRows, elementById, tableByClass, textOf } from '../support/html-read.js';
import { fromRoot } from '../support/paths.js';

const SPEC = fromRoot('docs', 'examples', 'uncertainty-gansu-2015.json');

describe('kaohe assess --uncertainty and kaohe report --uncertainty', function () {
  this.timeout(180_000);
  const tempDir = useTempDirs();
  let out: string;
  const read = (name: string, dir = out) => readFileSync(path.join(dir, name));
  before(() => {
    out = tempDir('assessed');
    const run = runKaohe(['assess', '--out', out, '--uncertainty', SPEC]);
    expect(run.status, described(run)).to.equal(0);
  });

  it('When the seeds are assessed with a spec, Then uncertainty.json is written beside results.json, the same bytes kaohe analyse uncertainty writes', () => {
    const alone = path.join(tempDir(), 'alone.json');
    const run = runKaohe(['analyse', 'uncertainty', '--spec', SPEC, '--out', alone]);
    expect(run.status, described(run)).to.equal(0);
    expect(read('uncertainty.json').equals(readFileSync(alone))).to.equal(true);
  });

  it("When the office opens report.html, Then 名次的不确定性 says how often the bottom three change and gives each city's interval: 天水市 3–4", () => {
    const section = elementById(read('report.html').toString('utf8'), 'uncertainty');
    expect(textOf(section)).to.include('按种子 2015 抽样 1,000 次');
    expect(textOf(section)).to.include('后三位名单与公布结果（陇南市、甘南藏族自治州、临夏回族自治州）不同的概率为 1.5%');
    expect(section).to.match(/<img src="data:image\/png;base64,[^"]+" alt="[^"]*名次的不确定性"/);
    const rows = bodyRows(tableByClass(section, 'uncertainty'));
    expect(rows).to.have.length(14);
    expect(rows.find((r) => r[1] === '天水市')?.slice(0, 5)).to.deep.equal(['3', '天水市', '合格', '3', '3–4']);
    expect(rows.find((r) => r[1] === '陇南市')?.slice(4)).to.deep.equal(['12', '不合格 100.0%', '98.5%']);
    expect(read('charts/chart-uncertainty.png').subarray(0, 8)).to.deep.equal(Buffer.from(PNG_SIGNATURE));
  });

  it('When report.md is read, Then it has the same section after the ranking, with the same rows', () => {
    const markdown = read('report.md').toString('utf8');
    const section = markdown.slice(markdown.indexOf('## 名次的不确定性'), markdown.indexOf('## 缺少证据的考核要点'));
    expect(section).to.include('后三位名单与公布结果（陇南市、甘南藏族自治州、临夏回族自治州）不同的概率为 1.5%');
    expect(section).to.include('| 3 | 天水市 | 合格 | 3 | 3–4 | 合格 100.0% | — |');
    expect(markdown.indexOf('## 排名')).to.be.lessThan(markdown.indexOf('## 名次的不确定性'));
  });

  it('When the public edition is opened, Then it says nothing of the analysis', () => {
    const text = textOf(read('report-public.html').toString('utf8'));
    expect(text).to.not.include('名次的不确定性');
    expect(text).to.not.include('名次区间');
  });

  it("When report.xlsx is opened, Then it has the analysis's two sheets after the ranking's, with 天水市's interval", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(read('report.xlsx') as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).to.deep.equal(['排名', '各单位考核要点得分', '名次的不确定性', '名次概率']);
    const sheet = wb.getWorksheet('名次的不确定性') as ExcelJS.Worksheet;
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    const row = sheet.getRows(4, 14)?.find((r) => r.getCell(3).value === '天水市') as ExcelJS.Row;
    expect(row.getCell(header.indexOf('名次区间下限（5%）') + 1).value).to.equal(3);
    expect(row.getCell(header.indexOf('名次区间上限（95%）') + 1).value).to.equal(4);
  });

  it('When kaohe report is given the results and the analysis, Then it makes the same bulletin and workbook; without the analysis, neither has it and the PDF is shorter', () => {
    const again = tempDir('again');
    copyFileSync(path.join(out, 'results.json'), path.join(again, 'results.json'));
    const withIt = runKaohe(['report', '--results', path.join(again, 'results.json'), '--uncertainty', path.join(out, 'uncertainty.json'), '--no-pdf']);
    expect(withIt.status, described(withIt)).to.equal(0);
    for (const name of ['report.html', 'report.xlsx', 'report-public.html', 'report.md']) expect(read(name, again).equals(read(name)), name).to.equal(true);

    const plain = tempDir('plain');
    const without = runKaohe(['report', '--results', path.join(out, 'results.json'), '--out', plain]);
    expect(without.status, described(without)).to.equal(0);
    expect(read('report.html', plain).toString('utf8')).to.not.include('名次的不确定性');
    expect(read('report.md', plain).toString('utf8')).to.not.include('名次的不确定性');
    expect(existsSync(path.join(plain, 'charts', 'chart-uncertainty.png'))).to.equal(false);
    expect(pdfPages(read('report.pdf', plain)).total).to.be.lessThan(pdfPages(read('report.pdf')).total);
  });

  describe('files of another run', () => {
    const refused = (args: readonly string[]) => {
      const dir = path.join(tempDir('refused'), 'out');
      const run = runKaohe([...args, '--out', dir, '--no-pdf']);
      expect(run.status, described(run)).to.equal(1);
      expect(existsSync(dir), 'nothing written').to.equal(false);
      return run.stderr;
    };
    const editedCopy = (name: string, edit: (value: Record<string, unknown>) => void) => {
      const file = path.join(tempDir('edited'), name);
      copyFileSync(path.join(out, name), file);
      editJsonFile(file, edit);
      return file;
    };

    it('When the results were scored with another rubric, Then kaohe report refuses the analysis naming the file and $.rubric.hash', () => {
      const results = editedCopy('results.json', (r) => {
        (r.rubric as Record<string, unknown>).hash = `sha256:${'0'.repeat(64)}`;
      });
      const stderr = refused(['report', '--results', results, '--uncertainty', path.join(out, 'uncertainty.json')]);
      expect(stderr).to.include('不确定性分析与结果文件不是同一次考核');
      expect(stderr).to.include(path.join(out, 'uncertainty.json'));
      expect(stderr).to.include('$.rubric.hash: 分析所用的考核细则（gansu-2015 版本 1.1.0');
    });

    it('When the results were scored from other evidence (same ranks), Then the analysis is refused at $.evidenceHash', () => {
      const results = editedCopy('results.json', (r) => {
        r.evidenceHash = `sha256:${'1'.repeat(64)}`;
      });
      expect(refused(['report', '--results', results, '--uncertainty', path.join(out, 'uncertainty.json')])).to.include(
        '$.evidenceHash: 分析所用的证据（sha256:',
      );
    });

    it('When the analysis lacks a unit or gives a unit another published rank, Then it is refused naming the unit', () => {
      const fewer = editedCopy('uncertainty.json', (u) => {
        (u as unknown as { units: UncertaintyFileV1['units'][number][] }).units.pop();
      });
      expect(refused(['report', '--results', path.join(out, 'results.json'), '--uncertainty', fewer])).to.include(
        '$.units: 分析的单位与结果不同：分析中没有临夏回族自治州（622900）',
      );
      const moved = editedCopy('uncertainty.json', (u) => {
        const units = (u as unknown as { units: { published: { rank: number } }[] }).units;
        (units[2] as { published: { rank: number } }).published.rank = 5;
      });
      expect(refused(['report', '--results', path.join(out, 'results.json'), '--uncertainty', moved])).to.include(
        '$.units[2].published.rank: 天水市在分析中公布名次为第 5 名，结果中为第 3 名',
      );
    });

    it('When the analysis file is malformed or the spec is wrong, Then each bad field is named with its file', () => {
      const bad = editedCopy('uncertainty.json', (u) => {
        delete u.method;
      });
      const stderr = refused(['report', '--results', path.join(out, 'results.json'), '--uncertainty', bad]);
      expect(stderr).to.include('不确定性分析文件（uncertainty/v1）有误');
      expect(stderr).to.include(bad);
      expect(stderr).to.match(/\$\.method: /);

      const spec = path.join(tempDir('spec'), 'spec.json');
      copyFileSync(SPEC, spec);
      editJsonFile(spec, (s) => {
        (s.judgement as Record<string, unknown>).probability = 2;
      });
      const specRefused = refused(['assess', '--uncertainty', spec]);
      expect(specRefused).to.include('不确定性设定有误');
      expect(specRefused).to.include(spec);
      expect(specRefused).to.include('$.judgement.probability: 概率不能大于 1');
    });
  });
});
