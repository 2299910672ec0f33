/**
 * What would it take, in the browser (gansu-2015 1.1.0, the 14 seeded units, a finalised
 * run): 陇南市's home page and scorecard show the command line's answer (制造业产品质量合格率
 * 87.2 → 90, +2.80, to 合格) and how to leave 后三位; the what-if editor moves the total,
 * result and rank as values change, scored in the page with no request per change, gives
 * the evidence form's message for a value out of range, resets, and saves nothing (after a
 * reload the evidence is as it was). An examiner opens the editor from a run's unit page.
 * Each page is photographed at 1366×768.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { cityUser, seededRun110 } from '../integration/what-if-run-support.js';
import type { TestUser } from '../support/service.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const LONGNAN = '621200';
const SUBMISSION = `/api/cycles/2015/submissions/${LONGNAN}`;
const RATE = '#what-if-Q01_2-manufacturingPassRate';
const SPOT_CHECK = '#what-if-Q01_1-spotCheckPassRate';

describe('browser: what would it take, and the what-if editor', function () {
  this.timeout(240_000);
  let h: WebHarness;
  let page: Page;
  let longnan: TestUser;
  let runId = '';

  const text = async (testId: string) => (await page.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();

  before(async () => {
    h = await startWeb({ rubric: '1.1.0' });
    runId = await seededRun110(h.service, { cycleOpen: true });
    longnan = await cityUser(h.service, LONGNAN);
    page = await h.newPage();
    await signInFirstTime(page, longnan);
  });
  after(async () => {
    await h?.close();
  });

  it('shows 陇南市 on its home page what it takes to reach 合格 and to leave 后三位, as a projection, not evidence', async () => {
    await page.goto('/home');
    const card = page.getByTestId('what-if-card');
    await card.waitFor();
    await page.getByTestId('what-if-goal-grade').waitFor({ timeout: 30_000 });
    const grade = (await page.getByTestId('what-if-goal-grade').innerText()).replace(/\s+/g, ' ');
    expect(grade).to.include('要达到“合格”');
    expect(grade).to.include('Q01.2');
    expect(grade).to.include('制造业产品质量合格率');
    expect(grade).to.include('87.2 % → 90 %');
    expect(grade).to.include('+2.80');
    expect(grade).to.include('改变后：60.47 分，第 12 名（共 14 个单位），合格，后三位');
    const flag = (await page.getByTestId('what-if-goal-flag').innerText()).replace(/\s+/g, ' ');
    expect(flag).to.include('要离开后三位');
    expect(flag).to.match(/改变后：\d+\.\d\d 分，第 11 名（共 14 个单位），合格（现在/);
    expect(await text('what-if-reminder')).to.include('这是推演，不是证据');
    // A city is told nothing of the others: no other unit's name on the page.
    expect(await page.locator('body').innerText()).not.to.match(/兰州市|白银市|甘南藏族自治州/);
    await card.scrollIntoViewIfNeeded();
    await checkPage(page, '首页（怎样才能更进一步）');
    await screenshot(page, 'what-if-home.png');
  });

  it('shows the same card on the scorecard', async () => {
    await page.goto('/scorecard');
    await page.getByTestId('what-if-goal-grade').waitFor();
    expect((await page.getByTestId('what-if-goal-grade').innerText()).replace(/\s+/g, ' ')).to.include('87.2 % → 90 %');
    await page.getByTestId('what-if-card').scrollIntoViewIfNeeded();
    await checkPage(page, '考核成绩单（怎样才能更进一步）');
    await screenshot(page, 'what-if-scorecard.png');
  });

  it('moves the total, result and rank in the page as values change, with no request per change, and resets', async () => {
    const stored = (await h.service.request('GET', SUBMISSION, { user: longnan })).body;
    await page.getByTestId('what-if-editor-link').click();
    await page.waitForURL(/\/what-if$/);
    await page.locator(RATE).waitFor();
    expect(await text('what-if-banner')).to.include('模拟测算不保存任何内容');
    expect(await text('what-if-total')).to.equal('57.67');
    expect(await text('what-if-rank')).to.equal('第 12 名，共 14 个单位');
    expect(await text('what-if-grade')).to.equal('不合格');
    expect(await text('what-if-flags')).to.equal('后三位');

    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) requests.push(`${r.method()} ${r.url()}`);
    });
    await page.locator(RATE).fill('90');
    await waitUntil(page, `document.querySelector('[data-testid="what-if-total"]')?.textContent.trim() === '60.47'`);
    expect(await text('what-if-grade')).to.equal('合格');
    expect(await text('what-if-rank')).to.equal('第 12 名，共 14 个单位');
    expect(await text('what-if-score-Q01.2')).to.include('+2.80');
    expect(await text('what-if-changed-items')).to.include('Q01.2');

    await page.locator(SPOT_CHECK).fill('93');
    await waitUntil(page, `document.querySelector('[data-testid="what-if-total"]')?.textContent.trim() === '63.72'`);
    expect(await text('what-if-rank')).to.equal('第 11 名，共 14 个单位');
    expect(await text('what-if-flags')).to.equal('无');
    expect(await text('what-if-change-count')).to.include('已改动 2 项数据');
    await checkPage(page, '模拟测算');
    await screenshot(page, 'what-if-editor.png');
    // The standing stays in sight while the city edits a field further down.
    await page.locator('.what-if-item').last().scrollIntoViewIfNeeded();
    const box = await page.getByTestId('what-if-total').boundingBox();
    expect(box?.y ?? -1).to.be.within(0, 768);
    await page.locator(RATE).scrollIntoViewIfNeeded();

    // Out of range: the evidence form's message, and the checkpoint scored with the run's value.
    await page.locator(RATE).fill('120');
    await page.getByText('“制造业产品质量合格率”（manufacturingPassRate）超出允许范围 [0, 100]：120').waitFor();
    await waitUntil(page, `document.querySelector('[data-testid="what-if-total"]')?.textContent.trim() === '60.92'`);
    expect(requests, requests.join('\n')).to.deep.equal([]);

    await page.getByTestId('what-if-reset').click();
    await waitUntil(page, `document.querySelector('[data-testid="what-if-total"]')?.textContent.trim() === '57.67'`);
    expect(await page.locator(RATE).inputValue()).to.equal('87.2');

    // Nothing was stored: after changing a value and reloading, the page and the evidence are as they were.
    await page.locator(RATE).fill('95');
    await waitUntil(page, `document.querySelector('[data-testid="what-if-total"]')?.textContent.trim() !== '57.67'`);
    await page.reload();
    await page.locator(RATE).waitFor();
    expect(await page.locator(RATE).inputValue()).to.equal('87.2');
    expect(await text('what-if-total')).to.equal('57.67');
    expect((await h.service.request('GET', SUBMISSION, { user: longnan })).body).to.deep.equal(stored);
    expect((await h.service.request('GET', '/api/cycles/2015/runs', { user: h.service.users.examiner })).body).to.have.length(1);
  });

  it('tells 白银市, vetoed, plainly that no change of its own data makes it 合格', async () => {
    const baiyin = await h.newPage();
    await signInFirstTime(baiyin, await cityUser(h.service, '620400'));
    await baiyin.goto('/home');
    await baiyin.getByTestId('what-if-goal-grade').waitFor({ timeout: 30_000 });
    expect((await baiyin.getByTestId('what-if-goal-grade').innerText()).replace(/\s+/g, ' ')).to.include(
      '只改变本单位自己填报的数据做不到：本单位被一票否决，结果为不合格，与得分多少无关。',
    );
  });

  it("lets an examiner open the editor on any unit from the run's unit page", async () => {
    const office = await h.newPage();
    await signInFirstTime(office, h.service.users.examiner);
    await office.goto(`/runs/${runId}/units/${LONGNAN}`);
    await office.getByTestId('unit-what-if-link').click();
    await office.waitForURL(/\/what-if\?/);
    await office.locator(RATE).waitFor();
    expect((await office.getByTestId('what-if-total').innerText()).trim()).to.equal('57.67');
    expect((await office.locator('h1').innerText()).replace(/\s+/g, ' ')).to.include('陇南市');
    expectNoPageErrors(h);
    expectNoneFound();
  });
});
