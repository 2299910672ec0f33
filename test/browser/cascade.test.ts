/**
 * The cascade in the browser: beside the province's 2015 cycle over its cities, 兰州市
 * runs its own 2015 cycle over its 8 counties on its own rubric (rubrics/lanzhou-2015.json).
 * A county's clerk lands on its unit's page of 兰州市's cycle; 兰州市's examiner sees its
 * 8 counties and nothing of the province's cycle; a provincial examiner switches between
 * both cycles in the header.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { contentHash } from '../../src/core/index.js';
import { DEADLINE } from '../support/cycle-fixtures.js';
import type { TestUser } from '../support/service.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const LANZHOU_HASH = contentHash(JSON.parse(readFileSync(path.join(process.cwd(), 'rubrics', 'lanzhou-2015.json'), 'utf8')) as unknown);
const COUNTIES = ['城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县'];

describe('browser: the cascade — the province’s cycle and 兰州市’s over its counties', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let cityExaminer: TestUser;
  let clerk: TestUser;

  async function newUser(username: string, role: string, unitCode: string): Promise<TestUser> {
    const made = await h.service.request('POST', '/api/users', { user: h.service.users.admin, body: { username, role, unitCode } });
    expect(made.status, made.text).to.equal(201);
    return { username, role, unitCode, password: made.body.password, token: '' } as TestUser;
  }

  /** The unit names of the progress board's rows. */
  const ROWS = `document.querySelectorAll('[data-testid="progress-table"] .el-table__body tr')`;
  const boardUnits = (page: Page) => page.locator('[data-testid="progress-table"] .el-table__body tr td:nth-child(2)').allTextContents();

  before(async () => {
    h = await startWeb();
    cityExaminer = await newUser('lanzhou-examiner', 'examiner', '620100');
    const { token } = (await h.service.request('POST', '/api/session', { body: { username: cityExaminer.username, password: cityExaminer.password } })).body;
    const created = await h.service.request('POST', '/api/cycles', {
      user: { ...cityExaminer, token },
      body: { year: 2015, rubric: LANZHOU_HASH, deadline: DEADLINE },
    });
    expect(created.status, created.text).to.equal(201);
    clerk = await newUser('chengguan', 'city', '620102');
  });
  after(async () => {
    await h?.close();
  });

  it('a county’s clerk lands on its unit’s page of 兰州市’s cycle, with no other cycle to choose', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, clerk);
    await page.getByRole('heading', { name: '2015 年度兰州市质量工作考核 · 城关区' }).waitFor();
    expect(await page.locator('[data-testid="cycle-picker"]').count()).to.equal(0);
    // Named by its unit's level, not by the role it shares with the cities' clerks.
    expect(await page.locator('.workspace-header').innerText())
      .to.contain('县区填报人员')
      .and.not.contain('市州');
    await checkPage(page, '县区首页（兰州市的考核）');
    expectNoneFound();
    await screenshot(page, 'web-cascade-county.png');
  });

  it('兰州市’s examiner sees its 8 counties and nothing of the province’s cycle', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, cityExaminer);
    await page.getByRole('heading', { name: '2015 年度兰州市填报进度' }).waitFor();
    await waitUntil(page, `${ROWS}.length === 8`);
    expect((await boardUnits(page)).map((t) => t.trim())).to.have.members(COUNTIES);
    expect(await page.locator('[data-testid="cycle-picker"]').count()).to.equal(0);
    await screenshot(page, 'web-cascade-city-examiner.png');
  });

  it('a provincial examiner opens on the province’s cycle and switches to 兰州市’s in the header', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, h.service.users.examiner);
    await page.getByRole('heading', { name: '2015 年度填报进度' }).waitFor();
    await waitUntil(page, `${ROWS}.length === 14`);
    const picker = page.locator('[data-testid="cycle-picker"]');
    await picker.click();
    const lanzhou = page.getByRole('option', { name: '2015 年度 · 兰州市' });
    await lanzhou.waitFor();
    expect((await page.getByRole('option').allTextContents()).map((t) => t.trim())).to.deep.equal(['2015 年度 · 甘肃省', '2015 年度 · 兰州市']);
    await screenshot(page, 'web-cascade-picker.png');
    await lanzhou.click();
    await page.getByRole('heading', { name: '2015 年度兰州市填报进度' }).waitFor();
    await waitUntil(page, `${ROWS}.length === 8`);
    expect((await boardUnits(page)).map((t) => t.trim())).to.have.members(COUNTIES);
    expectNoPageErrors(h);
  });
});
