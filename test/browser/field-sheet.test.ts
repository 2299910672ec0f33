/**
 * The examiners' field sheet in the browser: from the progress board the examiner
 * downloads the sheet of every unit, records an on-site finding in 兰州市's sheet (as a
 * laptop on site would, here through exceljs), brings the file back, and reads a line
 * per unit: 兰州市 imported, the others unchanged; the finding is in 兰州市's review.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { submitSeedWithReview } from '../integration/review-run-support.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const FINDING = '现场抽查：负面清单未在政府网站公布';

describe('browser: the examiners take the field sheet on site and bring it back', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  let downloaded = '';

  before(async () => {
    h = await startWeb();
    await submitSeedWithReview(h.service, '620100');
    page = await h.newPage();
    await signInFirstTime(page, h.service.users.examiner);
    await page.getByTestId('field-sheet-panel').waitFor();
  });
  after(async () => {
    await h?.close();
  });

  it('downloads the field sheet of every unit from the progress board, 兰州市 with its submitted values', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('field-sheet-link').click()]);
    downloaded = (await download.path()) ?? '';
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(downloaded) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).to.include('兰州市').and.include('嘉峪关市');
  });

  it('imports the sheet with a finding for 兰州市: a line per unit, 兰州市 imported, and the finding in its review', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(downloaded) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('兰州市') as ExcelJS.Worksheet;
    let found = false;
    sheet.getColumn('A').eachCell((cell, row) => {
      if (cell.value === 'checkpoint|G01.1') {
        sheet.getCell(`I${row}`).value = FINDING;
        found = true;
      }
    });
    expect(found, 'G01.1 has a row in 兰州市’s sheet').to.equal(true);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByTestId('field-sheet-input').setInputFiles({ name: '现场核查表.xlsx', mimeType: 'application/octet-stream', buffer: filled });
    const outcomes = page.getByTestId('field-sheet-outcomes');
    await outcomes.waitFor();
    const lanzhou = outcomes.locator('tr', { hasText: '兰州市（620100）' });
    expect(await lanzhou.innerText()).to.contain('已导入');
    expect(await outcomes.locator('tr', { hasText: '嘉峪关市（620200）' }).innerText()).to.contain('未改动');
    const review = await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner });
    expect(review.body.items['G01.1'].finding).to.equal(FINDING);
    await outcomes.scrollIntoViewIfNeeded();
    await screenshot(page, 'web-field-sheet.png');
    await checkPage(page, '填报进度（现场核查表导入结果）');
    expectNoneFound();
  });

  it('refuses a file that is not a workbook, saying why, and writes nothing', async () => {
    await page.getByTestId('field-sheet-input').setInputFiles({ name: '说明.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('这不是工作簿') });
    await page.getByTestId('field-sheet-error').waitFor();
    expect(await page.getByTestId('field-sheet-error').innerText()).to.contain('未导入');
    const review = await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner });
    expect(review.body.items['G01.1'].finding).to.equal(FINDING);
    expectNoPageErrors(h);
  });
});
