/**
 * The run page's 按市州分组: a province cycle over counties of 兰州市 and 白银市 and over
 * 嘉峪关市 (no counties; its own group). The examiner switches the ranking to the view by
 * city: one table per city, each county's rank there beside its overall rank, a tie inside
 * a city marked 并列. Evidence is the demo cities' seeds given to counties (the Gansu rubric
 * is written for cities; this only shows the grouping).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { splitEvidence } from '../../src/records/index.js';
import { gansuRubric, seedDocument, storeSubmission } from '../integration/review-run-support.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

/** Each county and the demo city whose evidence it submits; 西固区 and 安宁区 submit the same, so they tie. None: no evidence (0). */
const COUNTIES: readonly [code: string, seed: string | null][] = [
  ['620102', '620100'],
  ['620103', '620300'],
  ['620104', '620500'],
  ['620105', '620500'],
  ['620111', '620700'],
  ['620121', '620800'],
  ['620122', '620900'],
  ['620123', '621000'],
  ['620200', '620200'],
  ['620402', '620400'],
  ['620403', '620600'],
  ['620421', '621100'],
  ['620422', '621200'],
  ['620423', null],
];

interface Row {
  code: string;
  name: string;
  rank: number;
}

describe('browser: the run page’s ranking by city (按市州分组)', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  let overall: Row[] = [];

  before(async () => {
    h = await startWeb({ units: COUNTIES.map(([code]) => code) });
    const rubric = gansuRubric();
    for (const [code, seed] of COUNTIES) if (seed) await storeSubmission(h.service, code, splitEvidence(rubric, seedDocument(seed).items).submitted);
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(run.status, run.text).to.equal(201);
    overall = (await h.service.request('GET', `/api/cycles/2015/runs/${run.body.runId}/ranking`, { user: h.service.users.examiner })).body as Row[];
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('shows the overall ranking of the 14 units first, with a switch to the view by city', async () => {
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.getByTestId('ranking-table').waitFor();
    expect(await page.getByTestId('ranking-table').locator('tbody tr').count()).to.equal(14);
    const view = page.getByTestId('ranking-view');
    expect((await view.innerText()).replace(/\s+/g, ' ').trim()).to.equal('总排名 按市州分组');
    const header = (await page.getByTestId('ranking-table').locator('thead th').allInnerTexts()).map((t) => t.trim());
    expect(header.slice(0, 5)).to.deep.equal(['名次', '代码', '单位', '所属市州', '总分']);
    const first = (await page.getByTestId('ranking-table').locator('tbody tr').first().innerText()).split('\t').map((c) => c.trim());
    expect(first.slice(2, 4)).to.deep.equal(['城关区', '兰州市']);
  });

  it('按市州分组: one table per city, ranks from 1 in the overall order, in the tree’s order of cities (兰州市, 嘉峪关市, 白银市)', async () => {
    await page.getByText('按市州分组').click();
    const grouped = page.getByTestId('grouped-ranking');
    // The view shows a skeleton until its cities are read: under load the read outlasts the view's first frame.
    await grouped.locator('h3').first().waitFor();
    expect(await grouped.locator('h3').allInnerTexts()).to.deep.equal(['兰州市8 个单位', '嘉峪关市1 个单位', '白银市5 个单位']);
  });

  it('each city’s rows: rank in the city from 1, the overall rank as the ranking has it, 西固区 and 安宁区 tied in 兰州市, 嘉峪关市 alone', async () => {
    const rows = async (city: string) =>
      (await page.getByTestId(`group-${city}`).locator('tbody tr').allInnerTexts()).map((t) => {
        const cells = t.split('\t').map((c) => c.replace(/\s+/g, ''));
        return { inCity: cells[0] as string, name: cells[1] as string, rank: Number(cells[4]) };
      });
    const lanzhou = await rows('620100');
    expect(lanzhou.map((r) => r.name)).to.deep.equal(overall.filter((u) => u.code.startsWith('6201')).map((u) => u.name));
    expect(lanzhou.map((r) => r.rank)).to.deep.equal(overall.filter((u) => u.code.startsWith('6201')).map((u) => u.rank));
    expect(lanzhou[0]?.inCity).to.equal('1');
    const xigu = lanzhou.find((r) => r.name === '西固区');
    const anning = lanzhou.find((r) => r.name === '安宁区');
    expect(xigu?.inCity).to.match(/^\d+并列$/);
    expect(anning?.inCity).to.equal(xigu?.inCity);
    expect(await rows('620200')).to.deep.equal([{ inCity: '1', name: '嘉峪关市', rank: overall.find((u) => u.code === '620200')?.rank }]);
    const baiyin = await rows('620400');
    expect(baiyin.map((r) => r.inCity)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(baiyin.at(-1)?.name).to.equal('景泰县');
    await checkPage(page, '评分与排名（按市州分组）');
    await screenshot(page, 'web-run-groups.png');
    expectNoneFound();
    expectNoPageErrors(h);
  });

  it('总排名 brings the overall table back', async () => {
    await page.getByText('总排名').click();
    await page.getByTestId('ranking-table').waitFor();
    expect(await page.getByTestId('grouped-ranking').count()).to.equal(0);
  });
});
