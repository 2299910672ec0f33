/**
 * 名次的不确定性 in the browser: the examiner opens it from a run's ranking, runs the
 * common case (examiners' judgements at 10%, 1,000 draws, seed 1) and sees what the
 * analysis found: the rank-interval chart drawn, the table in published order with each
 * unit's interval and chances as the command line prints them, the chance that the bottom
 * three change, and what drives the bottom units' ranks. Opening the page again shows the
 * analysis at once. A city has no such page. axe-core finds no serious or critical violation. The 14 seeded units are submitted and
 * reviewed through the service, then scored (run 2015-1).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { seedEvidenceJson } from '../support/seeds.js';
import { submitSeedWithReview } from '../integration/review-run-support.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

interface Shown {
  id: string;
  result: {
    units: {
      code: string;
      name: string;
      published: { rank: number; grade: string };
      medianRank: number;
      rankInterval: [number, number];
      grades: { grade: string; percent: string }[];
      flags: { percent: string }[];
    }[];
    flagSets: { change: { percent: string } }[];
  };
}

describe('browser: how sure a run’s ranking is (名次的不确定性)', function () {
  this.timeout(180_000);
  let h: WebHarness;
  let page: Page;

  before(async () => {
    h = await startWeb();
    for (const e of seedEvidenceJson()) await submitSeedWithReview(h.service, e.unit.code as string);
    const made = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(made.status, made.text).to.equal(201);
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('opens from the run’s ranking, runs the common case and shows the chart, the table and the chance that the bottom three change', async () => {
    await signInFirstTime(page, h.service.users.examiner);
    await page.goto('/runs');
    await page.getByTestId('uncertainty-link').click();
    await page.waitForURL(/\/runs\/2015-1\/uncertainty/);
    await page.getByRole('heading', { name: '2015 年度评分 2015-1：名次的不确定性' }).waitFor();
    await page.getByText('这次评分还没有分析').waitFor();
    expect(await page.getByTestId('judgement-percent').locator('input').inputValue()).to.equal('10.0');
    expect(await page.getByTestId('draws').locator('input').inputValue()).to.equal('1000');
    await page.getByTestId('run-analysis').click();
    await page.getByTestId('uncertainty-table').waitFor({ timeout: 60_000 });

    const latest = await h.service.request('GET', '/api/cycles/2015/runs/2015-1/uncertainty', { user: h.service.users.auditor });
    const shown = latest.body as Shown;
    // The chart is drawn: its canvas has ink.
    await waitUntil(
      page,
      "(() => { const c = document.querySelector('[data-testid=\"rank-interval-chart\"]'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; })()",
    );
    const rows = page.getByTestId('uncertainty-table').locator('.el-table__body tr');
    expect(await rows.count()).to.equal(14);
    const last = shown.result.units[13]!;
    const cells = (await rows.nth(13).locator('td').allInnerTexts()).map((t) => t.trim());
    const interval = last.rankInterval[0] === last.rankInterval[1] ? `${last.rankInterval[0]}` : `${last.rankInterval[0]}–${last.rankInterval[1]}`;
    expect(cells.slice(0, 5)).to.deep.equal(['14', last.name, last.published.grade, String(last.medianRank), interval]);
    expect(cells).to.include(last.flags[0]!.percent);
    const change = await page.getByTestId('flag-change').innerText();
    expect(change).to.match(/^后三位名单改变的概率：\d+\.\d%（公布的后三位：[^）]+）/);
    expect(change).to.contain(`后三位名单改变的概率：${shown.result.flagSets[0]!.change.percent}`);
    expect(await page.getByTestId('analysis-how').innerText()).to.contain('按种子 1 抽样 1,000 次');
    expect(await page.getByTestId('download-json').getAttribute('href')).to.equal(`/api/cycles/2015/runs/2015-1/uncertainty/${shown.id}/uncertainty.json`);
    // The pointer leaves 开始分析, whose hover colour is lighter: the picture and axe see the page at rest.
    await page.mouse.move(0, 700);
    await screenshot(page, 'uncertainty-page.png');
    await checkPage(page, '名次的不确定性');
    expectNoneFound();
    expectNoPageErrors(h);
  });

  it('opening the page again shows the last analysis at once; a bad tolerance is named by its path', async () => {
    await page.goto('/runs/2015-1/uncertainty');
    await page.getByTestId('uncertainty-table').waitFor();
    await page.getByText('高级：权重、分值、缺证据和测量值的容差').click();
    await page.getByLabel('测量值的容差（JSON 数组）').fill('[{ "item": "G99.9", "field": "x", "absolute": 1 }]');
    await page.getByTestId('run-analysis').click();
    const alert = page.getByRole('alert').filter({ hasText: '分析未开始' });
    await alert.waitFor();
    expect(await alert.innerText()).to.contain('$.fields[0].item');
    expectNoPageErrors(h);
  });

  it('points varied ±20% and missing evidence imputed: the spec sent says so, and the page shows the two ways of missing evidence', async () => {
    await page.getByLabel('测量值的容差（JSON 数组）').fill('');
    await page.getByLabel('各考核要点分值的变化幅度（%）').fill('20');
    await page.getByText('另算缺证据按其他单位补齐的情形').click();
    await page.getByTestId('run-analysis').click();
    await page.getByRole('heading', { name: '缺证据的两种情形' }).waitFor({ timeout: 60_000 });
    const latest = await h.service.request('GET', '/api/cycles/2015/runs/2015-1/uncertainty', { user: h.service.users.examiner });
    expect(latest.body.spec).to.deep.include({ weights: { points: { percent: 20, levels: 2 } }, missing: 'imputed' });
    expect(await page.getByTestId('analysis-how').innerText()).to.contain('按种子 1 抽样 1,000 次');
    expectNoPageErrors(h);
  });

  it('a double click on 开始分析 starts one analysis; the back button returns to the ranking; an ended session leads to sign-in', async () => {
    await page.goto('/runs');
    await page.getByTestId('uncertainty-link').click();
    await page.getByTestId('uncertainty-table').waitFor();
    await page.getByTestId('seed').locator('input').fill('7');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/uncertainty')) posts.push(r.url());
    });
    await page.getByTestId('run-analysis').dblclick();
    await waitUntil(page, `document.querySelector('[data-testid="analysis-how"]')?.textContent.includes('按种子 7 抽样') === true`, 60_000);
    expect(posts).to.have.length(1);
    expect(await page.getByRole('alert').allInnerTexts()).to.deep.equal([]);
    await page.goBack();
    await page.waitForURL(/\/runs(\?|$)/);
    await page.getByTestId('uncertainty-link').waitFor();
    await page.goForward();
    await page.getByTestId('uncertainty-table').waitFor();
    await page.context().clearCookies();
    await page.getByTestId('seed').locator('input').fill('8');
    await page.getByTestId('run-analysis').click();
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByText('登录已失效，请重新登录').waitFor();
    expectNoPageErrors(h);
  });

  it('a city has no such page: it lands on its home page', async () => {
    const city = await h.newPage();
    await signInFirstTime(city, h.service.users.city);
    await city.goto('/runs/2015-1/uncertainty');
    await city.waitForURL(/\/home$/);
  });
});
