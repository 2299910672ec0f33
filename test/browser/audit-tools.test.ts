/**
 * The evaluator's tools in the browser. Set up through the API: 兰州市 and 嘉峪关市
 * submit, the examiner runs (2015-1, finalised), reopens 嘉峪关市, which lowers its G10.1
 * coverage 100 → 99 and submits again, and runs again (2015-2). The examiner compares
 * the two runs and reads 嘉峪关市's changed checkpoint with its cause, 证据, in the words
 * `kaohe audit diff` prints; the evaluator draws a sampling plan (the field errors first),
 * downloads its CSV, identical to the API's bytes, and reads the audit trail filtered by
 * unit and kind. Each page is checked with axe and photographed.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BundleDiff } from '../../src/audit/index.js';
import { diffText } from '../../src/cli/diff-text.js';
import { useTempDirs } from '../support/cli.js';
import type { TestUser } from '../support/service.js';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const YEAR = 2015;
const DRAFT_SAVES = 110;

describe('browser: comparing runs, a sampling plan and the audit trail', function () {
  this.timeout(180_000);
  let h: WebHarness;
  const tempDir = useTempDirs();

  async function call(method: string, url: string, user: TestUser, body?: unknown, version?: number) {
    const reply = await h.service.request(method, url, {
      user,
      body: method === 'GET' ? undefined : (body ?? {}),
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
    });
    expect(reply.status, `${method} ${url}: ${reply.text}`).to.be.oneOf([200, 201]);
    return reply.body;
  }

  /** A unit's G10.1 coverage saved and submitted by its own clerk, from the version read. */
  async function submitCoverage(user: TestUser, unit: string, coverage: number, version: number): Promise<void> {
    const base = `/api/cycles/${YEAR}/submissions/${unit}`;
    const saved = await call('PUT', base, user, { items: { 'G10.1': { values: { supervisionCoverage: coverage }, selfScore: 2.5 } } }, version);
    await call('POST', `${base}/submit`, user, {}, saved.version);
  }

  before(async () => {
    h = await startWeb();
    const { city, otherCity, examiner } = h.service.users;
    // 兰州市 saves its draft 110 times: more entries than the audit page shows at once.
    for (let version = 0; version < DRAFT_SAVES; version++) {
      await call('PUT', `/api/cycles/${YEAR}/submissions/620100`, city, { items: { 'G10.1': { selfScore: version / 100 } } }, version);
    }
    await submitCoverage(city, '620100', 100, DRAFT_SAVES);
    await submitCoverage(otherCity, '620200', 100, 0);
    await call('POST', `/api/cycles/${YEAR}/runs`, examiner);
    await call('POST', `/api/cycles/${YEAR}/runs/${YEAR}-1/finalize`, examiner, {}, 1);
    const read = await call('GET', `/api/cycles/${YEAR}/submissions/620200`, examiner);
    const reopened = await call('POST', `/api/cycles/${YEAR}/submissions/620200/reopen`, examiner, { reason: '覆盖率须按最新台账填报' }, read.version);
    await submitCoverage(otherCity, '620200', 99, reopened.version);
    await call('POST', `/api/cycles/${YEAR}/runs`, examiner);
  });
  after(async () => {
    await h?.close();
  });

  describe('the examiner compares the two runs', () => {
    let page: Page;
    before(async () => {
      page = await h.newPage();
      await signInFirstTime(page, h.service.users.examiner);
    });

    it('opens 评分对比 from the menu on the two latest runs, 嘉峪关市 highlighted as changed', async () => {
      await page.getByRole('menuitem', { name: '评分对比' }).click();
      await page.waitForURL(/\/compare\?a=2015-1&b=2015-2$/);
      await page.getByTestId('compare-summary').getByText('1 个单位有变化').waitFor();
      const standings = page.getByTestId('compare-standings');
      const row = standings.locator('tbody tr', { hasText: '嘉峪关市（620200）' });
      expect(await row.innerText())
        .to.contain('有变化')
        .and.contain('→')
        .and.contain('−0.50');
      expect(await row.getAttribute('class')).to.contain('changed-row');
      expect(await standings.locator('tbody tr.changed-row').count()).to.equal(1);
    });

    it('lists G10.1 with its cause 证据, in the words kaohe audit diff prints for the same runs', async () => {
      const diff = (await call('GET', `/api/cycles/${YEAR}/runs/${YEAR}-1/compare/${YEAR}-2`, h.service.users.examiner)) as BundleDiff;
      const cli = diffText(diff, { a: `${YEAR}-1`, b: `${YEAR}-2` });
      const unit = page.getByTestId('compare-unit-620200');
      await unit.getByRole('heading', { name: '嘉峪关市（620200）' }).waitFor();
      const cells = (await unit.locator('tbody tr', { hasText: 'G10.1' }).locator('td').allInnerTexts()).map((t) => t.trim());
      expect(cells).to.deep.equal(['G10.1', '新开工大中型工程项目质量监督覆盖率', '考核要点', '2.50 → 2.00', '证据（“新开工大中型工程项目质量监督覆盖率”）']);
      // The CLI's row for G10.1 holds the same cells, in the same order.
      const line = cli.split('\n').find((l) => l.trim().startsWith('G10.1'));
      expect(line, cli).to.not.equal(undefined);
      expect(line?.trim().split(/\s{2,}/)).to.deep.equal(cells);
      expect(cli).to.contain('嘉峪关市（620200）');
      // Why its rank moved, in the CLI's words: it shared first place with 兰州市 and now follows it.
      const moves = cli
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.startsWith('名次'));
      expect(moves, cli).to.contain('兰州市（620100');
      expect(await unit.getByTestId('rank-moves').innerText()).to.equal(moves);
      // Only the changed units: the standing and its checkpoints on one screen.
      await page.getByTestId('only-changed').click();
      expect(await page.getByRole('switch', { name: '只看有变化的单位' }).isChecked()).to.equal(true);
      // The server filters: the other units leave when its page arrives.
      await page.getByTestId('compare-standings').locator('tbody tr').nth(1).waitFor({ state: 'detached' });
      expect(await page.getByTestId('compare-standings').locator('tbody tr').count()).to.equal(1);
      await page.mouse.move(0, 0);
      await checkPage(page, '评分对比');
      await screenshot(page, 'web-compare.png');
    });

    it('the runs are in the link: the same run twice says there is no difference', async () => {
      await page.goto('/compare?a=2015-2&b=2015-2');
      await page.getByTestId('compare-summary').getByText('A 与 B 是同一次评分，没有差异。').waitFor();
      expect(await page.getByTestId('compare-standings').locator('tbody tr.changed-row').count()).to.equal(0);
    });
  });

  describe('the evaluator draws a sampling plan and reads the audit trail', () => {
    let page: Page;
    before(async () => {
      page = await h.newPage();
      await signInFirstTime(page, h.service.users.auditor);
    });

    const fieldError = (label: string) => page.locator('.el-form-item', { has: page.getByText(label, { exact: true }) }).locator('.el-form-item__error');

    it('opens 抽样核查 on the finalised run with today’s date as the seed; bad fields are refused at the field', async () => {
      await page.getByRole('menuitem', { name: '抽样核查' }).click();
      await page.waitForURL(/\/sampling$/);
      await page.getByRole('heading', { name: '2015 年度抽样核查' }).waitFor();
      expect(await page.getByTestId('sample-run').innerText()).to.match(/^2015-1（已定稿/);
      expect(await page.getByLabel('随机种子').inputValue()).to.equal('20160115');
      await page.getByLabel('样本量（考核要点个数）').fill('2.5');
      await page.getByRole('button', { name: '抽样' }).click();
      await fieldError('样本量（考核要点个数）').getByText('样本量应为正整数（考核要点个数），例如 20').waitFor();
      await page.getByLabel('样本量（考核要点个数）').fill('10');
      await page.getByLabel('随机种子').fill('2'.repeat(65));
      await page.getByRole('button', { name: '抽样' }).click();
      await fieldError('随机种子').getByText('随机种子最长 64 个字符').waitFor();
      await fieldError('样本量（考核要点个数）').waitFor({ state: 'detached' });
      await page.mouse.move(0, 0);
      await checkPage(page, '抽样核查（有误）');
    });

    it('draws 10 checkpoints with their reasons, and the downloaded CSV is the API’s bytes', async () => {
      await page.getByLabel('随机种子').fill('20160115');
      await page.getByRole('button', { name: '抽样' }).click();
      await page.getByTestId('sample-summary').getByText('样本量 10，种子 20160115').waitFor();
      const table = page.getByTestId('sample-table');
      expect(await table.locator('tbody tr').count()).to.equal(10);
      expect(await table.locator('thead').innerText()).to.contain('抽样理由');
      expect(await table.locator('tbody tr').first().innerText()).to.match(/分值 \d+\.\d{2}/);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sample-download').click()]);
      expect(download.suggestedFilename()).to.equal('2015年度质量工作考核抽样复核（种子 20160115）.csv');
      const file = path.join(tempDir('sample-download'), 'plan.csv');
      await download.saveAs(file);
      const api = await fetch(`${h.service.url}/api/cycles/${YEAR}/runs/${YEAR}-1/sample.csv?size=10&seed=20160115`, {
        headers: { authorization: `Bearer ${h.service.users.auditor.token}` },
      });
      expect(api.status).to.equal(200);
      expect(readFileSync(file).equals(Buffer.from(await api.arrayBuffer()))).to.equal(true);
      await page.mouse.move(0, 0);
      await checkPage(page, '抽样核查');
      await screenshot(page, 'web-sampling.png');
    });

    it('reads the audit trail filtered by unit and kind: only 嘉峪关市’s 填报 entries, the filters in the link', async () => {
      await page.getByRole('menuitem', { name: '审计记录' }).click();
      await page.waitForURL(/\/audit$/);
      const table = page.getByTestId('audit-table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).to.be.greaterThan(8);
      await page.getByTestId('audit-unit').click();
      await page.getByRole('option', { name: '嘉峪关市（620200）' }).click();
      await page.waitForURL(/unit=620200/);
      await page.getByTestId('audit-kind').click();
      await page.getByRole('option', { name: '填报', exact: true }).click();
      await page.waitForURL(/\/audit\?unit=620200&kind=submission$/);
      const expected = (await call('GET', '/api/audit/events?unit=620200&kind=submission', h.service.users.auditor)) as { action: string }[];
      expect(expected.map((e) => e.action)).to.deep.equal([
        'submission.save',
        'submission.submit',
        'submission.reopen',
        'submission.save',
        'submission.submit',
      ]);
      await page.getByTestId('audit-count').getByText(`已显示 ${expected.length} 条`).waitFor();
      const actions = (await table.getByTestId('audit-action').allInnerTexts()).map((t) => t.trim());
      expect(actions).to.deep.equal(['保存填报', '提交', '退回重填', '保存填报', '提交']);
      for (const unit of await table.getByTestId('audit-unit-cell').allInnerTexts()) expect(unit.trim()).to.equal('嘉峪关市（620200）');
      const reopen = await table.locator('tbody tr', { hasText: '退回重填' }).innerText();
      expect(reopen).to.contain('examiner').and.contain('2016-01-15');

      // The link alone reproduces the filtered trail.
      const link = page.url();
      const other = await h.newPage();
      await signInFirstTime(other, h.service.users.admin);
      await other.goto(link);
      await other.getByTestId('audit-count').getByText(`已显示 ${expected.length} 条`).waitFor();
      expect((await other.getByTestId('audit-kind').innerText()).trim()).to.equal('填报');
      await other.close();

      await page.mouse.move(0, 0);
      await checkPage(page, '审计记录');
      await screenshot(page, 'web-audit.png');

      // And by user: the examiner's one entry among them.
      await page.getByLabel('操作人').fill('examiner');
      await page.getByLabel('操作人').press('Enter');
      await page.waitForURL(/actor=examiner/);
      await page.getByTestId('audit-count').getByText('已显示 1 条').waitFor();
      expect((await table.getByTestId('audit-action').allInnerTexts()).map((t) => t.trim())).to.deep.equal(['退回重填']);

      // A user name the API refuses is said at the field.
      await page.getByLabel('操作人').fill('x'.repeat(65));
      await page.getByLabel('操作人').press('Enter');
      await page.locator('#audit-actor-error').getByText('不能超过 64 个字符').waitFor();
      expect(await page.getByLabel('操作人').getAttribute('aria-invalid')).to.equal('true');
    });

    it('pages through 兰州市’s entries: 100 at a time, then 加载更多 brings the rest in order', async () => {
      await page.goto('/audit?unit=620100&kind=submission');
      const table = page.getByTestId('audit-table');
      await page.getByTestId('audit-count').getByText('已显示 100 条').waitFor();
      await page.getByRole('button', { name: '加载更多' }).click();
      const total = DRAFT_SAVES + 2;
      await page.getByTestId('audit-count').getByText(`已显示 ${total} 条`).waitFor();
      await page.getByText('已到最后一条').waitFor();
      const seqs = (await table.locator('tbody tr td:first-child').allInnerTexts()).map(Number);
      expect(seqs).to.have.length(total);
      expect([...seqs].sort((x, y) => x - y)).to.deep.equal(seqs);
      expect(new Set(seqs).size).to.equal(total);
    });

    it('no serious accessibility violation and no page error on any of the three pages', () => {
      expectNoneFound();
      expectNoPageErrors(h);
    });
  });
});
