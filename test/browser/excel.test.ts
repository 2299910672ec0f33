/**
 * Evidence offline in the browser: 兰州市 downloads its Excel template from the 填报 page
 * (the browser saves the attachment), fills a few cells in it as a clerk would (a
 * full-width number, 是, √ for a named item), imports it through the page and sees the
 * values in the form and in the API's draft. A file with two bad cells lists both with
 * their cells and changes nothing; a non-xlsx file is refused with the reader's reason;
 * unsaved edits are not replaced without asking; once submitted, the template is for
 * reading only.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const DRAFT = '/api/cycles/2015/submissions/620100';
const COVERAGE = '新开工大中型工程项目质量监督覆盖率';

/** The template with cells changed by row id (column A) and column letter; the cells' addresses by the same keys. */
/** The input's value once it is `want`, or what it still is after `ms`: the page reloads the draft after it says so. */
async function settledValue(input: Locator, want: string, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  let value = await input.inputValue();
  while (value !== want && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await input.inputValue();
  }
  return value;
}

async function filled(bytes: Buffer, edits: Record<string, Record<string, ExcelJS.CellValue>>): Promise<{ bytes: Buffer; cells: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('证据') as ExcelJS.Worksheet;
  const cells: Record<string, string> = {};
  sheet.getColumn('A').eachCell((cell, row) => {
    for (const [column, value] of Object.entries(edits[String(cell.value)] ?? {})) {
      sheet.getCell(`${column}${row}`).value = value;
      cells[`${String(cell.value)}@${column}`] = `证据!${column}${row}`;
    }
  });
  expect(Object.keys(cells)).to.have.length(Object.values(edits).reduce((n, e) => n + Object.keys(e).length, 0));
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), cells };
}

describe('browser: a city fills its evidence offline in Excel', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  let template: Buffer;

  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const radio = (code: string, label: string): Locator => card(code).locator('label.el-radio', { hasText: label });
  const checkbox = (code: string, label: string): Locator => card(code).locator('label.el-checkbox', { hasText: label });
  const tab = (title: string): Locator => page.getByRole('tab', { name: new RegExp(title) });
  const panel = (): Locator => page.getByTestId('excel-panel');
  const draft = async () => (await h.service.request('GET', DRAFT, { user: h.service.users.city })).body as { version: number; items: Record<string, unknown> };
  const importFile = (name: string, buffer: Buffer, mimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') =>
    page.getByTestId('excel-input').setInputFiles({ name, mimeType, buffer });

  /** The page's message after an import, naming the draft's new version. */
  const imported = (version: number) => page.locator('.el-message', { hasText: `已导入，草稿版本 ${version}` }).waitFor();

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('offers the template and states what an import takes before anything is uploaded', async () => {
    await signInFirstTime(page, h.service.users.city);
    await page.goto('/evidence');
    await card('G01.1').waitFor();
    expect(await panel().getByRole('heading').textContent()).to.equal('离线填报（Excel）');
    const rules = await page.getByTestId('excel-rules').textContent();
    expect(rules).to.contain('.xlsx');
    expect(rules).to.contain('不超过 10 MB');
    expect(rules).to.contain('替换整份草稿');
  });

  it('downloads the template through the page: 兰州市 (620100) in its identity sheet', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), panel().getByRole('link', { name: '下载 Excel 模板' }).click()]);
    expect(download.suggestedFilename()).to.match(/\.xlsx$/);
    expect(download.suggestedFilename()).to.contain('兰州市');
    template = await readFile(await download.path());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const identity = new Map<string, string>();
    (wb.getWorksheet('_kaohe') as ExcelJS.Worksheet).eachRow((row) => identity.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(identity.get('unit')).to.equal('620100');
    expect(identity.get('year')).to.equal('2015');
  });

  it('imports a filled template and sees its values in the form and in the draft', async () => {
    const { bytes } = await filled(template, {
      'field|G10.1|supervisionCoverage': { J: '９９．６' },
      'field|G01.1|approvalReview': { J: '是' },
      'member|G01.1|lists|权力清单': { J: '√' },
    });
    const before = await draft();
    await importFile('兰州市证据（已填写）.xlsx', bytes);
    await imported(before.version + 1);
    const stored = await draft();
    expect(stored.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99.6 } });
    expect(stored.items['G01.1']).to.deep.include({ values: { approvalReview: true, lists: ['权力清单'] } });

    expect(await radio('G01.1', '是').getAttribute('class')).to.contain('is-checked');
    expect(await checkbox('G01.1', '权力清单').getAttribute('class')).to.contain('is-checked');
    expect(await checkbox('G01.1', '责任清单').getAttribute('class')).to.not.contain('is-checked');
    await tab('加强重点领域质量安全监管').click();
    expect(await card('G10.1').getByLabel(COVERAGE).inputValue()).to.equal('99.6');
    expect(await page.getByTestId('unsaved').count()).to.equal(0);
  });

  it('lists both bad cells of a file with their cells, and changes nothing', async () => {
    const before = await draft();
    const { bytes, cells } = await filled(template, {
      'field|G10.1|supervisionCoverage': { J: '很高' },
      'field|G04.1|caseClosureRate': { J: '大部分' },
    });
    await importFile('兰州市证据（有误）.xlsx', bytes);
    const error = page.getByTestId('excel-error');
    await error.waitFor();
    expect(await error.textContent()).to.contain('草稿没有任何改动');
    const rows = page.getByTestId('excel-problems').locator('tbody tr');
    const table = (await rows.allTextContents()).join('\n');
    expect(await rows.count(), table).to.equal(2);
    const cellsOf = async (n: number) => (await rows.nth(n).locator('td').allTextContents()).map((t) => t.trim());
    expect([await cellsOf(0), await cellsOf(1)]).to.deep.equal([
      [cells['field|G04.1|caseClosureRate@J'], 'G04.1', '侵权假冒案件结案率', '大部分', '不是数字'],
      [cells['field|G10.1|supervisionCoverage@J'], 'G10.1', COVERAGE, '很高', '不是数字'],
    ]);

    const after = await draft();
    expect(after.version).to.equal(before.version);
    expect(after.items).to.deep.equal(before.items);
    expect(await card('G10.1').getByLabel(COVERAGE).inputValue()).to.equal('99.6');

    await panel().scrollIntoViewIfNeeded();
    await checkPage(page, '填报 · 导入问题表');
    await screenshot(page, 'web-excel-import.png');
  });

  it('refuses a file that is not an .xlsx workbook with the reader’s reason', async () => {
    const before = await draft();
    await importFile('说明.txt', Buffer.from('这不是工作簿\n', 'utf8'), 'text/plain');
    const error = page.getByTestId('excel-error');
    await page.getByTestId('excel-error').filter({ hasText: '不是 .xlsx 工作簿' }).waitFor();
    expect(await error.textContent()).to.contain('草稿没有任何改动');
    expect(await page.getByTestId('excel-problems').count()).to.equal(0);
    expect((await draft()).version).to.equal(before.version);
  });

  it('asks before an import replaces unsaved edits, and keeps them when told no', async () => {
    await card('G10.1').getByLabel(COVERAGE).fill('88');
    await page.getByTestId('unsaved').waitFor();
    await importFile('兰州市证据.xlsx', template);
    const dialog = page.getByRole('dialog', { name: '导入 Excel 模板' });
    await dialog.waitFor();
    expect(await dialog.textContent()).to.contain('尚未保存的修改将丢失');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await card('G10.1').getByLabel(COVERAGE).inputValue()).to.equal('88');
    expect((await draft()).items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99.6 } });
  });

  it('says the draft changed since it was read (409), reloads it, and imports on the next try', async () => {
    // The form still holds the unsaved 88 from the story before: the import asks first.
    // Another clerk saves meanwhile: the page's version is now behind.
    const current = await draft();
    const saved = await h.service.request('PUT', DRAFT, {
      user: h.service.users.city,
      body: { items: { ...current.items, 'G10.1': { values: { supervisionCoverage: 97 } } } },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(saved.status, saved.text).to.equal(200);
    const { bytes } = await filled(template, { 'field|G10.1|supervisionCoverage': { J: '95' } });
    await importFile('兰州市证据.xlsx', bytes);
    await page.getByRole('dialog', { name: '导入 Excel 模板' }).getByRole('button', { name: '导入并替换草稿' }).click();
    await page.getByTestId('excel-error').filter({ hasText: '已重新载入最新草稿' }).waitFor();
    expect(await settledValue(card('G10.1').getByLabel(COVERAGE), '97')).to.equal('97');
    expect((await draft()).items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 97 } });

    await importFile('兰州市证据.xlsx', bytes);
    await imported(saved.body.version + 1);
    const stored = await draft();
    expect(stored.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 95 } });
    expect(await card('G10.1').getByLabel(COVERAGE).inputValue()).to.equal('95');
  });

  it('once submitted, offers the template for reading and no import', async () => {
    const current = await draft();
    const submitted = await h.service.request('POST', `${DRAFT}/submit`, {
      user: h.service.users.city,
      body: {},
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(submitted.status, submitted.text).to.equal(200);
    await page.reload();
    await card('G01.1').waitFor();
    expect(await panel().textContent()).to.contain('模板仅供查阅');
    expect(await panel().getByRole('link', { name: '下载 Excel 模板' }).count()).to.equal(1);
    expect(await page.getByTestId('excel-drop-zone').count()).to.equal(0);
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
