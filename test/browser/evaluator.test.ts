/**
 * The third-party evaluator's year (第三方评价机构): the cities submit and the examiner
 * reviews (with an adjustment), runs and finalises, all through the API; then the
 * evaluator signs in for the first time, reads the runs and the ranking without any of
 * the examiner's controls, opens 兰州市's detail and finds a checkpoint explained in the
 * very words the core's explainItem gives for that item's trace, writes a 不同意 note on
 * it (the empty reason refused at its field first), finds it on 评估意见, downloads the
 * audit bundle through the page, and `kaohe audit replay` accepts the bundle, note
 * included. An examiner sees the note read-only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { type ResultsV1, type Rubric, explainItem, parseRubric } from '../../src/core/index.js';
import { type EvidenceItemDocument, splitEvidence } from '../../src/records/index.js';
import { described, runKaohe, seedEvidence, useTempDirs } from '../support/cli.js';
import type { TestUser } from '../support/service.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const ITEM = 'G01.1';
const REASON = '抽查审批目录时发现权力清单未在政府网站公开，按细则不应得满分';
const UNIT_REASON = '总分与抽查的证据材料相符，排名依据充分';

describe('browser: the third-party evaluator reads a run, notes a checkpoint and replays the audit bundle', function () {
  this.timeout(180_000);
  const tempDir = useTempDirs();
  let h: WebHarness;
  let page: Page;
  let rubric: Rubric;
  let results: ResultsV1;

  /** A city's seed evidence submitted through the API, and the examiner's part of it saved as the review (with one adjustment on 兰州市). */
  async function submitAndReview(user: TestUser, unitCode: string, adjust: boolean): Promise<void> {
    const seed = JSON.parse(readFileSync(seedEvidence(unitCode), 'utf8')) as { selfTotal: number; items: Record<string, EvidenceItemDocument> };
    const { submitted, review } = splitEvidence(rubric, seed.items);
    const saved = await h.service.request('PUT', `/api/cycles/2015/submissions/${unitCode}`, {
      user,
      headers: { 'if-match': '"0"' },
      body: { items: submitted, selfTotal: seed.selfTotal },
    });
    expect(saved.status, saved.text).to.equal(200);
    const done = await h.service.request('POST', `/api/cycles/2015/submissions/${unitCode}/submit`, { user, headers: { 'if-match': '"1"' }, body: {} });
    expect(done.status, done.text).to.equal(200);
    const items = adjust
      ? {
          ...review,
          [ITEM]: { ...review[ITEM], finding: '审批目录已公布，权力清单仅在内网公开', adjustment: { score: 1, justification: '权力清单未向社会公开，酌减' } },
        }
      : review;
    const reviewed = await h.service.request('PUT', `/api/cycles/2015/reviews/${unitCode}`, { user: h.service.users.examiner, body: { items } });
    expect(reviewed.status, reviewed.text).to.equal(201);
  }

  before(async () => {
    h = await startWeb();
    const { examiner, city, otherCity } = h.service.users;
    const record = await h.service.request('GET', '/api/cycles/2015', { user: examiner });
    const published = await h.service.request('GET', `/api/rubrics/${encodeURIComponent(record.body.rubric)}`, { user: examiner });
    rubric = parseRubric(published.body.document);
    await submitAndReview(city, '620100', true);
    await submitAndReview(otherCity, '620200', false);
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: examiner, headers: { 'idempotency-key': 'evaluator-story-run-1' } });
    expect(run.status, run.text).to.equal(201);
    const final = await h.service.request('POST', `/api/cycles/2015/runs/${run.body.runId}/finalize`, {
      user: examiner,
      headers: { 'if-match': `"${run.body.version}"` },
    });
    expect(final.status, final.text).to.equal(200);
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('signs in for the first time and sees the runs and the ranking, without the examiner’s controls', async () => {
    await signInFirstTime(page, h.service.users.auditor);
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.include.members(['评分与排名', '评估意见']);
    expect(menu).to.not.include('审核评分');
    // and the review page is not reached by its address either
    await page.goto('/review/620100');
    await page.waitForURL(/\/progress$/);
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.getByRole('heading', { name: '2015 年度评分与排名' }).waitFor();
    const rows = page.getByTestId('ranking-table').locator('.el-table__body tr');
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(14);
    expect(await page.getByTestId('run-status').innerText()).to.equal('已定稿');
    expect(await page.getByRole('button', { name: '开始评分' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: '定稿' }).count()).to.equal(0);
    expect(await page.getByRole('link', { name: '下载审计包' }).isVisible()).to.equal(true);
    await checkPage(page, '评分与排名（第三方评价机构）');
  });

  it('opens 兰州市 from the ranking: total, rank, grade, and a checkpoint explained exactly as explainItem explains its trace', async () => {
    const reply = await h.service.request('GET', '/api/cycles/2015/runs/2015-1', { user: h.service.users.auditor });
    expect(reply.status, reply.text).to.equal(200);
    results = reply.body as ResultsV1;
    const lanzhou = results.units.find((u) => u.code === '620100');
    const item = lanzhou?.items.find((i) => i.code === ITEM);
    if (!lanzhou || !item) throw new Error('兰州市 or its checkpoint is missing from the results');

    await page.getByTestId('ranking-table').getByRole('link', { name: '兰州市', exact: true }).click();
    await page.waitForURL(/\/runs\/2015-1\/units\/620100$/);
    await page.getByRole('heading', { name: '兰州市 · 评分 2015-1 得分明细' }).waitFor();
    expect(await page.getByTestId('unit-total').innerText()).to.equal(lanzhou.total.toFixed(2));
    expect(await page.getByTestId('unit-rank').innerText()).to.equal(String(lanzhou.rank));
    expect(await page.getByTestId('unit-grade').innerText()).to.equal(lanzhou.grade);
    const subtotals = await page.getByTestId('section-subtotals').innerText();
    for (const s of lanzhou.sections) expect(subtotals).to.contain(s.score.toFixed(2));

    const card = page.locator(`[data-item="${ITEM}"]`);
    await card.waitFor();
    expect(await card.getByTestId(`points-${ITEM}`).innerText()).to.equal('1.00');
    expect(await card.getByText('已调整').count()).to.equal(1);
    expect(await card.getByTestId(`adjustment-${ITEM}`).innerText()).to.contain('权力清单未向社会公开，酌减');
    const expected = explainItem(rubric.items.get(ITEM)!, item, '兰州市', rubric.precision);
    expect(expected).to.contain('考核组调整');
    expect(await card.getByTestId(`explain-${ITEM}`).textContent()).to.equal(expected);
  });

  it('adds a 不同意 note on the checkpoint: the empty reason is refused at its field, then the note is listed beside it', async () => {
    const card = page.locator(`[data-item="${ITEM}"]`);
    await card.getByRole('button', { name: '填写意见' }).click();
    await card.locator('label.el-radio', { hasText: '不同意' }).click();
    expect(await card.getByRole('radio', { name: '不同意' }).isChecked()).to.equal(true);
    await card.getByRole('button', { name: '提交意见' }).click();
    const reasonItem = card.locator('.el-form-item', { has: page.getByLabel('理由') });
    await reasonItem.locator('.el-form-item__error').waitFor();
    expect(await reasonItem.locator('.el-form-item__error').innerText()).to.contain('不能为空');
    await page.mouse.move(1300, 740);
    await checkPage(page, '单位得分明细（理由为空）');

    await card.getByLabel('理由').fill(REASON);
    await card.getByRole('button', { name: '提交意见' }).click();
    await card.getByTestId('note-list').getByText(REASON).waitFor();
    expect(await card.getByTestId('note-list').innerText()).to.contain('不同意');
    expect(await card.getByRole('button', { name: '提交意见' }).count()).to.equal(0);

    // and one on the unit as a whole
    await page.getByRole('button', { name: '填写对本单位的意见' }).click();
    const unitNotes = page.locator('section.unit-notes');
    await unitNotes.locator('label.el-radio', { hasText: /^同意$/ }).click();
    await unitNotes.getByLabel('理由').fill(UNIT_REASON);
    await unitNotes.getByRole('button', { name: '提交意见' }).click();
    await unitNotes.getByTestId('note-list').getByText(UNIT_REASON).waitFor();
    expect(await unitNotes.getByRole('heading').innerText()).to.equal('对本单位的评估意见（1）');

    const notes = await h.service.request('GET', '/api/cycles/2015/notes?unit=620100', { user: h.service.users.auditor });
    expect(notes.body).to.have.length(2);
    expect(notes.body[0]).to.include({ itemCode: ITEM, runId: '2015-1', verdict: 'disagree', reason: REASON, by: h.service.users.auditor.username });
    expect(notes.body[1]).to.include({ runId: '2015-1', verdict: 'agree', reason: UNIT_REASON });
    expect(notes.body[1]).to.not.have.property('itemCode');
    await page.locator('.workspace-main').evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(1300, 740);
    await checkPage(page, '单位得分明细');
    await screenshot(page, 'web-evaluator-unit.png');
  });

  it('switches units with the keyboard', async () => {
    // The options are in ranking order, the open list starting at the unit shown.
    const order = results.units.map((u) => u.code);
    const steps = order.indexOf('620200') - order.indexOf('620100');
    await page.getByLabel('单位', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: /嘉峪关市/ }).waitFor();
    for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/units\/620200$/);
    await page.getByRole('heading', { name: '嘉峪关市 · 评分 2015-1 得分明细' }).waitFor();
    await page.getByRole('tab', { name: /一票否决/ }).click();
    const veto = results.units.find((u) => u.code === '620200')?.vetoes[0];
    const explained = page.locator(`[data-item="${veto?.code}"] pre.explain`);
    await explained.waitFor();
    expect(await explained.innerText()).to.contain('一票否决');
    await checkPage(page, '单位得分明细（一票否决）');
  });

  it('finds the note on 评估意见, filtered by unit and verdict, linking back to the checkpoint', async () => {
    await page.getByRole('menuitem', { name: '评估意见' }).click();
    await page.getByRole('heading', { name: '2015 年度评估意见' }).waitFor();
    const rows = page.getByTestId('notes-table').locator('.el-table__body tr');
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(2);
    const row = await rows.filter({ hasText: REASON }).innerText();
    for (const text of ['兰州市', ITEM, '2015-1', '不同意']) expect(row).to.contain(text);
    expect(await rows.filter({ hasText: UNIT_REASON }).innerText()).to.contain('整体');

    await page.getByTestId('notes-verdict-filter').click();
    await page.getByRole('option', { name: '不同意' }).click();
    await page.getByText('共 1 条').waitFor();
    expect(await rows.first().innerText()).to.contain(REASON);
    await page.getByTestId('notes-verdict-filter').click();
    await page.getByRole('option', { name: '全部', exact: true }).click();
    await page.getByTestId('notes-unit-filter').click();
    await page.getByRole('option', { name: '兰州市' }).click();
    await page.getByText('共 2 条').waitFor();
    await page.mouse.move(1300, 740);
    await checkPage(page, '评估意见');
    await screenshot(page, 'web-notes.png');

    await rows.filter({ hasText: REASON }).getByRole('link', { name: '查看兰州市明细' }).click();
    await page.waitForURL(/\/runs\/2015-1\/units\/620100\?item=G01\.1$/);
    await page.locator(`[data-item="${ITEM}"]`).getByText(REASON).waitFor();
  });

  it('downloads the audit bundle through the page; kaohe audit replay accepts it, and it carries the note', async () => {
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.getByTestId('ranking-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载审计包' }).click()]);
    const file = path.join(tempDir('evaluator-bundle'), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).to.match(/2015.*\.json$/);

    const replay = runKaohe(['audit', 'replay', file]);
    expect(replay.status, described(replay)).to.equal(0);
    expect(replay.stdout).to.contain('审计包复核通过');
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as { notes: { itemCode?: string; verdict: string; reason: string }[] };
    expect(bundle.notes.map((n) => ({ itemCode: n.itemCode, verdict: n.verdict, reason: n.reason }))).to.deep.equal([
      { itemCode: ITEM, verdict: 'disagree', reason: REASON },
      { itemCode: undefined, verdict: 'agree', reason: UNIT_REASON },
    ]);
    expectNoneFound();
  });

  it('an examiner sees the note beside the checkpoint, read-only', async () => {
    const examinerPage = await h.newPage();
    await signInFirstTime(examinerPage, h.service.users.examiner);
    await examinerPage.goto('/runs/2015-1/units/620100');
    const card = examinerPage.locator(`[data-item="${ITEM}"]`);
    await card.getByText(REASON).waitFor();
    expect(await examinerPage.getByRole('button', { name: /填写/ }).count()).to.equal(0);
    await examinerPage.getByText('评估意见由第三方评价机构填写，此处只读。').waitFor();
    expectNoPageErrors(h);
  });
});
