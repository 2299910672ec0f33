/**
 * The examiner's progress board: every unit's status, missing items and self-total;
 * filtered; a submitted unit reopened with a required reason, in a dialog. The city's
 * side is set up through the API with its bearer token (scripts keep working).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

describe('browser: the examiner follows progress and reopens a unit', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;

  const BOARD_ROWS = `document.querySelectorAll('[data-testid="progress-table"] .el-table__body tr')`;
  const row = (name: string) => page.getByTestId('progress-table').locator('.el-table__body tr', { hasText: name });

  before(async () => {
    h = await startWeb();
    const { city } = h.service.users;
    const saved = await h.service.request('PUT', '/api/cycles/2015/submissions/620100', {
      user: city,
      headers: { 'if-match': '"0"' },
      body: { items: { 'G10.1': { values: { supervisionCoverage: 99.6 }, selfScore: 2.3 } }, selfTotal: 80.5 },
    });
    expect(saved.status, saved.text).to.equal(200);
    const submitted = await h.service.request('POST', '/api/cycles/2015/submissions/620100/submit', { user: city, headers: { 'if-match': '"1"' }, body: {} });
    expect(submitted.status, submitted.text).to.equal(200);
    // 嘉峪关市 has saved a draft; the twelve others have saved nothing (未填报, not 草稿).
    const draft = await h.service.request('PUT', '/api/cycles/2015/submissions/620200', {
      user: h.service.users.otherCity,
      headers: { 'if-match': '"0"' },
      body: { items: { 'G10.1': { values: { supervisionCoverage: 91.5 } } } },
    });
    expect(draft.status, draft.text).to.equal(200);
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('signs in and lands on the board of all 14 units, with status, missing count and self-total, in one request (a page of the board)', async () => {
    const reads: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/cycles\/2015\/(submissions|progress)/.test(r.url())) reads.push(new URL(r.url()).pathname);
    });
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
    await page.getByRole('heading', { name: '2015 年度填报进度' }).waitFor();
    await row('兰州市').waitFor();
    expect(await page.getByTestId('progress-table').locator('.el-table__body tr').count()).to.equal(14);
    const lanzhou = await row('兰州市').innerText();
    expect(lanzhou).to.contain('已提交');
    expect(lanzhou).to.contain('80.5');
    const jiayuguan = await row('嘉峪关市').innerText();
    expect(jiayuguan).to.contain('草稿');
    expect(jiayuguan).to.not.contain('未填报');
    expect(await row('天水市').innerText()).to.contain('未填报');
    const counts = await page.getByTestId('counts').innerText();
    expect(counts).to.contain('未填报 12');
    expect(counts).to.contain('草稿 1');
    expect(counts).to.contain('已提交 1');
    // the missing counts and self-totals came with the list: no request per unit
    expect(reads).to.deep.equal(['/api/cycles/2015/progress']);
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.deep.equal(['填报进度', '审核评分', '评分与排名', '评分对比', '审计记录', '评估意见', '抽样核查', '考核细则']);
    await screenshot(page, 'web-progress-board.png');
  });

  it('filters by status, with the keyboard', async () => {
    const status = page.getByRole('combobox', { name: '状态' });
    await status.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '已提交' }).click();
    // The server filters: the board shows its answer a moment later.
    await waitUntil(page, `${BOARD_ROWS}.length === 1`);
    await status.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '全部' }).click();
    await waitUntil(page, `${BOARD_ROWS}.length === 14`);
  });

  it('reopens 兰州市 with a reason, which the dialog requires', async () => {
    await row('兰州市').getByRole('button', { name: '退回 兰州市' }).click();
    const dialog = page.getByRole('dialog', { name: /退回 兰州市/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '确认退回' }).click();
    expect(await dialog.locator('.el-form-item__error').textContent()).to.contain('请填写退回理由');
    await dialog.getByLabel('退回理由').fill('G10.1 覆盖率与项目清单不一致，请核实后重新提交');
    await dialog.getByRole('button', { name: '确认退回' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已退回 兰州市 的填报内容').waitFor();
    expect(await row('兰州市').innerText()).to.contain('已退回');
    const stored = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.examiner });
    expect(stored.body.state).to.equal('draft');
    expect(stored.body.reopenings[0].reason).to.equal('G10.1 覆盖率与项目清单不一致，请核实后重新提交');
    expectNoPageErrors(h);
  });
});
