/**
 * The report set as a reader receives it: the files `kaohe assess` writes for 2015,
 * opened the way the reader's tools would, checked against the results.json beside
 * them; and `kaohe report`, which makes the same set from a results.json alone.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ResultsV1 } from '../../src/core/index.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import { fixed } from '../../src/report/index.js';
import { seedsAssessed } from '../support/assessed-seeds.js';
import { described, editJsonFile, runKaohe, useTempDirs } from '../support/cli.js';
import { PNG_SIGNATURE, pdfPages, pixels, pngSize } from '../support/file-checks.js';
import { bodyRows, elementById, textOf } from '../support/html-read.js';
import { REPORT_FILES, filesUnder, readResults } from '../support/outputs.js';
import { fromRoot } from '../support/paths.js';
import { gansuRubric } from '../support/html-fixtures.js';

describe('the report set of kaohe assess for 2015', function () {
  this.timeout(120_000);
  let out: string;
  let results: ResultsV1;
  let places: number;
  before(() => {
    const assessed = seedsAssessed();
    expect(assessed.run.status, described(assessed.run)).to.equal(0);
    out = assessed.out;
    results = readResults(out);
    places = results.rubric.precision;
  });
  const read = (name: string) => readFileSync(path.join(out, name));

  it('When a reader opens report.html, Then every unit is in the ranked table with the rank, total and grade of results.json', () => {
    const rows = bodyRows(elementById(read('report.html').toString('utf8'), 'ranking'));
    expect(rows).to.have.length(results.units.length);
    results.units.forEach((u, i) => {
      expect(rows[i]?.slice(0, 4), u.name).to.deep.equal([String(u.rank), u.name, fixed(u.total, places), u.grade]);
    });
  });

  it('When a reader opens report.html, Then it is self-contained: the charts are embedded and nothing is fetched from elsewhere', () => {
    const html = read('report.html').toString('utf8');
    expect(html).to.include('data:image/png;base64,');
    expect(html).not.to.match(/<(?:img|script|link)[^>]+(?:src|href)="(?:https?:)?\/\//);
  });

  it('When a reader opens report-public.html, Then it names every unit and its grade but no total', () => {
    const text = textOf(read('report-public.html').toString('utf8'));
    for (const u of results.units) {
      expect(text).to.include(u.name);
      expect(text, u.name).not.to.include(fixed(u.total, places));
    }
  });

  it('When a reader opens report.pdf, Then it is a PDF with the front pages and at least a page per unit', () => {
    const pdf = read('report.pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(pdfPages(pdf).total).to.be.greaterThan(results.units.length + 3);
  });

  it('When a reader opens report.xlsx, Then it holds the ranking, the checkpoint matrix and a sheet per unit, with the totals of results.json', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(read('report.xlsx') as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).to.deep.equal(['排名', '各单位考核要点得分']);
    expect(names).to.have.length(2 + results.units.length);
    const ranking = wb.getWorksheet('排名') as ExcelJS.Worksheet;
    const totals = new Map<string, number>();
    ranking.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      const code = results.units.find((u) => values.includes(u.code))?.code;
      const total = values.find((v) => typeof v === 'number' && v === results.units.find((u) => u.code === code)?.total);
      if (code !== undefined && typeof total === 'number') totals.set(code, total);
    });
    expect(Object.fromEntries(totals)).to.deep.equal(Object.fromEntries(results.units.map((u) => [u.code, u.total])));
  });

  it("When a reader opens each chart, Then it is a PNG of its spec's size with something drawn on it", async () => {
    const specs = chartSpecs({ results, rubric: gansuRubric() });
    expect(readdirSync(path.join(out, 'charts')).sort()).to.deep.equal(specs.map((s) => s.name).sort());
    for (const spec of specs) {
      const png = read(path.join('charts', spec.name));
      expect([...png.subarray(0, 8)], spec.name).to.deep.equal(PNG_SIGNATURE);
      expect(pngSize(png), spec.name).to.deep.equal({ width: spec.width, height: spec.height });
      const { colours, inked } = await pixels(png);
      expect(colours, spec.name).to.be.greaterThan(50);
      expect(inked, spec.name).to.be.within(0.02, 0.9);
    }
  });

  it('When a unit opens its scorecard page, Then it shows its name, rank, total and every checkpoint', () => {
    for (const u of results.units) {
      const text = textOf(read(path.join('scorecards', `${u.code}.html`)).toString('utf8'));
      expect(text, u.name).to.include(u.name);
      expect(text, u.name).to.include(fixed(u.total, places));
      for (const item of u.items.filter((i) => i.kind === 'checkpoint')) expect(text, `${u.name} ${item.code}`).to.include(item.code);
    }
  });
});

describe('kaohe report', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs();
  let assessedOut: string;
  before(() => {
    assessedOut = seedsAssessed().out;
  });

  /** A folder holding only a copy of the assessed results.json, edited by `edit`. */
  function resultsCopy(edit?: (r: ResultsV1) => void): string {
    const dir = tempDir('results');
    copyFileSync(path.join(assessedOut, 'results.json'), path.join(dir, 'results.json'));
    if (edit) editJsonFile<ResultsV1>(path.join(dir, 'results.json'), edit);
    return path.join(dir, 'results.json');
  }

  it('When a user makes the reports from results.json alone, Then they are byte for byte the ones kaohe assess wrote', () => {
    const file = resultsCopy();
    const run = runKaohe(['report', '--results', file]);
    expect(run.status, described(run)).to.equal(0);
    const dir = path.dirname(file);
    expect(filesUnder(dir)).to.deep.equal(filesUnder(assessedOut));
    for (const name of filesUnder(assessedOut)) {
      expect(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(assessedOut, name))), `${name} differs`).to.equal(true);
    }
  });

  it("When a user gives last year's results, Then the ranked table shows the changes and the movement chart is drawn", () => {
    const previous = resultsCopy((r) => {
      r.year = 2014;
      const first = r.units[0] as ResultsV1['units'][number];
      first.total = 88.5;
    });
    const out = tempDir('with-previous');
    const run = runKaohe(['report', '--results', path.join(assessedOut, 'results.json'), '--previous', previous, '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const rows = bodyRows(elementById(html, 'ranking'));
    // 兰州市: 90.74 this year against 88.50 last year.
    expect(rows[0]?.join(' ')).to.include('▲ 2.24');
    expect(existsSync(path.join(out, 'charts', 'chart-movement.png'))).to.equal(true);
    expect(existsSync(path.join(out, 'report.pdf'))).to.equal(false);
  });

  it('When the rubric that scored the results cannot be found, Then the reports are still made and the user is told explanations come from the trace', () => {
    const file = resultsCopy((r) => void (r.rubric.hash = `sha256:${'0'.repeat(64)}`));
    const out = tempDir('no-rubric');
    const run = runKaohe(['report', '--results', file, '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stderr).to.include('提示');
    expect(readdirSync(out).sort()).to.deep.equal([...REPORT_FILES.filter((f) => f !== 'report.pdf'), 'charts', 'scorecards'].sort());
  });

  describe('When the input is wrong, Then it exits 1 naming the file, the field and the reason, and writes nothing', () => {
    const cases: { story: string; args: (dir: string) => string[]; file: (dir: string) => string; expected: RegExp }[] = [
      {
        story: 'a results file with a unit missing its total',
        args: () => ['--results', resultsCopy((r) => void delete (r.units[3] as Partial<ResultsV1['units'][number]>).total)],
        file: () => 'results.json',
        expected: /\$\.units\[3\]\.total:/,
      },
      {
        story: 'an evidence file instead of results',
        args: () => ['--results', fromRoot('seeds', 'evidence', '2015', '620100.json')],
        file: () => '620100.json',
        expected: /\$\.kaohe: 不是 Kaohe 结果文件/,
      },
      {
        story: 'a rubric other than the one that scored the results',
        args: () => ['--results', resultsCopy(), '--rubric', fromRoot('rubrics', 'national-example.json')],
        file: () => 'national-example.json',
        expected: /不是评出这些结果的细则/,
      },
      {
        story: '"last year\'s" results of the same year',
        args: () => ['--results', resultsCopy(), '--previous', resultsCopy()],
        file: () => 'results.json',
        expected: /\$\.year: 上年结果应早于 2015 年/,
      },
    ];
    for (const c of cases) {
      it(`When it is given ${c.story}`, () => {
        const out = tempDir('out');
        const run = runKaohe(['report', ...c.args(out), '--out', out, '--no-pdf']);
        expect(run.status, described(run)).to.equal(1);
        expect(run.stderr).to.include(c.file(out));
        expect(run.stderr).to.match(c.expected);
        expect(readdirSync(out)).to.deep.equal([]);
      });
    }
  });
});
