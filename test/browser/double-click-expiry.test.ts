/**
 * The examiner's pages under a double click and an expired session: 填报进度 (刷新, 退回),
 * 评分与排名 (开始评分, 定稿, the search, the pager, 按市州分组's pager) and 评分对比 (交换).
 * A double click on a button that writes makes one write and says so once; once the
 * session cookie is gone, any action ends on the sign-in page with its one notice, and no
 * error toast beside it. A national cycle over 60 county-level units, so that the ranking
 * has pages and a search.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { storeCountyEvidence, treeCounties } from '../support/county-evidence.js';
import { NEW_PASSWORD, type WebHarness, expectNoPageErrors, signInFirstTime, startWeb, waitUntil } from './harness.js';

const UNITS = 60;
const EXPIRED = '登录已失效，请重新登录；未保存的填报内容仍保留在本机浏览器中';

describe('browser: double clicks and an expired session on 填报进度, 评分与排名 and 评分对比', function () {
  this.timeout(180_000);
  let h: WebHarness;
  let page: Page;
  let codes: string[] = [];
  const get = async (path: string) => (await h.service.request('GET', `/api/cycles/2015${path}`, { user: h.service.users.examiner })).body;
  /** The toasts shown now, by kind (success, error). */
  const toasts = async (kind: 'success' | 'error') => (await page.locator(`.el-message--${kind}`).allInnerTexts()).map((t) => t.trim());

  before(async () => {
    const tree = treeCounties(UNITS);
    codes = tree.codes;
    h = await startWeb({ units: codes, unitTree: tree.unitTree });
    await storeCountyEvidence(h.service, codes, { seed: 5, skip: () => false });
    page = await h.newPage();
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
  });
  after(async () => {
    await h?.close();
  });

  /** The session ends (its cookie is gone); `act` is then refused, and the page must show only the sign-in page's notice. */
  async function expire(act: () => Promise<void>): Promise<void> {
    // Toasts of what came before are gone first: any toast seen after is this action's.
    await waitUntil(page, `document.querySelectorAll('.el-message').length === 0`);
    await page.context().clearCookies();
    await act();
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByText(EXPIRED).waitFor();
    await page.waitForTimeout(300);
    expect(await toasts('error')).to.deep.equal([]);
    expect(await page.getByRole('alert').filter({ hasNotText: EXPIRED }).allInnerTexts()).to.deep.equal([]);
    await page.getByLabel('用户名').fill(h.service.users.examiner.username);
    await page.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  }

  it('填报进度: a double click on 刷新 reads once more, on 确认退回 reopens once and says so once', async () => {
    const rows = page.getByTestId('progress-table').locator('.el-table__body tr');
    await rows.first().waitFor();
    await page.getByRole('button', { name: '刷新' }).dblclick();
    await waitUntil(page, `document.querySelectorAll('[data-testid="progress-table"] .el-table__body tr').length === 50`);
    const unit = codes[0]!;
    const before = await get(`/submissions/${unit}`);
    await page
      .getByRole('button', { name: new RegExp(`^退回 `) })
      .first()
      .click();
    await page.getByLabel('退回理由').fill('请补充佐证材料');
    await page.getByRole('button', { name: '确认退回' }).dblclick();
    await page.getByText(/^已退回 .+ 的填报内容$/).waitFor();
    await page.waitForTimeout(500);
    const after = await get(`/submissions/${unit}`);
    expect(after.reopenings).to.have.length(before.reopenings.length + 1);
    expect(after.version).to.equal(before.version + 1);
    expect((await toasts('success')).filter((t) => t.startsWith('已退回'))).to.have.length(1);
    expect(await toasts('error')).to.deep.equal([]);
    expect(await page.getByRole('dialog').filter({ hasText: '确认退回' }).isVisible()).to.equal(false);
  });

  it('填报进度: a filter chosen while the one before is still read shows its own units, not the late answer of the one before', async () => {
    const rows = page.getByTestId('progress-table').locator('.el-table__body tr');
    const late = /\/api\/cycles\/2015\/progress\?.*status=submitted/;
    let delayed = 0;
    await page.route(late, async (route) => {
      delayed += 1;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const open = async () => {
      await page.getByRole('combobox', { name: '状态' }).focus();
      await page.keyboard.press('Enter');
    };
    await open();
    await page.getByRole('option', { name: '已提交' }).click();
    await open();
    await page.getByRole('option', { name: '全部' }).click();
    await page.waitForTimeout(2500);
    await page.unroute(late);
    expect(delayed).to.equal(1);
    // 全部 as chosen last: the unit just reopened (no longer 已提交) leads the board.
    expect(await rows.count()).to.equal(50);
    expect((await rows.first().innerText()).split('\t')[0]!.trim()).to.equal(codes[0]);
  });

  it('填报进度, the session expired: 刷新 ends on the sign-in page with its notice alone, and signing in returns to the board', async () => {
    await expire(() => page.getByRole('button', { name: '刷新' }).click());
    await page.waitForURL(/\/progress/);
  });

  it('评分与排名: a double click on 开始评分 makes one run, on 定稿 asks once and finalises once', async () => {
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.getByRole('button', { name: '开始评分' }).dblclick();
    await page.getByText('评分 2015-1 已完成').waitFor();
    await page.getByTestId('ranking-table').waitFor();
    await page.waitForTimeout(500);
    expect((await get('/runs')).map((r: { runId: string }) => r.runId)).to.deep.equal(['2015-1']);
    expect(await toasts('success')).to.deep.equal(['评分 2015-1 已完成']);

    await page.getByRole('button', { name: '定稿' }).dblclick();
    await page.getByTestId('finalize-confirm').first().waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('finalize-confirm').count()).to.equal(1);
    await page.getByRole('button', { name: '确认定稿' }).dblclick();
    await page.getByText('评分 2015-1 已定稿').waitFor();
    await page.waitForTimeout(500);
    expect(await toasts('error')).to.deep.equal([]);
    expect(await page.getByTestId('run-status').first().innerText()).to.equal('已定稿');
    const audit = await get('/runs');
    expect(audit.map((r: { status: string }) => r.status)).to.deep.equal(['final']);
  });

  it('评分与排名, the session expired: the search, the pager, 按市州分组, 查看排名 and 开始评分 each end on the sign-in page with its notice alone', async () => {
    await expire(async () => {
      await page.getByLabel('查找单位').click();
      await page.keyboard.type(codes[5]!);
    });
    await page.getByTestId('ranking-table').waitFor();
    await expire(() => page.getByTestId('ranking-pager').locator('.el-pager li', { hasText: /^2$/ }).click());
    await page.getByTestId('ranking-table').waitFor();
    // 按市州分组 reads its cities; 查看排名 reads the run's ranking again.
    await expire(() => page.getByText(/^按.+分组$/).click());
    await page.getByTestId('grouped-ranking').locator('h3').first().waitFor();
    await expire(() => page.getByRole('button', { name: '查看排名（评分 2015-1）' }).click());
    await page.getByTestId('grouped-ranking').locator('h3').first().waitFor();
    // A write refused makes nothing: 开始评分 with the session gone starts no run.
    await expire(() => page.getByRole('button', { name: '开始评分' }).dblclick());
    await page.getByTestId('grouped-ranking').locator('h3').first().waitFor();
    expect((await get('/runs')).map((r: { runId: string }) => r.runId)).to.deep.equal(['2015-1']);
  });

  it('评分对比: a double click on 交换 A 与 B shows the comparison of the runs it names; the session expired, 交换 ends on the sign-in page', async () => {
    const second = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(second.status, second.text).to.equal(201);
    await page.getByRole('menuitem', { name: '评分对比' }).click();
    await page.waitForURL(/\/compare\?a=2015-1&b=2015-2/);
    await page.getByRole('button', { name: '交换 A 与 B' }).dblclick();
    await page.waitForTimeout(800);
    expect(new URL(page.url()).search).to.match(/^\?a=2015-1&b=2015-2/);
    expect(await toasts('error')).to.deep.equal([]);
    await expire(() => page.getByRole('button', { name: '交换 A 与 B' }).click());
    expectNoPageErrors(h);
  });
});
