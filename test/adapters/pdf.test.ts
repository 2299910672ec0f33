import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChromiumMissingError, printPdf, screenshot } from '../../src/adapters/pdf/index.js';
import { bulletinHtml, scorecardHtml } from '../../src/report/html/index.js';
import { pdfPages } from '../support/file-checks.js';
import { gansuRubric, goldenResults, standInCharts } from '../support/html-fixtures.js';

describe("printing the bulletin to PDF with Debian's Chromium", function () {
  this.timeout(120_000);
  const results = goldenResults();
  const rubric = gansuRubric();
  const charts = standInCharts(results);
  let pdf: Uint8Array;

  before(async () => {
    pdf = await printPdf(bulletinHtml({ results, rubric }, charts));
  });

  it('When the 14-unit bulletin is printed, Then the result is a PDF', () => {
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).to.equal('%PDF-');
    expect(Buffer.from(pdf.subarray(-8)).toString('latin1')).to.include('%%EOF');
  });

  it('When the 14-unit bulletin is printed, Then it has the front pages plus at least a page per scorecard, all A4 (the heat table landscape)', () => {
    const count = pdfPages(pdf);
    expect(count.total).to.be.greaterThan(results.units.length + 3);
    expect(count.portrait + count.landscape).to.equal(count.total);
    expect(count.landscape).to.equal(1);
  });

  it('When the 14-unit bulletin is printed, Then its size is reasonable for mail and archive', () => {
    expect(pdf.byteLength).to.be.within(100_000, 30_000_000);
  });

  it('When one scorecard is printed, Then it is a PDF of its own few pages', async () => {
    const one = await printPdf(scorecardHtml({ results, rubric }, results.units[0]?.code ?? '', charts));
    const count = pdfPages(one).total;
    expect(count).to.be.within(2, 10);
  });

  it('When Chromium is not where it is expected, Then the error says so in Chinese and nothing is downloaded', async () => {
    const error = await printPdf('<p>x</p>', { executablePath: '/nonexistent/chromium' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ChromiumMissingError);
    expect((error as Error).message).to.match(/未找到 Chromium.*apt-get install -y chromium/);
  });

  it('When a page is screenshotted, Then a PNG of the requested width is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-shot-'));
    try {
      const file = path.join(dir, 'ranking.png');
      await screenshot(bulletinHtml({ results, rubric }, new Map()), file, { selector: '#ranking', width: 900 });
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
      expect(png.readUInt32BE(16)).to.be.within(600, 900);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
