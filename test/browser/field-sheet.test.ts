/**
 * The examiners' field sheet in the browser: from the progress board the examiner
 * downloads the sheet of every unit, records an on-site finding in 兰州市's sheet (as a
 * laptop on site would, here through exceljs), brings the file back, and reads a line
 * per unit: 兰州市 imported, the others unchanged; the finding is in 兰州市's review.
 * Then the sheet of one chosen unit only; a unit whose sheet has a cell to correct,
 * refused with that cell in a table under its line while another unit goes in; a unit
 * changed since its export, refused with just its reason; and a file for another year,
 * refused as a whole with the same table of cells.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { submitSeedWithReview } from '../integration/review-run-support.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const FINDING = '现场抽查：负面清单未在政府网站公布';
/** The sheets that are no unit's: the cover and the hidden identity. */
const NOT_UNITS = ['封面', '_kaohe'];
/** Where the problems screenshot goes: looked at by hand, not one of the docs' pictures. */
const PROBLEMS_SHOT = path.join(tmpdir(), 'web-field-sheet-problems.png');

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Sets cells of a unit's sheet, by row id (column A) and column letter; the cells' addresses by `id|column`. */
function edit(wb: ExcelJS.Workbook, sheetName: string, rows: Record<string, Record<string, ExcelJS.CellValue>>): Record<string, string> {
  const sheet = wb.getWorksheet(sheetName) as ExcelJS.Worksheet;
  const cells: Record<string, string> = {};
  sheet.getColumn('A').eachCell((cell, row) => {
    for (const [column, value] of Object.entries(rows[String(cell.value)] ?? {})) {
      sheet.getCell(`${column}${row}`).value = value;
      cells[`${String(cell.value)}|${column}`] = `${sheetName}!${column}${row}`;
    }
  });
  return cells;
}

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

  it('downloads the sheet of the one unit chosen, and of every unit again once the choice is cleared', async () => {
    const units = page.getByRole('combobox', { name: /下载哪些单位的现场核查表/ });
    // Element Plus' placeholder lies over the input: the select is opened where a user clicks, on the select.
    await page.getByTestId('field-sheet-panel').locator('.el-select').click();
    await units.fill('嘉峪关');
    await page.getByRole('option', { name: '嘉峪关市（620200）' }).click();
    await page.keyboard.press('Escape');
    const link = page.getByTestId('field-sheet-link');
    expect(await link.getAttribute('href')).to.equal('/api/cycles/2015/reviews/template.xlsx?units=620200');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const wb = await workbookOf(readFileSync((await download.path()) ?? ''));
    expect(wb.worksheets.map((s) => s.name).filter((n) => !NOT_UNITS.includes(n))).to.deep.equal(['嘉峪关市']);
    await checkPage(page, '填报进度（现场核查表选定单位）');
    await page.getByTestId('field-sheet-panel').locator('.el-select').hover();
    await page.getByTestId('field-sheet-panel').locator('.el-select__clear').click();
    expect(await link.getAttribute('href')).to.equal('/api/cycles/2015/reviews/template.xlsx');
  });

  it('refuses 兰州市, whose adjustment has no justification, showing the cell to correct under its line, while 嘉峪关市 goes in', async () => {
    const before = (await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner })).body;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('field-sheet-link').click()]);
    const wb = await workbookOf(readFileSync((await download.path()) ?? ''));
    const cells = edit(wb, '兰州市', { 'checkpoint|G01.2': { J: 0.5 } });
    edit(wb, '嘉峪关市', { 'checkpoint|G01.2': { I: '执法协作机制已建立' } });
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByTestId('field-sheet-input').setInputFiles({ name: '现场核查表.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    const outcomes = page.getByTestId('field-sheet-outcomes');
    await outcomes.waitFor();
    const lanzhou = outcomes.locator('tr', { hasText: '兰州市（620100）' }).first();
    expect(await lanzhou.innerText())
      .to.contain('未导入')
      .and.contain('工作表中有 1 个问题');
    expect(await outcomes.locator('tr', { hasText: '嘉峪关市（620200）' }).innerText()).to.contain('已导入');
    const problems = page.getByTestId('field-sheet-problems');
    expect(await problems.count()).to.equal(1);
    const row = problems.locator('tbody tr');
    expect(await row.count()).to.equal(1);
    const texts = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(texts[0]).to.equal(cells['checkpoint|G01.2|J']?.replace(/J(\d+)$/, 'K$1'));
    expect(texts[1]).to.equal('G01.2');
    expect(texts[4]).to.contain('必须写明调整理由');
    expect(await page.getByText('兰州市（620100）未导入的问题').count()).to.equal(1);
    const review = await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner });
    expect(review.body).to.deep.equal(before);
    await outcomes.scrollIntoViewIfNeeded();
    // axe first: it waits for the tags' and the opened row's transitions, so the picture is the settled page.
    await checkPage(page, '填报进度（现场核查表未导入的单元格）');
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.screenshot({ path: PROBLEMS_SHOT });
    expectNoneFound();
  });

  it('refuses 兰州市 in the first download, changed since, with just its reason and no table to correct', async () => {
    await page
      .getByTestId('field-sheet-input')
      .setInputFiles({ name: '旧现场核查表.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(downloaded) });
    const outcomes = page.getByTestId('field-sheet-outcomes');
    await outcomes.locator('tr', { hasText: '兰州市（620100）' }).getByText('导出后审核记录已被修改').waitFor();
    expect(await page.getByTestId('field-sheet-problems').count()).to.equal(0);
  });

  it('refuses as a whole a field sheet for another year, with the identity cell in the same table, and writes nothing', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('field-sheet-link').click()]);
    const wb = await workbookOf(readFileSync((await download.path()) ?? ''));
    const identity = wb.getWorksheet('_kaohe') as ExcelJS.Worksheet;
    let yearCell = '';
    identity.getColumn('A').eachCell((cell, row) => {
      if (cell.value === 'year') {
        identity.getCell(`B${row}`).value = '2016';
        yearCell = `_kaohe!B${row}`;
      }
    });
    expect(yearCell, 'the identity sheet has the year').to.not.equal('');
    edit(wb, '兰州市', { 'checkpoint|G01.2': { I: '不应写入' } });
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByTestId('field-sheet-input').setInputFiles({ name: '2016年现场核查表.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    const error = page.getByTestId('field-sheet-error');
    await error.waitFor();
    expect(await error.innerText()).to.contain('未导入任何内容');
    const table = page.getByTestId('field-sheet-file-problems');
    const texts = (await table.locator('tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect(texts[0]).to.equal(yearCell);
    expect(texts[4]).to.contain('不能导入 2015 年度');
    expect(await page.getByTestId('field-sheet-outcomes').count()).to.equal(0);
    const review = await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner });
    expect(review.body.items['G01.2']?.finding).to.not.equal('不应写入');
    await checkPage(page, '填报进度（整个文件未导入）');
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
