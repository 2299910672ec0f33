/**
 * Accessibility: axe-core, the standard engine, run on every page a city and an
 * examiner reach (sign-in, the forced password change, the city's home page, the
 * evidence form with a material and an upload refusal on it, the progress board),
 * asserting no serious or critical violation, and printing them when there are.
 */
import { expect } from 'chai';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, signInFirstTime, startWeb, waitUntil } from './harness.js';

describe('browser: accessibility (axe-core) of the pages a city and an examiner reach', function () {
  this.timeout(120_000);
  let h: WebHarness;

  before(async () => {
    h = await startWeb();
  });
  after(async () => {
    await h?.close();
  });

  it('a city: sign-in, change password, home, the evidence form (every section, a material, an upload refusal)', async () => {
    const page = await h.newPage();
    const city = h.service.users.city;
    await page.goto('/sign-in');
    await page.getByLabel('用户名').waitFor();
    await checkPage(page, '登录');
    // with the sign-in error shown
    await page.getByLabel('用户名').fill(city.username);
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    await checkPage(page, '登录（密码错误）');

    await page.getByLabel('密码', { exact: true }).fill(city.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/change-password/);
    await page.getByLabel('当前密码').waitFor();
    await checkPage(page, '修改密码');

    await page.getByLabel('当前密码').fill(city.password);
    await page.getByLabel('新密码', { exact: true }).fill('Gansu#Quality2016');
    await page.getByLabel('再次输入新密码').fill('Gansu#Quality2016');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.waitForURL(/\/home$/);
    await page.getByRole('heading', { name: /2015 年度质量工作考核/ }).waitFor();
    await page.getByTestId('missing-table').waitFor();
    await checkPage(page, '首页');

    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.locator('section.checkpoint').first().waitFor();
    await page
      .getByTestId('materials-G01.1')
      .locator('input[type=file]')
      .setInputFiles({ name: '清单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByTestId('materials-G01.1').getByTestId('material').waitFor();
    await page
      .getByTestId('materials-G01.2')
      .locator('input[type=file]')
      .setInputFiles({ name: '说明\u202Efdp.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByTestId('materials-G01.2').getByTestId('material-error').waitFor();
    // The upload's toast (已上传) fades out after 3 s: let it go, or a check may measure it half transparent.
    await waitUntil(page, "document.querySelectorAll('.el-message').length === 0");
    const tabs = page.getByRole('tab');
    const count = await tabs.count();
    expect(count).to.be.greaterThan(3);
    for (let i = 0; i < count; i++) {
      await tabs.nth(i).click();
      await page.locator('.el-tab-pane:not([style*="display: none"]) section.checkpoint').first().waitFor();
      await checkPage(page, `填报：${(await tabs.nth(i).innerText()).replace(/\s+/g, ' ')}`);
    }

    // the submit confirmation listing the missing items (cancelled)
    await page.getByRole('button', { name: '提交' }).click();
    const dialog = page.getByRole('dialog', { name: '确认提交' });
    await dialog.waitFor();
    await checkPage(page, '确认提交');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // 首页 once a run is final: rank, result, 提分空间 and the links
    const { examiner } = h.service.users;
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: examiner });
    await h.service.request('POST', `/api/cycles/2015/runs/${run.body.runId}/finalize`, { user: examiner, headers: { 'if-match': `"${run.body.version}"` } });
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('headroom-table').waitFor();
    await checkPage(page, '首页（已定稿）');
    expectNoneFound();
    expectNoPageErrors(h);
  });

  it('an examiner: sign-in, change password, the progress board, the review page, runs and ranking', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
    await page.getByTestId('progress-table').locator('.el-table__body tr').first().waitFor();
    await checkPage(page, '填报进度');
    for (const title of ['审核评分', '评分与排名']) {
      await page.getByRole('menuitem', { name: title }).click();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      // Tags and tables fade in: contrast is measured once every transition has ended.
      await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
      await checkPage(page, title);
    }
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
