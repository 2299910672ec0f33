/**
 * The examiner's review and runs: a unit's review opened from the progress board, a
 * finding and an adjustment with its justification recorded, the previewed score (the
 * submission and review merged as a run merges them, scored by the core) following the
 * adjustment, saved (201, version 1); a run started by a double click (one run), its
 * ranking of 14 units with 兰州市 at the previewed total, finalised through the
 * confirmation that says what becomes final. The city's side is set up through the API.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

describe('browser: the examiner reviews a unit, runs and finalises', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  let previewTotal = '';

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
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('opens 兰州市 from the board: the submitted value beside the examiner inputs, scored by the core', async () => {
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.include.members(['填报进度', '审核评分', '评分与排名']);
    await page.getByRole('link', { name: '审核 兰州市' }).click();
    await page.waitForURL(/\/review\/620100$/);
    await page.getByRole('heading', { name: '2015 年度审核 · 兰州市' }).waitFor();
    await page.getByRole('tab', { name: /加强重点领域质量安全监管/ }).click();
    const card = page.locator('[data-item="G10.1"]');
    await card.waitFor();
    expect(await card.locator('.unit-value').first().innerText()).to.contain('99.6');
    expect(await page.getByTestId('review-points-G10.1').innerText()).to.equal('2.30');
  });

  it('records a finding and an adjustment: the justification is required, and the preview follows the adjusted score', async () => {
    const card = page.locator('[data-item="G10.1"]');
    const before = Number(await page.getByTestId('review-total').innerText());
    await card.getByLabel('实地核查情况').fill('抽查 5 个新开工项目，1 个未办理质量监督登记');
    await card.getByLabel('调整得分').fill('2');
    await card.getByText('调整得分必须写明调整说明').waitFor();
    expect(await page.getByTestId('review-points-G10.1').innerText()).to.equal('2.30');
    await card.getByLabel(/调整说明/).fill('现场核查覆盖率为 80%（5 个项目中 4 个登记），按细则酌减');
    await card.getByText('调整得分必须写明调整说明').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('review-points-G10.1').innerText()).to.equal('2.00');
    expect(await page.getByTestId('review-preview-G10.1').innerText()).to.contain('已调整（计算 2.30）');
    previewTotal = await page.getByTestId('review-total').innerText();
    expect(Number(previewTotal)).to.be.closeTo(before - 0.3, 1e-9);
  });

  it('a value the server refuses: the page jumps to its card, whose top shows below the sticky bar; the unit’s facts read without a trailing separator', async () => {
    const card = page.locator('[data-item="G10.1"]');
    expect(await card.getByTestId('unit-facts').innerText()).to.equal('单位：自评分 2.3');
    const verified = card.getByLabel(/新开工大中型工程项目质量监督覆盖率/);
    await verified.fill('120');
    await page.evaluate("document.querySelector('.workspace-main').scrollTo(0, 1e6)");
    await page.getByRole('button', { name: '保存审核' }).click();
    await page.getByTestId('review-error').waitFor();
    expect(await card.locator('.error').first().innerText()).to.match(/100/);
    await waitUntil(
      page,
      "(() => { const c = document.querySelector('[data-item=\"G10.1\"]').getBoundingClientRect(); const b = document.querySelector('.review .sticky-bar').getBoundingClientRect(); return c.top >= b.bottom && c.top < innerHeight / 2; })()",
    );
    await verified.fill('');
    expect(await page.getByTestId('review-points-G10.1').innerText()).to.equal('2.00');
    expect(await page.getByTestId('review-total').innerText()).to.equal(previewTotal);
  });

  it('saves the review with the version read: 201 first, stored with the examiner as author', async () => {
    await page.getByRole('button', { name: '保存审核' }).click();
    await page.getByText('审核记录已创建（版本 1）').waitFor();
    expect(await page.getByTestId('review-version').innerText()).to.contain('审核版本 1');
    const stored = await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner });
    expect(stored.status, stored.text).to.equal(200);
    expect(stored.body.version).to.equal(1);
    expect(stored.body.items['G10.1'].finding).to.equal('抽查 5 个新开工项目，1 个未办理质量监督登记');
    expect(stored.body.items['G10.1'].adjustment).to.include({ score: 2, justification: '现场核查覆盖率为 80%（5 个项目中 4 个登记），按细则酌减' });
    await page.evaluate("document.querySelector('.workspace-main').scrollTo(0, 0)");
    await screenshot(page, 'web-review.png');
  });

  it('409: the review was saved elsewhere meanwhile; the banner says which versions, and the examiner keeps the page’s copy', async () => {
    const card = page.locator('[data-item="G10.1"]');
    await card.getByLabel('实地核查情况').fill('抽查 5 个新开工项目，1 个未办理质量监督登记；已约谈项目单位');
    const stored = (await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner })).body;
    const elsewhere = await h.service.request('PUT', '/api/cycles/2015/reviews/620100', {
      user: h.service.users.admin,
      headers: { 'if-match': '"1"' },
      body: {
        items: {
          'G10.1': {
            finding: '另一位考核组成员的核查记录',
            adjustment: { score: stored.items['G10.1'].adjustment.score, justification: stored.items['G10.1'].adjustment.justification },
          },
        },
      },
    });
    expect(elsewhere.status, elsewhere.text).to.equal(200);
    await page.getByRole('button', { name: '保存审核' }).click();
    const banner = page.getByTestId('conflict');
    await banner.waitFor();
    expect(await banner.innerText()).to.match(/你读取的是版本 1，服务器现在是版本 2，admin 于/);
    await banner.getByRole('button', { name: '保留我的全部内容并覆盖保存' }).click();
    await page.getByText('审核记录已保存（版本 3）').waitFor();
    expect(await banner.count()).to.equal(0);
    const saved = (await h.service.request('GET', '/api/cycles/2015/reviews/620100', { user: h.service.users.examiner })).body;
    expect(saved.items['G10.1'].finding).to.equal('抽查 5 个新开工项目，1 个未办理质量监督登记；已约谈项目单位');
    expect(saved.items['G10.1'].adjustment).to.include({ score: 2 });
    // the section tabs and the page's own tabs (vetoes, materials) in one row, in order
    const tabs = (await page.getByRole('tab').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(tabs.slice(-2)).to.deep.equal(['一票否决', '佐证材料（0）']);
  });

  it('starts one run on a double click; the ranking shows 14 units, 兰州市 at the previewed total', async () => {
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('heading', { name: '2015 年度评分与排名' }).waitFor();
    await page.getByTestId('start-run').dblclick();
    await page.getByText('评分 2015-1 已完成').waitFor({ timeout: 30_000 });
    const rows = page.getByTestId('ranking-table').locator('.el-table__body tr');
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(14);
    expect(await rows.filter({ hasText: '兰州市' }).innerText()).to.contain(previewTotal);
    const runs = await h.service.request('GET', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(runs.body).to.have.length(1);
    expect(await page.getByRole('link', { name: '通报（PDF）' }).getAttribute('href')).to.equal('/api/cycles/2015/runs/2015-1/report.pdf');
    expect(await page.getByRole('link', { name: '兰州市的成绩单' }).getAttribute('target')).to.equal('_blank');
    await page.mouse.move(700, 740);
    await screenshot(page, 'web-runs.png');
  });

  it('finalises through the confirmation that says what becomes final', async () => {
    await page.getByRole('button', { name: '定稿' }).click();
    const dialog = page.getByRole('dialog', { name: '确认定稿' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).to.contain('不能再改动');
    expect(text).to.contain('重新评分');
    await dialog.getByRole('button', { name: '确认定稿' }).click();
    await page.getByText('评分 2015-1 已定稿').waitFor();
    // the message may come before the list is read again: wait for the status rather than race it
    await page.getByTestId('run-status').filter({ hasText: '已定稿' }).waitFor();
    expect(await page.getByTestId('run-status').innerText()).to.equal('已定稿');
    const runs = await h.service.request('GET', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(runs.body[0].status).to.equal('final');
    expectNoPageErrors(h);
  });
});
