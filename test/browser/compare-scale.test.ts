/**
 * 评分对比 at scale: two runs of a national cycle over 300 county-level units, the second
 * after ten late units submitted (their totals rise, and the ranks of many others move).
 * The examiner reads the counts of every change above the table, pages the units, finds a
 * unit on a later page by its code and keeps only the changed ones; the browser is sent a
 * page at a time, never the whole comparison. Screenshot at 1366×768.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { splitEvidence } from '../../src/records/index.js';
import { gansuRubric, storeSubmission } from '../integration/review-run-support.js';
import { storeCountyEvidence, treeCounties } from '../support/county-evidence.js';
import { checkPage } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const UNITS = 300;
const SEED = 23;
const late = (i: number) => i % 30 === 7;

interface Counts {
  units: number;
  changed: number;
  rankUp: number;
  rankDown: number;
  gradeChanged: number;
}

describe(`browser: comparing two runs of ${UNITS} units (counts of the changes, pages from the server, search, only the changed)`, function () {
  this.timeout(300_000);
  let h: WebHarness;
  let page: Page;
  let codes: string[] = [];
  let counts: Counts;
  /** The changed units' codes in code order, as the server pages them with ?changed=true. */
  let sortedChanged: string[] = [];
  /** Every response of the comparison the page asked for: their URLs and how many units each held. */
  const answers: { url: string; units: number }[] = [];
  const STANDING_ROWS = `document.querySelectorAll('[data-testid="compare-standings"] .el-table__body tr')`;
  const rows = () => page.getByTestId('compare-standings').locator('.el-table__body tr');

  before(async () => {
    const counties = treeCounties(UNITS);
    codes = counties.codes;
    h = await startWeb({ units: codes, unitTree: counties.unitTree });
    await storeCountyEvidence(h.service, codes, { seed: SEED, skip: late });
    const first = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(first.status, first.text).to.equal(201);
    // The late units submit what they would have: the same evidence storeCountyEvidence would have stored.
    const rubric = gansuRubric();
    const evidence = generateEvidence(rubric, UNITS, SEED);
    for (const [i, code] of codes.entries()) if (late(i)) await storeSubmission(h.service, code, splitEvidence(rubric, evidence[i]?.items ?? {}).submitted);
    const second = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(second.status, second.text).to.equal(201);
    const whole = await h.service.request('GET', '/api/cycles/2015/runs/2015-1/compare/2015-2/page?limit=1', { user: h.service.users.examiner });
    counts = whole.body.counts as Counts;
    const changed = await h.service.request('GET', '/api/cycles/2015/runs/2015-1/compare/2015-2/page?changed=true&limit=100', {
      user: h.service.users.examiner,
    });
    sortedChanged = (changed.body.units as { code: string }[]).map((u) => u.code);
    page = await h.newPage();
    page.on('response', async (response) => {
      if (!response.url().includes('/compare/')) return;
      const body = (await response.json().catch(() => null)) as { units?: unknown[] } | null;
      answers.push({ url: response.url(), units: body?.units?.length ?? 0 });
    });
  });
  after(async () => {
    await h?.close();
  });

  it('states how many units changed and how, over all of them, and shows the first 50 in code order', async () => {
    expect(counts.units).to.equal(UNITS);
    expect(counts.changed).to.be.greaterThan(UNITS / 30);
    await signInFirstTime(page, h.service.users.examiner);
    await page.goto('/compare?a=2015-1&b=2015-2');
    const summary = page.getByTestId('compare-summary');
    await summary.getByText(`${counts.changed} 个单位有变化`).waitFor();
    expect(await summary.innerText()).to.contain(`名次上升 ${counts.rankUp} 个，下降 ${counts.rankDown} 个，结果改变 ${counts.gradeChanged} 个`);
    await waitUntil(page, `${STANDING_ROWS}.length === 50`);
    expect(await rows().first().innerText()).to.contain(`（${[...codes].sort()[0]}）`);
    expect(await page.getByTestId('compare-pager').innerText()).to.contain(`共 ${UNITS} 条`);
  });

  it('pages from the server: page 3 holds the units 101 to 150 by code', async () => {
    await page.getByTestId('compare-pager').locator('.el-pager li', { hasText: /^3$/ }).click();
    const sorted = [...codes].sort();
    await waitUntil(page, `${STANDING_ROWS}[0]?.textContent.includes(${JSON.stringify(sorted[100])})`);
    expect(await rows().count()).to.equal(50);
    expect(await rows().last().innerText()).to.contain(sorted[149]!);
  });

  it('finds a unit by its code, and keeps only the changed units, counted', async () => {
    const lateCode = codes.find((_, i) => late(i) && i > 200)!;
    await page.getByTestId('compare-search').fill(lateCode);
    await page.getByTestId('compare-search').press('Enter');
    await waitUntil(page, `${STANDING_ROWS}.length === 1`);
    expect(await rows().first().innerText())
      .to.contain(`（${lateCode}）`)
      .and.contain('有变化');
    await page.getByTestId(`compare-unit-${lateCode}`).waitFor();
    await page.getByTestId('compare-search').fill('');
    await page.getByTestId('compare-search').press('Enter');
    await page.getByTestId('only-changed').click();
    await waitUntil(page, `${STANDING_ROWS}.length === ${Math.min(50, counts.changed)}`);
    expect(await page.getByTestId('compare-pager').innerText()).to.contain(`共 ${counts.changed} 条`);
    expect(await rows().allInnerTexts()).to.satisfy((texts: string[]) => texts.every((t) => t.includes('有变化')));
    await page.mouse.move(0, 0);
    await checkPage(page, '评分对比');
    await screenshot(page, 'web-compare-scale.png');
  });

  it('keeps the switch, the page size and the page in the address: a unit opened from page 2 and back returns to page 2; a reload too', async () => {
    const firstCode = async () => /（(\d{6})）/.exec(await rows().first().innerText())?.[1] ?? '';
    await page.waitForURL(/\/compare\?a=2015-1&b=2015-2&changed=true$/);
    await page.getByRole('combobox', { name: '每页' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '20 行' }).click();
    await waitUntil(page, `${STANDING_ROWS}.length === ${Math.min(20, counts.changed)}`);
    await page.getByTestId('compare-pager').locator('.el-pager li', { hasText: /^2$/ }).click();
    await page.waitForURL(/\/compare\?a=2015-1&b=2015-2&changed=true&page=2&size=20$/);
    await waitUntil(page, `${STANDING_ROWS}[0]?.textContent.includes(${JSON.stringify(sortedChanged[20])})`);
    const code = await firstCode();
    await rows().first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/2015-2/units/${code}$`));
    await page.getByRole('heading', { name: /评分 2015-2 得分明细/ }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/compare\?a=2015-1&b=2015-2&changed=true&page=2&size=20$/);
    await waitUntil(page, `${STANDING_ROWS}[0]?.textContent.includes(${JSON.stringify(code)})`);
    expect(await page.getByTestId('only-changed').getAttribute('class')).to.contain('is-checked');
    expect(await page.getByTestId('compare-pager').locator('.el-pager li.is-active').innerText()).to.equal('2');
    await page.reload();
    await waitUntil(page, `${STANDING_ROWS}[0]?.textContent.includes(${JSON.stringify(code)})`);
    expect(await rows().count()).to.equal(Math.min(20, counts.changed - 20));
  });

  it('keeps the search in the address, from the first page; a hand-edited address falls back to the first page of every unit', async () => {
    const lateCode = codes.find((_, i) => late(i) && i > 100)!;
    await page.getByTestId('compare-search').fill(lateCode);
    await page.getByTestId('compare-search').press('Enter');
    await page.waitForURL(new RegExp(`/compare\\?a=2015-1&b=2015-2&changed=true&q=${lateCode}&size=20$`));
    await waitUntil(page, `${STANDING_ROWS}.length === 1`);
    await page.reload();
    await waitUntil(page, `${STANDING_ROWS}.length === 1`);
    expect(await page.getByTestId('compare-search').inputValue()).to.equal(lateCode);
    expect(await page.getByTestId('compare-found').innerText()).to.contain(`“${lateCode}”：1 个单位`);
    await page.goto('/compare?a=2015-1&b=2015-2&changed=maybe&page=999&size=7');
    await waitUntil(page, `${STANDING_ROWS}.length === 50`);
    expect(await rows().first().innerText()).to.contain(`（${[...codes].sort()[0]}）`);
    await page.waitForURL(/\/compare\?a=2015-1&b=2015-2$/);
  });

  it('was never sent the whole comparison: every answer a page of at most 100 units', () => {
    expect(answers.length).to.be.greaterThan(3);
    expect(answers.every((a) => a.url.includes('/page?'))).to.equal(true);
    expect(Math.max(...answers.map((a) => a.units))).to.be.at.most(100);
  });

  it('raised no error in the page', () => {
    expectNoPageErrors(h);
  });
});
