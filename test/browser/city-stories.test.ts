/**
 * The city's remaining stories, in one year of 兰州市: a 409 on save merged answer by
 * answer (the city edits in the page while the same draft is saved through the API),
 * an expired session that keeps what was typed until the city signs in again, a city
 * failing to reach another unit by URL (API and pages), and the city reading its
 * scorecard once the examiner has finalised (empty before). The other side of each story
 * (the other save, the other units' submissions, the review, the run, the note) is set up
 * through the API.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { submitSeedWithReview } from '../integration/review-run-support.js';
import { checkPage, expectNoneFound } from './axe.js';
import { NEW_PASSWORD, type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const LANZHOU = '620100';
const JIAYUGUAN = '620200';
const SUBMISSION = `/api/cycles/2015/submissions/${LANZHOU}`;
const SECRET_NOTE = '嘉峪关市内部说明：仅供本单位填报';
const SECRET_FILE = '%PDF-1.4 嘉峪关市未公开的核查材料';

describe('browser: the city’s stories (409 merge, expired session, another unit’s URLs, the scorecard)', function () {
  this.timeout(180_000);
  let h: WebHarness;
  let page: Page;
  let otherMaterial = '';

  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const tab = (title: string): Locator => page.getByRole('tab', { name: new RegExp(title) });
  const mergeRow = (key: string): Locator => page.getByTestId('merge').locator(`tr[data-key="${key}"]`);
  const stored = async () => (await h.service.request('GET', SUBMISSION, { user: h.service.users.city })).body;

  before(async () => {
    h = await startWeb();
    const { city, otherCity } = h.service.users;
    // 兰州市 has a draft (version 1) before the page opens it.
    const first = await h.service.request('PUT', SUBMISSION, {
      user: city,
      headers: { 'if-match': '"0"' },
      body: { items: { 'G01.1': { values: { approvalReview: true, lists: ['权力清单'] } }, 'G10.1': { values: { supervisionCoverage: 95 } } } },
    });
    expect(first.status, first.text).to.equal(200);
    // 嘉峪关市 has a draft with a note and a material that 兰州市 must never see.
    const other = await h.service.request('PUT', `/api/cycles/2015/submissions/${JIAYUGUAN}`, {
      user: otherCity,
      headers: { 'if-match': '"0"' },
      body: { items: { 'G10.1': { values: { supervisionCoverage: 91.5 }, note: SECRET_NOTE } } },
    });
    expect(other.status, other.text).to.equal(200);
    const upload = await h.service.request('POST', `/api/cycles/2015/submissions/${JIAYUGUAN}/materials`, {
      user: otherCity,
      raw: new TextEncoder().encode(SECRET_FILE),
      headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('嘉峪关市核查材料.pdf'), 'x-item-code': 'G10.1' },
    });
    expect(upload.status, upload.text).to.equal(201);
    otherMaterial = upload.body.id as string;
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('409: the draft was saved elsewhere meanwhile; the city sees what changed, merges, and the saved draft has both sides’ changes', async () => {
    await signInFirstTime(page, h.service.users.city);
    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.waitForURL(/\/evidence$/);
    await card('G01.2').waitFor();
    // the city's edits in the page …
    await card('G01.2').locator('label.el-radio', { hasText: '仅建立协作机制' }).click();
    await tab('加强重点领域质量安全监管').click();
    await card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率').fill('99.6');
    // … while the same draft is saved through the API from version 1
    const elsewhere = await h.service.request('PUT', SUBMISSION, {
      user: h.service.users.city,
      headers: { 'if-match': '"1"' },
      body: {
        items: {
          'G01.1': { values: { approvalReview: true, lists: ['权力清单'] } },
          'G10.1': { values: { supervisionCoverage: 97 } },
          'G02.1': { values: { qualityAward: '已出台办法未评选' } },
        },
        selfTotal: 70,
      },
    });
    expect(elsewhere.status, elsewhere.text).to.equal(200);

    await page.getByRole('button', { name: '保存草稿' }).click();
    const banner = page.getByTestId('conflict');
    await banner.waitFor();
    expect(await banner.innerText()).to.contain('服务器现在是版本 2');
    // saved from further down the form: the page brings the banner into view, below the sticky bar
    await waitUntil(
      page,
      "(() => { const c = document.querySelector('[data-testid=\"conflict\"]').getBoundingClientRect(); const b = document.querySelector('.evidence .sticky-bar').getBoundingClientRect(); return c.top >= b.bottom - 1 && c.top < innerHeight / 2; })()",
    );
    // what changed on the server, answer by answer, the changed side proposed; both changed G10.1
    const rows = page.getByTestId('merge').locator('tbody tr');
    expect(await rows.count()).to.equal(4);
    const g012 = mergeRow('G01.2/values/enforcementCooperation');
    expect(await g012.innerText()).to.contain('仅建立协作机制');
    expect(await g012.locator('label.el-radio.is-checked').innerText()).to.equal('我的');
    const g021 = mergeRow('G02.1/values/qualityAward');
    expect(await g021.innerText()).to.contain('已出台办法未评选');
    expect(await g021.locator('label.el-radio.is-checked').innerText()).to.equal('服务器');
    const g101 = mergeRow('G10.1/values/supervisionCoverage');
    expect(await g101.innerText()).to.match(/双方都改了[\s\S]*97[\s\S]*99\.6/);
    expect(await g101.locator('label.el-radio.is-checked').innerText()).to.equal('我的');
    expect(await mergeRow('selfTotal').locator('label.el-radio.is-checked').innerText()).to.equal('服务器');
    await checkPage(page, '填报（保存冲突，逐项合并）');
    await page.mouse.move(700, 740);
    await screenshot(page, 'web-evidence-merge.png');

    await page.getByRole('button', { name: '合并并保存' }).click();
    await page.getByText('草稿已保存（版本 3）').waitFor();
    expect(await banner.count()).to.equal(0);
    const saved = await stored();
    expect(saved.version).to.equal(3);
    expect(saved.selfTotal).to.equal(70);
    expect(saved.items['G01.1']).to.deep.equal({ values: { approvalReview: true, lists: ['权力清单'] } });
    expect(saved.items['G01.2']).to.deep.equal({ values: { enforcementCooperation: '仅建立协作机制' } });
    expect(saved.items['G02.1']).to.deep.equal({ values: { qualityAward: '已出台办法未评选' } });
    expect(saved.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99.6 } });
    expect(await page.getByLabel('自评总分').inputValue()).to.equal('70');
  });

  it('an expired session keeps the draft: the save asks the city to sign in again, and after signing in the typed values are there to save', async () => {
    await tab('加强重点领域质量安全监管').click();
    await card('G10.2').getByLabel('大中型工程项目一次验收合格率').fill('98');
    await card('G10.1').getByLabel('自评分').fill('2.5');
    await page.getByTestId('unsaved').waitFor();
    // the session has been idle past its limit (30 minutes), by the service's clock
    h.service.clock.set(new Date(h.service.clock.now().getTime() + 31 * 60_000).toISOString());

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/sign-in\?redirect=(%2F|\/)evidence$/);
    expect(await page.getByRole('main').innerText()).to.contain('登录已失效，请重新登录');
    expect((await stored()).version).to.equal(3);

    await page.getByLabel('用户名').fill(h.service.users.city.username);
    await page.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/evidence$/);
    await page.getByText('已恢复本机浏览器中尚未保存的填报内容').waitFor();
    await tab('加强重点领域质量安全监管').click();
    expect(await card('G10.2').getByLabel('大中型工程项目一次验收合格率').inputValue()).to.equal('98');
    expect(await card('G10.1').getByLabel('自评分').inputValue()).to.equal('2.5');
    expect(await page.getByTestId('conflict').count()).to.equal(0);

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存（版本 4）').waitFor();
    const saved = await stored();
    expect(saved.items['G10.2']).to.deep.equal({ values: { firstAcceptanceRate: 98 } });
    expect(saved.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99.6 }, selfScore: 2.5 });
  });

  it('a session that ended while the page was closed or reloaded is told so on the sign-in page, but not after signing out', async () => {
    h.service.clock.set(new Date(h.service.clock.now().getTime() + 31 * 60_000).toISOString());
    await page.reload();
    await page.waitForURL(/\/sign-in\?redirect=/);
    expect(await page.getByRole('main').innerText()).to.contain('登录已失效，请重新登录');
    await page.getByLabel('用户名').fill(h.service.users.city.username);
    await page.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('dialog', { name: '退出登录' }).getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.reload();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.getByRole('main').innerText()).not.to.contain('登录已失效');
    // Signed in again for the stories that follow.
    await page.getByLabel('用户名').fill(h.service.users.city.username);
    await page.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  });

  it('cannot reach 嘉峪关市 by URL: its submission, material and review are refused, its pages lead back to 首页, nothing of it is shown', async () => {
    for (const path of [
      `/api/cycles/2015/submissions/${JIAYUGUAN}`,
      `/api/cycles/2015/submissions/${JIAYUGUAN}/materials/${otherMaterial}`,
      `/api/cycles/2015/reviews/${JIAYUGUAN}`,
    ]) {
      const reply = await page.goto(path);
      expect(reply?.status(), path).to.equal(403);
      const text = (await reply?.text()) ?? '';
      expect(text, path).to.not.contain(SECRET_NOTE);
      expect(text, path).to.not.contain('嘉峪关市未公开');
      expect(text, path).to.not.contain('91.5');
      expect(JSON.parse(text).message, path).to.match(/[\u4e00-\u9fff]/);
    }
    const list = await page.goto('/api/cycles/2015/submissions');
    expect(JSON.parse((await list?.text()) ?? '[]').map((s: { unitCode: string }) => s.unitCode)).to.deep.equal([LANZHOU]);

    for (const path of [`/review/${JIAYUGUAN}`, '/progress', `/runs/2015-1/units/${JIAYUGUAN}`, '/runs']) {
      await page.goto(path);
      await page.waitForURL(/\/home$/);
      await page.getByRole('heading', { name: /2015 年度质量工作考核 · 兰州市/ }).waitFor();
      expect(await page.locator('body').innerText(), path).to.not.contain('嘉峪关');
    }
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.deep.equal(['首页', '填报', '考核成绩单']);
  });

  it('reads its scorecard after the examiner finalises (and before, a clear empty state)', async () => {
    await page.getByRole('menuitem', { name: '考核成绩单' }).click();
    await page.waitForURL(/\/scorecard$/);
    expect(await page.getByTestId('scorecard-empty').innerText()).to.contain('尚未定稿');
    await checkPage(page, '考核成绩单（尚未定稿）');

    // The year goes on through the API: 兰州市 submits; twelve other units submit the demo evidence (嘉峪关市 stays a draft);
    // the examiner adjusts 兰州市's G10.1 with a justification, runs and finalises; the evaluator disagrees with G10.1.
    const { city, examiner, auditor } = h.service.users;
    const submitted = await h.service.request('POST', `${SUBMISSION}/submit`, { user: city, headers: { 'if-match': '"4"' }, body: {} });
    expect(submitted.status, submitted.text).to.equal(200);
    const units = (await h.service.request('GET', '/api/units', { user: examiner })).body as { code: string }[];
    for (const u of units) if (u.code !== LANZHOU && u.code !== JIAYUGUAN) await submitSeedWithReview(h.service, u.code);
    const review = await h.service.request('PUT', `/api/cycles/2015/reviews/${LANZHOU}`, {
      user: examiner,
      body: {
        items: {
          'G10.1': { finding: '抽查 5 个新开工项目，1 个未办理质量监督登记', adjustment: { score: 2, justification: '现场核查覆盖率为 80%，按细则酌减' } },
        },
      },
    });
    expect(review.status, review.text).to.equal(201);
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: examiner });
    expect(run.status, run.text).to.equal(201);
    const runId = run.body.runId as string;
    const final = await h.service.request('POST', `/api/cycles/2015/runs/${runId}/finalize`, { user: examiner, body: { version: 1 } });
    expect(final.status, final.text).to.equal(200);
    const note = await h.service.request('POST', `/api/cycles/2015/units/${LANZHOU}/notes`, {
      user: auditor,
      body: { itemCode: 'G10.1', runId, verdict: 'disagree', reason: '抽查样本仅 5 个项目，调整依据不足' },
    });
    expect(note.status, note.text).to.equal(201);
    const results = (await h.service.request('GET', `/api/cycles/2015/runs/${runId}`, { user: examiner })).body;
    const own = results.units.find((u: { code: string }) => u.code === LANZHOU);

    await page.reload();
    await page.getByRole('heading', { name: '2015 年度考核成绩单 · 兰州市' }).waitFor();
    expect(await page.getByTestId('scorecard-total').innerText()).to.equal(own.total.toFixed(2));
    const rank = await page.getByTestId('scorecard-rank').innerText();
    expect(rank).to.contain(`第 ${own.rank} 名`);
    expect(rank).to.contain('共 14 个单位');
    expect(await page.getByTestId('scorecard-grade').innerText()).to.equal(own.grade);
    // few answers against twelve units' full evidence: among the last three, with what that obliges
    expect(own.flags.map((f: { label: string }) => f.label)).to.deep.equal(['后三位']);
    expect(await page.getByTestId('scorecard-flag').innerText()).to.contain('后三位：考核结果公布后一个月内向省政府作出书面报告');

    const g101 = own.items.find((i: { code: string }) => i.code === 'G10.1');
    const section = own.sections.find((s: { code: string }) => s.code === g101.section);
    expect(await page.getByTestId(`subtotal-${section.code}`).innerText()).to.equal(`${section.score.toFixed(2)} / ${section.max.toFixed(2)}`);
    const row = page.locator(`tr[data-item="G10.1"]`);
    expect(await page.getByTestId('score-G10.1').innerText()).to.equal('2.00');
    expect(await row.innerText()).to.contain('已调整');
    expect(await row.innerText()).to.contain('考核组核查：抽查 5 个新开工项目');
    await page.getByRole('button', { name: '查看 G10.1 的计算说明' }).click();
    const explanation = await page.getByTestId('scorecard-explain-G10.1').innerText();
    expect(explanation).to.contain('考核组调整：2.3 → 2 分');
    expect(explanation).to.contain('得分：2.00 分');
    expect(explanation).to.contain('自评分 2.50 分');
    expect(await page.getByRole('button', { name: '收起 G10.1 的计算说明' }).getAttribute('aria-expanded')).to.equal('true');

    expect(await page.getByTestId('scorecard-headroom').locator('.el-table__body tr').count()).to.equal(own.sections.length + (own.deductions === 0 ? 0 : 1));
    const notes = await page.getByTestId('scorecard-notes').innerText();
    expect(notes).to.contain('不同意');
    expect(notes).to.contain('抽查样本仅 5 个项目，调整依据不足');

    const html = page.getByTestId('scorecard-html-link');
    expect(await html.getAttribute('href')).to.equal(`/api/cycles/2015/runs/${runId}/scorecards/${LANZHOU}.html`);
    const card = await page.request.get((await html.getAttribute('href')) ?? '');
    expect(card.status()).to.equal(200);
    expect(await card.text()).to.contain('兰州市');
    const bulletin = await page.request.get((await page.getByTestId('scorecard-bulletin-link').getAttribute('href')) ?? '');
    expect(bulletin.status()).to.equal(200);
    // the page itself shows nothing of another unit
    expect(await page.locator('section.scorecard').innerText()).to.not.contain('嘉峪关');

    await checkPage(page, '考核成绩单');
    await page.getByRole('button', { name: '收起 G10.1 的计算说明' }).click();
    await page.evaluate("document.querySelector('.workspace-main').scrollTo(0, 0)");
    await page.mouse.move(700, 740);
    await screenshot(page, 'web-city-scorecard.png');

    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('scorecard-page-link').click();
    await page.waitForURL(/\/scorecard$/);
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
