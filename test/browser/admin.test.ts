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
  let clerkPage: Page;
  let clerkPassword = '';

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
    // Both published versions of the Gansu rubric are listed (1.0.0 and 1.1.0).
    await list.getByText('gansu-2015').first().waitFor();
    expect(await list.getByText('gansu-2015').count()).to.equal(2);
    expect(await list.innerText()).to.contain('已发布');
    expect(await page.getByTestId('rubric-drop-zone').innerText()).to.match(/只接受 \.json 文件.*不超过 2\.0 MB/s);
    await checkPage(page, '考核细则');
  });

  it('uploads a broken rubric and sees every lint problem at its JSON path, with the file there', async () => {
    await uploadRubric(page, { name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "kaohe": "rubric/v1",\n  "id": oops\n}\n') });
    await page.getByTestId('rubric-upload-error').getByText('typo.json：文件不是有效的 JSON：第 3 行第 9 列').waitFor();
    expect(await page.getByTestId('lint-problems').count()).to.equal(0);
    await uploadRubric(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('{}') });
    await page.getByTestId('rubric-upload-error').getByText('只接受 .json 格式的考核细则文件').waitFor();

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
      .and.contain('3 个问题');
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
    const row = page.getByTestId('rubric-list').locator('tbody tr', { hasText: 'gansu-2015' }).filter({ hasText: '1.0.1' });
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
    const row = page.getByTestId('rubric-list').locator('tbody tr', { hasText: 'gansu-2015' }).filter({ hasText: '1.0.1' });
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

  it('lists the users with role and unit in Chinese, filtered by name or unit', async () => {
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.waitForURL(/\/users$/);
    const list = page.getByTestId('user-list');
    await list.getByText('otherCity', { exact: false }).or(list.getByText('嘉峪关市')).first().waitFor();
    const text = await list.innerText();
    expect(text).to.contain('考核组').and.contain('管理员').and.contain('第三方评价机构').and.contain('市州填报人员');
    expect(text).to.contain('兰州市').and.contain('嘉峪关市').and.contain('（本人）');
    await page.getByLabel('搜索').fill('兰州');
    expect(await list.locator('tbody tr').count()).to.equal(1);
    await page.getByLabel('搜索').fill('');
    await checkPage(page, '用户管理');
  });

  it('creates a city user for 嘉峪关市: each refusal at its field, then the one-time password shown once', async () => {
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill(h.service.users.examiner.username);
    await dialog.getByRole('radio', { name: '单位填报人员' }).check({ force: true });
    await dialog.getByRole('button', { name: '创建用户' }).click();
    const unitItem = dialog.locator('.el-form-item', { has: page.getByText('所属单位', { exact: true }) });
    expect(await unitItem.locator('.el-form-item__error').innerText()).to.equal('单位填报人员须指定所属单位');
    await dialog.getByLabel('所属单位').click();
    await page.getByRole('option', { name: '嘉峪关市（620200）' }).click();
    await dialog.getByRole('button', { name: '创建用户' }).click();
    const nameItem = dialog.locator('.el-form-item', { has: page.getByText('用户名', { exact: true }) });
    await nameItem.locator('.el-form-item__error').getByText(`用户 ${h.service.users.examiner.username} 已存在`).waitFor();
    await page.mouse.move(0, 0);
    await checkPage(page, '新建用户（有误）');
    await dialog.getByLabel('用户名').fill('jyg-clerk');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    const secret = page.getByTestId('one-time-password');
    await secret.waitFor();
    clerkPassword = (await secret.innerText()).trim();
    expect(clerkPassword.length).to.be.greaterThan(9);
    expect(await page.getByTestId('one-time-password-dialog').innerText())
      .to.contain('只显示这一次')
      .and.contain('下次登录时须先修改');
    await checkPage(page, '初始密码');
    await page.getByRole('button', { name: '我已记下，关闭' }).click();
    await secret.waitFor({ state: 'detached' });
    const row = page.getByTestId('user-list').locator('tbody tr', { hasText: 'jyg-clerk' });
    expect(await row.innerText())
      .to.contain('市州填报人员')
      .and.contain('嘉峪关市')
      .and.contain('启用')
      .and.contain('是（尚未修改）');
    await page.mouse.move(0, 0);
    await screenshot(page, 'web-users.png');
    // The filter names the role the rows name by their unit's level (市州填报人员, 县区填报人员).
    await page.locator('.role-filter').click();
    await page.getByRole('option', { name: '单位填报人员（市州、县区）' }).click();
    const rows = page.getByTestId('user-list').locator('tbody tr');
    await rows.first().getByText('填报人员').waitFor();
    for (const text of await rows.allInnerTexts()) expect(text).to.match(/(市州|县区)填报人员/);
    await page.locator('.role-filter').click();
    await page.getByRole('option', { name: '全部角色' }).click();
  });

  it('the new user signs in with the shown password and must change it first', async () => {
    clerkPage = await h.newPage();
    await signInFirstTime(clerkPage, { username: 'jyg-clerk', password: clerkPassword, token: '', role: 'city', unitCode: '620200' });
    await clerkPage.waitForURL(/\/home$/);
    await clerkPage.getByTestId('user-unit').getByText('嘉峪关市').waitFor();
    await page.reload();
    const row = page.getByTestId('user-list').locator('tbody tr', { hasText: 'jyg-clerk' });
    await row.getByText('否', { exact: true }).waitFor();
  });

  it('disables the user through a confirmation: their session ends and their next sign-in is refused', async () => {
    const row = page.getByTestId('user-list').locator('tbody tr', { hasText: 'jyg-clerk' });
    await row.getByRole('button', { name: '停用 jyg-clerk' }).click();
    const box = page.getByRole('dialog', { name: '停用用户' });
    expect(await box.innerText())
      .to.contain('不能再登录')
      .and.contain('随即失效');
    await box.getByRole('button', { name: '停用' }).click();
    await row.getByTestId('user-status').getByText('停用').waitFor();
    await clerkPage.reload();
    await clerkPage.waitForURL(/\/sign-in/);
    await clerkPage.getByLabel('用户名').fill('jyg-clerk');
    await clerkPage.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await clerkPage.getByRole('button', { name: '登录' }).click();
    await clerkPage.getByTestId('sign-in-error').getByText('此账号已停用，请联系管理员').waitFor();
  });

  it('enables the user and resets the password: the new one is shown once and must be changed at sign-in', async () => {
    const row = page.getByTestId('user-list').locator('tbody tr', { hasText: 'jyg-clerk' });
    await row.getByRole('button', { name: '启用 jyg-clerk' }).click();
    await page.getByRole('dialog', { name: '启用用户' }).getByRole('button', { name: '启用' }).click();
    await row.getByTestId('user-status').getByText('启用').waitFor();
    await row.getByRole('button', { name: '重置密码 jyg-clerk' }).click();
    const box = page.getByRole('dialog', { name: '重置密码' });
    expect(await box.innerText()).to.contain('下次登录时须修改密码');
    await box.getByRole('button', { name: '重置密码' }).click();
    const secret = page.getByTestId('one-time-password');
    await secret.waitFor();
    const temporary = (await secret.innerText()).trim();
    expect(temporary).to.not.equal(clerkPassword);
    await page.getByRole('button', { name: '我已记下，关闭' }).click();
    await row.getByText('是（尚未修改）').waitFor();

    await clerkPage.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await clerkPage.getByRole('button', { name: '登录' }).click();
    await clerkPage.getByTestId('sign-in-error').getByText('用户名或密码不正确').waitFor();
    await clerkPage.getByLabel('密码', { exact: true }).fill(temporary);
    await clerkPage.getByRole('button', { name: '登录' }).click();
    await clerkPage.waitForURL(/\/change-password/);
    await clerkPage.getByText('首次登录须修改密码后才能继续使用').waitFor();
  });

  it('changes the role and unit: an examiner has no unit', async () => {
    const row = page.getByTestId('user-list').locator('tbody tr', { hasText: 'jyg-clerk' });
    await row.getByRole('button', { name: '修改角色与单位 jyg-clerk' }).click();
    const dialog = page.getByRole('dialog', { name: '修改角色与单位：jyg-clerk' });
    expect(await dialog.innerText()).to.contain('嘉峪关市（620200）');
    await checkPage(page, '修改角色与单位');
    await dialog.getByRole('radio', { name: '考核组' }).check({ force: true });
    expect(await dialog.getByLabel('所属单位').count()).to.equal(0);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.innerText())
      .to.contain('考核组')
      .and.not.contain('嘉峪关市');
    const stored = await h.service.request('GET', '/api/users', { user: h.service.users.admin });
    const clerk = stored.body.find((u: { username: string }) => u.username === 'jyg-clerk');
    expect(clerk).to.include({ role: 'examiner', disabled: false, mustChangePassword: true });
    expect(clerk.unitCode).to.equal(undefined);
  });

  it('an examiner has no 用户管理: the menu lacks it, /users sends them away, and the API refuses; 考核细则 is theirs too', async () => {
    const examinerPage = await h.newPage();
    await signInFirstTime(examinerPage, h.service.users.examiner);
    const menu = (await examinerPage.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.include('考核细则').and.not.include('用户管理');
    await examinerPage.goto('/users');
    await examinerPage.waitForURL(/\/progress$/);
    await examinerPage.getByRole('menuitem', { name: '考核细则' }).click();
    await examinerPage.getByTestId('rubric-drop-zone').waitFor();
    expect(await examinerPage.getByTestId('rubric-list').innerText()).to.contain('1.0.1');
    const refused = await h.service.request('GET', '/api/users', { user: h.service.users.examiner });
    expect(refused.status).to.equal(403);
    const create = await h.service.request('POST', '/api/users', { user: h.service.users.examiner, body: { username: 'sneaky', role: 'admin' } });
    expect(create.status).to.equal(403);
  });

  it('has no serious accessibility violation and no page error', () => {
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
