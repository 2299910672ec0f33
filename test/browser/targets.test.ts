/**
 * Target filing (目标备案) in the browser, on gansu-2015 1.1.0 (its Q04.1 reads the filed
 * 优良天数比例目标): 兰州市 files a target (a value out of range is refused at its input),
 * sees 待审核; the examiner returns it with a reason (required) on 目标审核; the city, still on
 * the page it read before, files a new value and is told the filing changed meanwhile (409),
 * sees 已退回 and the reason, files again; the examiner approves all; the city sees 已批准 and
 * the input read-only. A city cannot read another unit's filing. axe finds nothing on both pages.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const TARGET = 'Q04.1/goodAirDaysTarget';
const INPUT = '#t-Q04_1-goodAirDaysTarget';
const REASON = '低于上年实际值，请按省生态环境厅核准数重报';

describe('browser: target filing (目标备案) and its review (目标审核)', function () {
  this.timeout(180_000);
  let h: WebHarness;
  let city: Page;
  let examiner: Page;

  const target = (page: Page): Locator => page.locator(`[data-target="${TARGET}"]`);
  const stateText = async (page: Page): Promise<string> => ((await target(page).getByTestId('target-state').first().textContent()) ?? '').trim();
  const menu = async (page: Page): Promise<string[]> => (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());

  before(async () => {
    h = await startWeb({ rubric: '1.1.0' });
    city = await h.newPage();
    examiner = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('the city finds 目标备案 between 首页 and 填报, with the deadline and each target grouped by its checkpoint', async () => {
    await signInFirstTime(city, h.service.users.city);
    await city.getByRole('menuitem', { name: '目标备案' }).waitFor();
    expect((await menu(city)).slice(0, 3)).to.deep.equal(['首页', '目标备案', '填报']);
    await city.getByRole('menuitem', { name: '目标备案' }).click();
    await city.waitForURL(/\/targets$/);
    await city.getByRole('heading', { name: /2015 年度目标备案 · 兰州市/ }).waitFor();
    expect(await city.getByTestId('target-deadline').textContent()).to.contain('2016-02-29 23:59');
    const card = city.locator('section.target-card[data-item="Q04.1"]');
    expect(await card.getByRole('heading').textContent()).to.contain('Q04.1');
    expect(await card.textContent()).to.contain('评分方法');
    expect(await target(city).textContent()).to.contain('优良天数比例目标（已备案）');
    expect(await stateText(city)).to.equal('未备案');
    expect(await city.getByRole('button', { name: /提交备案/ }).isDisabled()).to.equal(true);
  });

  it('a value out of range is refused by the server at its input; a valid one is filed and waits: 待审核', async () => {
    await city.locator(INPUT).fill('150');
    await city.getByRole('button', { name: /提交备案（1 项）/ }).click();
    const error = target(city).locator('.el-form-item__error');
    await error.waitFor();
    expect(await error.textContent()).to.match(/100/);
    expect(await city.getByTestId('form-error').textContent()).to.contain('1 处');

    await city.locator(INPUT).fill('80');
    await city.getByRole('button', { name: /提交备案（1 项）/ }).click();
    await waitUntil(city, `document.querySelector('[data-target="${TARGET}"] [data-testid="target-state"]')?.textContent.trim() === '待审核'`);
    await target(city).locator('.el-form-item__error').waitFor({ state: 'detached' });
    expect(await city.getByRole('button', { name: /提交备案/ }).isDisabled()).to.equal(true);
  });

  it('a city cannot read another unit’s filing', async () => {
    const status = await city.evaluate<number>("fetch('/api/cycles/2015/targets/620200', { cache: 'no-store' }).then((r) => r.status)");
    expect([403, 404]).to.include(status);
  });

  it('the examiner sees the board (per unit: pending, approved, returned, not filed) and returns the target with a required reason', async () => {
    await signInFirstTime(examiner, h.service.users.examiner);
    await examiner.getByRole('menuitem', { name: '目标审核' }).waitFor();
    const items = await menu(examiner);
    expect(items.indexOf('目标审核')).to.equal(items.indexOf('填报进度') + 1);
    await examiner.getByRole('menuitem', { name: '目标审核' }).click();
    await examiner.waitForURL(/\/targets-review$/);
    const row = examiner.getByTestId('targets-board').locator('tbody tr', { hasText: '兰州市' });
    await row.waitFor();
    // 单位, 待审核, 已批准, 已退回, 未备案 (G05.1 and the province's allocations G11.5, G12.1, G15.1)
    expect((await row.locator('td').allTextContents()).slice(0, 5).map((t) => t.trim())).to.deep.equal(['兰州市', '1', '0', '0', '4']);
    await examiner.getByRole('button', { name: '审核 兰州市' }).click();
    await examiner.waitForURL(/\/targets-review\/620100$/);
    const unit = examiner.getByTestId('unit-targets');
    await unit.waitFor();
    expect(await target(examiner).textContent()).to.contain('80 %');
    expect(await stateText(examiner)).to.equal('待审核');
    await examiner.mouse.move(0, 0);
    await checkPage(examiner, '目标审核（待审核）');
    await screenshot(examiner, 'web-targets-review.png');

    await examiner.getByRole('button', { name: '退回 Q04.1 优良天数比例目标（已备案）' }).click();
    const dialog = examiner.getByRole('dialog', { name: '退回目标' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '退回' }).click();
    expect(await dialog.locator('.el-form-item__error').textContent()).to.contain('请填写退回理由');
    await dialog.getByLabel('退回理由（必填，单位将看到）').fill(REASON);
    await examiner.mouse.move(0, 0);
    await checkPage(examiner, '目标审核（退回理由）');
    await dialog.getByRole('button', { name: '退回' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitUntil(examiner, `document.querySelector('[data-target="${TARGET}"] [data-testid="target-state"]')?.textContent.trim() === '已退回'`);
    expect(await target(examiner).textContent()).to.contain(REASON);
    expect((await row.locator('td').allTextContents()).slice(1, 5).map((t) => t.trim())).to.deep.equal(['0', '0', '1', '4']);
    await examiner.mouse.move(0, 0);
    await checkPage(examiner, '目标审核（已退回）');
  });

  it('the city, on the page it read before the return, is told the filing changed (409), sees 已退回 and the reason, and files again', async () => {
    await city.locator(INPUT).fill('82');
    await city.getByRole('button', { name: /提交备案（1 项）/ }).click();
    await city.getByTestId('conflict').waitFor();
    expect(await city.getByTestId('conflict').textContent()).to.match(/已被修改.*版本 1.*版本 2/);
    expect(await stateText(city)).to.equal('已退回');
    expect(await target(city).getByTestId('return-reason').textContent()).to.contain(REASON);
    // what the user typed is still there
    expect(await city.locator(INPUT).inputValue()).to.equal('82');
    await city.mouse.move(0, 0);
    await checkPage(city, '目标备案（已退回）');
    await screenshot(city, 'web-targets-city.png');

    await city.getByRole('button', { name: /提交备案（1 项）/ }).click();
    await waitUntil(city, `document.querySelector('[data-target="${TARGET}"] [data-testid="target-state"]')?.textContent.trim() === '待审核'`);
    expect(await target(city).getByTestId('return-reason').count()).to.equal(0);
  });

  it('the examiner approves all pending targets; the city sees 已批准 and the input is read-only', async () => {
    await examiner.getByRole('button', { name: '刷新' }).click();
    await waitUntil(examiner, `document.querySelector('[data-target="${TARGET}"] [data-testid="target-state"]')?.textContent.trim() === '待审核'`);
    expect(await target(examiner).textContent()).to.contain('82 %');
    await examiner.getByRole('button', { name: '全部批准（1 项）' }).click();
    await examiner.locator('.el-message-box').getByRole('button', { name: '全部批准' }).click();
    await waitUntil(examiner, `document.querySelector('[data-target="${TARGET}"] [data-testid="target-state"]')?.textContent.trim() === '已批准'`);
    expect(
      await examiner
        .getByTestId('unit-targets')
        .getByRole('button', { name: /全部批准/ })
        .isDisabled(),
    ).to.equal(true);

    await city.reload();
    await target(city).waitFor();
    expect(await stateText(city)).to.equal('已批准');
    expect(await city.locator(INPUT).isDisabled()).to.equal(true);
    expect(await target(city).textContent()).to.contain('已冻结');
    await checkPage(city, '目标备案（已批准）');
  });

  it('the city’s evidence form previews the target checkpoint against its approved target (82 %), not as missing evidence', async () => {
    await city.getByRole('menuitem', { name: '填报' }).click();
    await city.waitForURL(/\/evidence$/);
    const card = city.locator('section.checkpoint[data-item="Q04.1"]');
    await card.waitFor();
    await card.getByLabel('城市环境空气质量优良天数比例').fill('80');
    // 6 − 1 × (82 − 80): two points short of the approved target.
    await waitUntil(city, `document.querySelector('[data-testid="points-Q04.1"]')?.textContent.trim() === '4.00'`);
    await card.locator('summary', { hasText: '计算说明' }).click();
    expect(await city.getByTestId('explain-Q04.1').textContent()).to.contain('目标备案');
  });

  it('an auditor reads the board and a unit, without 批准 or 退回', async () => {
    const auditor = await h.newPage();
    await signInFirstTime(auditor, h.service.users.auditor);
    await auditor.getByRole('menuitem', { name: '目标审核' }).click();
    await auditor.getByRole('button', { name: '查看 兰州市' }).click();
    await target(auditor).waitFor();
    expect(await stateText(auditor)).to.equal('已批准');
    expect(await auditor.getByRole('button', { name: /批准|退回/ }).count()).to.equal(0);
  });

  it('finds no serious accessibility violation and no page error', () => {
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
