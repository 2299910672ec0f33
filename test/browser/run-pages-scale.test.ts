/**
 * The run pages at scale: a national cycle over 300 county-level units of the country's
 * tree, each with generated evidence. The examiner finds a unit on a later page of the
 * ranking by searching its code, opens it, steps to the next and previous units, picks
 * another unit by typing in the picker, and reads the ranking by city a page of cities at
 * a time. The browser never receives the whole ranking. Screenshots at 1366×768.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { storeCountyEvidence, treeCounties } from '../support/county-evidence.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const UNITS = 300;

interface Row {
  code: string;
  name: string;
  rank: number;
}

describe(`browser: the run pages with ${UNITS} units (search, pages, the unit page’s neighbours, the view by city)`, function () {
  this.timeout(180_000);
  let h: WebHarness;
  let page: Page;
  let runId = '';
  let ranking: Row[] = [];
  /** The unit looked for: on the ranking's fifth page of 50. */
  let target: Row;
  let sortedCodes: string[] = [];
  /** The page of cities (20 a page) holding the target's city. */
  let cityPage = 0;
  const boardRows = () => page.getByTestId('progress-table').locator('.el-table__body tr');
  const BOARD_ROWS = `document.querySelectorAll('[data-testid="progress-table"] .el-table__body tr')`;
  const rows = () => page.getByTestId('ranking-table').locator('.el-table__body tr');

  before(async () => {
    const { codes, unitTree } = treeCounties(UNITS);
    h = await startWeb({ units: codes, unitTree });
    // One unit in ten has not filed (未填报).
    await storeCountyEvidence(h.service, codes, { seed: 19, skip: (i) => i % 10 === 3 });
    sortedCodes = [...codes].sort();
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: h.service.users.examiner });
    expect(run.status, run.text).to.equal(201);
    runId = run.body.runId;
    ranking = (await h.service.request('GET', `/api/cycles/2015/runs/${runId}/ranking`, { user: h.service.users.examiner })).body as Row[];
    target = ranking[212]!;
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it(`the progress board: ${UNITS} units a page of 50, the counts from the server, filtered by status and by city`, async () => {
    await signInFirstTime(page, h.service.users.examiner);
    await page.waitForURL(/\/progress$/);
    await boardRows().first().waitFor();
    expect(await boardRows().count()).to.equal(50);
    const counts = await page.getByTestId('counts').innerText();
    expect(counts)
      .to.contain(`共 ${UNITS} 个单位`)
      .and.contain(`未填报 ${UNITS / 10}`)
      .and.contain(`已提交 ${UNITS - UNITS / 10}`);
    await page.getByTestId('progress-pager').locator('.el-pager li', { hasText: /^2$/ }).click();
    await waitUntil(page, `${BOARD_ROWS}[0]?.textContent.includes(${JSON.stringify(sortedCodes[50])})`);
    const open = async (name: string) => {
      await page.getByRole('combobox', { name }).focus();
      await page.keyboard.press('Enter');
    };
    await open('状态');
    await page.getByRole('option', { name: '未填报' }).click();
    await waitUntil(page, `${BOARD_ROWS}.length === ${UNITS / 10}`);
    expect(await page.getByTestId('matching').innerText()).to.equal(`符合条件 ${UNITS / 10} 个`);
    await open('状态');
    await page.getByRole('option', { name: '全部' }).click();
    await waitUntil(page, `${BOARD_ROWS}.length === 50`);
    await open('所属市州');
    const firstCity = page.getByRole('option', { name: /（\d+）$/ }).first();
    const [cityName, cityUnits] = /^(.+)（(\d+)）$/.exec((await firstCity.innerText()).trim())!.slice(1);
    await firstCity.click();
    await waitUntil(page, `${BOARD_ROWS}.length === ${Number(cityUnits)}`);
    const cells = await page.locator('[data-testid="progress-table"] .el-table__body tr td:nth-child(3)').allInnerTexts();
    expect(new Set(cells.map((c) => c.trim()))).to.deep.equal(new Set([cityName]));
    await checkPage(page, `填报进度（${UNITS} 个单位，按市州筛选）`);
    await screenshot(page, 'web-progress-scale.png');
  });

  it('keeps the board’s filter and page in the address: 审核 a unit on page 4 and back returns to page 4; a hand-edited address falls back', async () => {
    await page.goto(`/progress?status=submitted&page=3`);
    await waitUntil(page, `${BOARD_ROWS}.length === 50`);
    expect(await page.getByTestId('matching').innerText()).to.equal(`符合条件 ${UNITS - UNITS / 10} 个`);
    const first = (await boardRows().first().innerText()).split('\t')[0]!.trim();
    await page.getByTestId('progress-pager').locator('.el-pager li', { hasText: /^4$/ }).click();
    await page.waitForURL(/\/progress\?status=submitted&page=4$/);
    const fourth = (await boardRows().first().innerText()).split('\t')[0]!.trim();
    expect(fourth).to.not.equal(first);
    await boardRows().first().getByRole('link', { name: /^审核/ }).click();
    await page.waitForURL(new RegExp(`/review/${fourth}$`));
    await page.goBack();
    await page.waitForURL(/\/progress\?status=submitted&page=4$/);
    await waitUntil(page, `${BOARD_ROWS}[0]?.textContent.includes(${JSON.stringify(fourth)})`);
    expect(await page.locator('.filter-select').innerText()).to.contain('已提交');
    await page.goto(`/progress?status=bogus&page=-2&sort=password`);
    await waitUntil(page, `${BOARD_ROWS}[0]?.textContent.includes(${JSON.stringify(sortedCodes[0])})`);
    expect(await boardRows().count()).to.equal(50);
    await page.waitForURL(/\/progress$/);
  });

  it(`shows the ranking a page of 50 at a time, with the count of all ${UNITS} units`, async () => {
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await rows().first().waitFor();
    expect(await rows().count()).to.equal(50);
    expect(await page.getByTestId('ranking-pager').innerText()).to.contain(`共 ${UNITS} 条`);
    const first = (await rows().first().innerText()).split('\t').map((c) => c.trim());
    expect(first.slice(0, 3)).to.deep.equal([String(ranking[0]?.rank), ranking[0]?.code, ranking[0]?.name]);
  });

  it('finds a unit on the fifth page by its code: the page opens with the unit’s row marked', async () => {
    await page.getByLabel('查找单位').click();
    await page.keyboard.type(target.code);
    const match = page.getByRole('option', { name: new RegExp(`${target.name}（${target.code}）`) });
    await match.click();
    const found = page.getByTestId('ranking-table').locator('tr.found-row');
    await found.waitFor();
    expect(
      (await found.innerText())
        .split('\t')
        .map((c) => c.trim())
        .slice(0, 3),
    ).to.deep.equal([String(target.rank), target.code, target.name]);
    expect(await page.getByTestId('ranking-pager').locator('.el-pager li.is-active').innerText()).to.equal('5');
    expect(await rows().first().innerText()).to.contain(ranking[200]?.code);
    await checkPage(page, `评分与排名（${UNITS} 个单位，查找）`);
    await screenshot(page, 'web-run-scale-ranking.png');
  });

  it('a search that matches nothing says so', async () => {
    await page.getByLabel('查找单位').click();
    await page.keyboard.type('不存在的县');
    await page.getByText('没有名称或代码相符的单位').waitFor();
    await page.keyboard.press('Escape');
  });

  it('opens the unit found: its rank among all units, then the next unit and back to it', async () => {
    await page.getByTestId('ranking-table').getByRole('link', { name: target.name, exact: true }).first().click();
    await page.getByRole('heading', { name: `${target.name} · 评分 ${runId} 得分明细` }).waitFor();
    expect(await page.getByTestId('unit-rank').innerText()).to.equal(String(target.rank));
    expect(await page.getByTestId('unit-summary').innerText()).to.contain(`/ ${UNITS}`);
    // The unit's address carries the ranking's place it was opened from, and so do its neighbours'.
    await page.waitForURL(new RegExp(`/units/${target.code}\\?page=5&unit=${target.code}$`));
    const next = ranking[213]!;
    await page.getByTestId('next-unit').click();
    await page.waitForURL(new RegExp(`/units/${next.code}\\?page=5&unit=${target.code}$`));
    await page.getByRole('heading', { name: `${next.name} · 评分 ${runId} 得分明细` }).waitFor();
    await page.getByTestId('previous-unit').click();
    await page.waitForURL(new RegExp(`/units/${target.code}\\?page=5&unit=${target.code}$`));
    await page.getByRole('heading', { name: `${target.name} · 评分 ${runId} 得分明细` }).waitFor();
    await checkPage(page, `单位得分明细（${UNITS} 个单位）`);
    await screenshot(page, 'web-run-scale-unit.png');
  });

  it('the first unit has no previous, the last no next; the picker finds a unit by typing its code', async () => {
    const last = ranking.at(-1)!;
    await page.getByLabel('单位', { exact: true }).click();
    await page.keyboard.type(last.code);
    await page.getByRole('option', { name: new RegExp(`^${last.name}（第 ${last.rank} 名）$`) }).click();
    await page.waitForURL(new RegExp(`/units/${last.code}\\?page=5&unit=${target.code}$`));
    await page.getByRole('heading', { name: `${last.name} · 评分 ${runId} 得分明细` }).waitFor();
    expect(await page.getByTestId('next-unit').isDisabled()).to.equal(true);
    expect(await page.getByTestId('previous-unit').isDisabled()).to.equal(false);
  });

  it('按市州分组: the first 20 cities, then the next 20 from the pager', async () => {
    await page.getByRole('link', { name: '返回评分与排名' }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=5&unit=${target.code}$`));
    await rows().first().waitFor();
    // From the ranking's first page, with no unit found.
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}$`));
    await page.getByText('按市州分组').click();
    const grouped = page.getByTestId('grouped-ranking');
    await grouped.locator('h3').first().waitFor();
    expect(await grouped.locator('h3').count()).to.equal(20);
    const pager = page.getByTestId('groups-pager');
    const cities = Number(/共 (\d+) 条/.exec(await pager.innerText())?.[1]);
    expect(cities).to.be.greaterThan(20);
    const firstCity = await grouped.locator('h3').first().innerText();
    await pager.locator('.el-pager li', { hasText: /^2$/ }).click();
    await waitUntil(page, `document.querySelector('[data-testid="grouped-ranking"] h3')?.textContent !== ${JSON.stringify(firstCity)}`);
    expect(await grouped.locator('h3').count()).to.equal(Math.min(20, cities - 20));
    await checkPage(page, `评分与排名（${UNITS} 个单位，按市州分组）`);
    await screenshot(page, 'web-run-scale-groups.png');
    expectNoneFound();
    expectNoPageErrors(h);
  });

  it('按市州分组 finds a unit too: its city’s page of cities opens with its row marked, the ranking’s page moves with it, another page of cities clears the search', async () => {
    const search = page.getByTestId('ranking-search');
    const grouped = page.getByTestId('grouped-ranking');
    const groupsPager = page.getByTestId('groups-pager');
    const city = (
      (await h.service.request('GET', `/api/cycles/2015/runs/${runId}/ranking/page?q=${target.code}`, { user: h.service.users.examiner })).body as {
        rows: { group: { name: string; position: number } }[];
      }
    ).rows[0]!.group;
    cityPage = Math.floor(city.position / 20) + 1;
    // Shown: the second page of cities, from the story before.
    expect(await groupsPager.locator('.el-pager li.is-active').innerText()).to.equal('2');
    await page.getByLabel('查找单位').click();
    await page.keyboard.type(target.code);
    await page.getByRole('option', { name: new RegExp(`${target.name}（${target.code}）`) }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&view=groups${cityPage > 1 ? `&groupPage=${cityPage}` : ''}&page=5&unit=${target.code}$`));
    const marked = grouped.locator('tr.found-row');
    await marked.waitFor();
    expect(await marked.innerText()).to.contain(target.name);
    expect(
      await grouped
        .getByRole('region', { name: `${city.name}的排名` })
        .locator('tr.found-row')
        .count(),
    ).to.equal(1);
    expect(await groupsPager.locator('.el-pager li.is-active').innerText()).to.equal(String(cityPage));
    expect((await search.innerText()).trim()).to.equal(`${target.name}（${target.code}）第 ${target.rank} 名`);
    await checkPage(page, `评分与排名（${UNITS} 个单位，按市州分组查找）`);
    await screenshot(page, 'web-run-scale-groups-found.png');

    // 总排名 shows the same unit marked on its page; back to the view by city, the same city's page.
    await page.getByText('总排名').click();
    await page.getByTestId('ranking-table').locator('tr.found-row').waitFor();
    expect(await page.getByTestId('ranking-pager').locator('.el-pager li.is-active').innerText()).to.equal('5');
    await page.getByText('按市州分组').click();
    await marked.waitFor();
    expect(await groupsPager.locator('.el-pager li.is-active').innerText()).to.equal(String(cityPage));

    // Another page of cities no longer shows the unit: the search is cleared, as another page of the ranking clears it.
    const other = cityPage === 1 ? 2 : 1;
    await groupsPager.locator('.el-pager li', { hasText: new RegExp(`^${other}$`) }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&view=groups${other > 1 ? `&groupPage=${other}` : ''}&page=5$`));
    expect(await grouped.locator('tr.found-row').count()).to.equal(0);
    expect((await search.innerText()).trim()).to.equal('名称或代码，如 城关 或 6201');
    expectNoPageErrors(h);
  });

  it('keeps the ranking’s run, page and found unit in the address: a unit opened from page 5 and back (the browser’s or 返回评分与排名) returns to page 5; a reload too', async () => {
    const firstOf = async () => (await rows().first().innerText()).split('\t')[1]!.trim();
    const pager = page.getByTestId('ranking-pager');
    await page.goto(`/runs?run=${runId}&page=4`);
    await waitUntil(
      page,
      `document.querySelector('[data-testid="ranking-table"] .el-table__body tr')?.textContent.includes(${JSON.stringify(ranking[150]!.code)})`,
    );
    expect(await pager.locator('.el-pager li.is-active').innerText()).to.equal('4');
    await pager.locator('.el-pager li', { hasText: /^5$/ }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=5$`));
    expect(await firstOf()).to.equal(ranking[200]!.code);
    await rows().first().getByRole('link', { name: ranking[200]!.name, exact: true }).click();
    await page.waitForURL(new RegExp(`/units/${ranking[200]!.code}\\?page=5$`));
    await page.goBack();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=5$`));
    await waitUntil(
      page,
      `document.querySelector('[data-testid="ranking-table"] .el-table__body tr')?.textContent.includes(${JSON.stringify(ranking[200]!.code)})`,
    );
    expect(await pager.locator('.el-pager li.is-active').innerText()).to.equal('5');

    // The unit found by the search is marked on its page, after 返回评分与排名 and after a reload.
    await page.getByLabel('查找单位').click();
    await page.keyboard.type(target.code);
    await page.getByRole('option', { name: new RegExp(`${target.name}（${target.code}）`) }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=5&unit=${target.code}$`));
    await page.getByTestId('ranking-table').getByRole('link', { name: target.name, exact: true }).first().click();
    await page.getByRole('heading', { name: `${target.name} · 评分 ${runId} 得分明细` }).waitFor();
    // The unit's page as a shared link: opened afresh (nothing kept in the browser), it still returns to page 5 with the unit marked.
    const shared = page.url();
    expect(new URL(shared).search).to.equal(`?page=5&unit=${target.code}`);
    await page.goto(shared);
    await page.getByRole('heading', { name: `${target.name} · 评分 ${runId} 得分明细` }).waitFor();
    await page.getByRole('link', { name: '返回评分与排名' }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=5&unit=${target.code}$`));
    const found = page.getByTestId('ranking-table').locator('tr.found-row');
    await found.waitFor();
    expect(await found.innerText()).to.contain(target.code);
    await page.reload();
    await found.waitFor();
    expect(await found.innerText()).to.contain(target.code);
    expect(await pager.locator('.el-pager li.is-active').innerText()).to.equal('5');
  });

  it('keeps the page size and the page of cities in the address; a hand-edited address falls back to the run’s first page', async () => {
    const open = async (name: string) => {
      await page.getByRole('combobox', { name }).focus();
      await page.keyboard.press('Enter');
    };
    await open('每页');
    await page.getByRole('option', { name: '100 行' }).click();
    // The first row shown (the 201st) stays on the page shown: the third of 100.
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&page=3&size=100&unit=${target.code}$`));
    await waitUntil(page, `document.querySelectorAll('[data-testid="ranking-table"] .el-table__body tr').length === 100`);
    await page.getByText('按市州分组').click();
    const groupsPager = page.getByTestId('groups-pager');
    await groupsPager.locator('.el-pager li', { hasText: /^2$/ }).click();
    // The unit found stays found only when its city is on that page of cities.
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&view=groups&groupPage=2&page=3&size=100${cityPage === 2 ? `&unit=${target.code}` : ''}$`));
    const grouped = page.getByTestId('grouped-ranking');
    const city = await grouped.locator('h3').first().innerText();
    await grouped.getByRole('link').first().click();
    await page.waitForURL(/\/units\/\d{6}\?view=groups&groupPage=2&page=3&size=100/);
    await page.goBack();
    await grouped.locator('h3').first().waitFor();
    expect(await grouped.locator('h3').first().innerText()).to.equal(city);
    expect(await groupsPager.locator('.el-pager li.is-active').innerText()).to.equal('2');

    // 评分与排名 in the menu, on the page already shown, opens it afresh: the first page of 50 by rank.
    await page.getByRole('menuitem', { name: '评分与排名' }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}$`));
    await waitUntil(page, `document.querySelectorAll('[data-testid="ranking-table"] .el-table__body tr').length === 50`);
    expect(await rows().first().innerText()).to.contain(ranking[0]!.code);

    // An address whose page of cities does not hold the unit found's city (hand-edited): the view by city opens at its city.
    const otherPage = cityPage === 1 ? 2 : 1;
    await page.goto(`/runs?run=${runId}&view=groups&groupPage=${otherPage}&page=5&unit=${target.code}`);
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}&view=groups${cityPage > 1 ? `&groupPage=${cityPage}` : ''}&page=5&unit=${target.code}$`));
    await page.getByTestId('grouped-ranking').locator('tr.found-row').waitFor();
    expect(await page.getByTestId('grouped-ranking').locator('tr.found-row').innerText()).to.contain(target.name);

    // A unit's page whose address carries a hand-edited place returns to the run's first page.
    await page.goto(`/runs/${runId}/units/${target.code}?page=-2&size=7&unit=abc&view=bogus&groupPage=x&run=9999-1`);
    await page.getByRole('link', { name: '返回评分与排名' }).click();
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}$`));

    await page.goto('/runs?run=9999-1&page=-2&size=7&unit=abc&view=bogus&groupPage=x');
    await page.waitForURL(new RegExp(`/runs\\?run=${runId}$`));
    await waitUntil(page, `document.querySelectorAll('[data-testid="ranking-table"] .el-table__body tr').length === 50`);
    expect(await rows().first().innerText()).to.contain(ranking[0]!.code);
    expectNoPageErrors(h);
  });
});
