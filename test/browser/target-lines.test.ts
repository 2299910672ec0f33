/**
 * What a checkpoint is compared with, wherever a user reads it. On gansu-2015 1.1.0: 兰州市's
 * Q04.1 target approved (80%) and G05.1's filed but not yet approved; 嘉峪关市 filed nothing.
 * The city's evidence form and the examiners' review page show the approved target beside
 * Q04.1 with when it was filed and approved, and for the others why there is none yet, with
 * a link to the page that settles it. On a rubric reading last year (test/support/across-years.ts):
 * the runs page and a unit's detail say that 2014 had no finalised run, then, once it has,
 * which run supplied last year's values and when it was finalised.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { checkPage, expectNoneFound } from './axe.js';
import { CHROMIUM, VIEWPORT, WEB_DIR, type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';
import { type TestService, startService } from '../support/service.js';
import { PASS_RATES, acrossItems, acrossYearsRubric } from '../support/across-years.js';
import { storeSubmission } from '../integration/review-run-support.js';

const lineText = async (page: Page, code: string): Promise<string> =>
  ((await page.getByTestId(`target-line-${code}`).textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('browser: the filed target beside each target checkpoint (evidence form, review page)', function () {
  this.timeout(180_000);
  let h: WebHarness;

  before(async () => {
    h = await startWeb({ rubric: '1.1.0' });
    const { city, examiner } = h.service.users;
    const filed = await h.service.request('PUT', '/api/cycles/2015/targets/620100', { user: city, body: { targets: { 'Q04.1': { goodAirDaysTarget: 80 } } } });
    expect(filed.status, filed.text).to.equal(200);
    // Approved three days after it was filed (Beijing dates 2016-01-15 and 2016-01-18).
    h.service.clock.set('2016-01-18T02:00:00.000Z');
    const approved = await h.service.request('POST', '/api/cycles/2015/targets/620100/decisions', {
      user: examiner,
      body: { decision: 'approve', version: 1 },
    });
    expect(approved.status, approved.text).to.equal(200);
    const pending = await h.service.request('PUT', '/api/cycles/2015/targets/620100', {
      user: city,
      body: { targets: { 'G05.1': { cqoTarget: 12 } }, version: 2 },
    });
    expect(pending.status, pending.text).to.equal(200);
  });
  after(async () => {
    await h?.close();
  });

  it('the city’s evidence form shows the approved target beside Q04.1, and that G05.1’s awaits approval, linking to 目标备案', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, h.service.users.city);
    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.waitForURL(/\/evidence$/);
    const card = page.locator('section.checkpoint[data-item="Q04.1"]');
    await card.waitFor();
    expect(await lineText(page, 'Q04.1')).to.equal('目标值（已备案）：80%（2016-01-15 备案，2016-01-18 省考核组批准）');
    expect(await card.getByRole('link', { name: '目标备案' }).count()).to.equal(0);
    await card.getByLabel('城市环境空气质量优良天数比例').fill('78');
    // 6 − 1 × (80 − 78): what the line says the value is compared with is what the preview scores against.
    await waitUntil(page, `document.querySelector('[data-testid="points-Q04.1"]')?.textContent.trim() === '4.00'`);
    await page.mouse.move(0, 0);
    await page.evaluate(`document.querySelector('section.checkpoint[data-item="Q04.1"]').scrollIntoView({ block: 'center' })`);
    await screenshot(page, 'web-target-lines.png');
    await checkPage(page, '填报（目标值）');

    await page.getByRole('tab', { name: /完善质量发展市场机制/ }).click();
    await page.locator('section.checkpoint[data-item="G05.1"]').waitFor();
    expect(await lineText(page, 'G05.1')).to.equal('目标值：12家（2016-01-18 备案）尚未批准，等待考核组审核 目标备案');
    await page.getByTestId('target-line-G05.1').getByRole('link', { name: '目标备案' }).click();
    await page.waitForURL(/\/targets$/);
    await page.getByRole('heading', { name: /目标备案 · 兰州市/ }).waitFor();
  });

  it('the examiners’ review page shows the same line; a unit that filed nothing is told so, linking to 目标审核 of that unit', async () => {
    const { city } = h.service.users;
    const saved = await h.service.request('PUT', '/api/cycles/2015/submissions/620100', {
      user: city,
      body: { items: { 'Q04.1': { values: { goodAirDays: 78 } } }, version: 0 },
    });
    expect(saved.status, saved.text).to.equal(200);
    const submitted = await h.service.request('POST', '/api/cycles/2015/submissions/620100/submit', { user: city, body: { version: 1 } });
    expect(submitted.status, submitted.text).to.equal(200);
    const page = await h.newPage();
    await signInFirstTime(page, h.service.users.examiner);
    await page.goto('/review/620100');
    await page.locator('section.review-card[data-item="Q04.1"]').waitFor();
    expect(await lineText(page, 'Q04.1')).to.equal('目标值（已备案）：80%（2016-01-15 备案，2016-01-18 省考核组批准）');
    // The review's score is a run's: against the approved target, 6 − 1 × (80 − 78), and 6 − 1 × (80 − 79.5) as verified.
    await waitUntil(page, `document.querySelector('[data-testid="review-points-Q04.1"]')?.textContent.trim() === '4.00'`);
    await page.locator('#r-Q04_1-goodAirDays').fill('79.5');
    await waitUntil(page, `document.querySelector('[data-testid="review-points-Q04.1"]')?.textContent.trim() === '5.50'`);
    await page.mouse.move(0, 0);
    await checkPage(page, '审核评分（目标值）');

    // Returned meanwhile: the line says so, with the examiners' reason.
    const filing = await h.service.request('GET', '/api/cycles/2015/targets/620100', { user: h.service.users.examiner });
    const returned = await h.service.request('POST', '/api/cycles/2015/targets/620100/decisions', {
      user: h.service.users.examiner,
      body: { decision: 'return', reason: '与企业名录不符，请核实后重报', item: 'G05.1', field: 'cqoTarget', version: filing.body.version },
    });
    expect(returned.status, returned.text).to.equal(200);
    await page.reload();
    await page.getByRole('tab', { name: /完善质量发展市场机制/ }).click();
    await page.locator('section.review-card[data-item="G05.1"]').waitFor();
    expect(await lineText(page, 'G05.1')).to.equal('目标值：12家（2016-01-18 备案）已被考核组退回，尚未批准；退回理由：与企业名录不符，请核实后重报 目标审核');

    await page.goto('/review/620200');
    await page.locator('section.review-card[data-item="Q04.1"]').waitFor();
    await page.getByRole('heading', { name: /嘉峪关市/ }).waitFor();
    expect(await lineText(page, 'Q04.1')).to.equal('目标值：目标尚未备案 目标审核');
    await page.getByTestId('target-line-Q04.1').getByRole('link', { name: '目标审核' }).click();
    await page.waitForURL(/\/targets-review\/620200$/);
  });

  it('finds no serious accessibility violation and no page error', () => {
    expectNoneFound();
    expectNoPageErrors(h);
  });
});

describe('browser: where a run’s last-year values came from (runs page, a unit’s detail)', function () {
  this.timeout(180_000);
  let service: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  /** 2014 and 2015 on the across-years rubric (its C2 reads last year), with the three units' submissions. */
  async function openYear(year: number): Promise<void> {
    const examiner = service.users.examiner;
    const created = await service.request('POST', '/api/rubrics', { user: examiner, body: acrossYearsRubric(year) });
    expect(created.status, created.text).to.equal(201);
    const published = await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, { user: examiner, body: { version: 1 } });
    expect(published.status, published.text).to.equal(200);
    const cycle = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year, rubric: created.body.hash, deadline: `${year + 1}-03-31T23:59:59+08:00` },
    });
    expect(cycle.status, cycle.text).to.equal(201);
    for (const [code, rate] of Object.entries(PASS_RATES[year] ?? {})) await storeSubmission(service, code, acrossItems(rate), { year });
  }

  const lastYear = async (): Promise<string> => ((await page.getByTestId('last-year').textContent()) ?? '').replace(/\s+/g, ' ').trim();

  before(async () => {
    service = await startService({ webDir: WEB_DIR });
    await openYear(2014);
    await openYear(2015);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: service.url });
    await context.clock.setSystemTime(service.clock.now());
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.setDefaultTimeout(10_000);
  });
  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await service?.close();
  });

  it('a run of 2015 while 2014 has no finalised run says so, on the runs page and in a unit’s detail', async () => {
    await signInFirstTime(page, service.users.examiner);
    await page.goto('/runs');
    await page.getByTestId('start-run').click();
    await page.getByRole('heading', { name: /评分 2015-1 的排名/ }).waitFor();
    expect(await lastYear()).to.equal('上年（2014 年度）没有已定稿的考核结果：本次评分未读上年数据，同比等读上年数据的要点按考核细则对上年无数据的规定计分。');
    await page.getByTestId('ranking-table').getByRole('link', { name: '兰州市', exact: true }).click();
    await page.waitForURL(/\/runs\/2015-1\/units\/620100/);
    await page.getByTestId('unit-summary').waitFor();
    expect(await lastYear()).to.contain('上年（2014 年度）没有已定稿的考核结果');
  });

  it('once 2014’s run is finalised, the next run of 2015 names it and when it was finalised', async () => {
    const examiner = service.users.examiner;
    const run2014 = await service.request('POST', '/api/cycles/2014/runs', { user: examiner });
    expect(run2014.status, run2014.text).to.equal(201);
    // A few minutes on: a longer jump would outlast the examiner's browser session (30 minutes idle).
    service.clock.set('2016-01-15T09:20:00.000Z');
    const final = await service.request('POST', '/api/cycles/2014/runs/2014-1/finalize', { user: examiner, body: { version: 1 } });
    expect(final.status, final.text).to.equal(200);

    await page.goto('/runs');
    await page.getByTestId('start-run').click();
    await page.getByRole('heading', { name: /评分 2015-2 的排名/ }).waitFor();
    await waitUntil(page, `document.querySelector('[data-testid="last-year"]')?.textContent.includes('定稿于')`);
    expect(await lastYear()).to.equal('上年数据：2014 年度第 1 次评分（2014-1），定稿于 2016-01-15 17:20。同比等要点与该次评分所用的各单位证据比较。');
    await page.mouse.move(0, 0);
    await screenshot(page, 'web-runs-last-year.png');
    await checkPage(page, '评分与排名（上年数据）');

    // The first run keeps what it read: nothing.
    await page.getByRole('button', { name: '查看排名（评分 2015-1）' }).click();
    await page.getByRole('heading', { name: /评分 2015-1 的排名/ }).waitFor();
    expect(await lastYear()).to.contain('没有已定稿的考核结果');

    await page.goto('/runs/2015-2/units/620200');
    await page.getByTestId('unit-summary').waitFor();
    await waitUntil(page, `document.querySelector('[data-testid="last-year"]')?.textContent.includes('定稿于')`);
    expect(await lastYear()).to.contain('上年数据：2014 年度第 1 次评分（2014-1），定稿于 2016-01-15 17:20');
    await checkPage(page, '单位得分明细（上年数据）');
  });

  it('finds no serious accessibility violation and no page error', () => {
    expectNoneFound();
    expect(pageErrors, pageErrors.join('\n')).to.deep.equal([]);
  });
});
