/**
 * A city's year in the browser, first slice: 兰州市 signs in (the forced password change,
 * the policy's error at its field), reads its home page, fills checkpoints and watches
 * the preview the scoring core computes, meets a field error from the server at its
 * input, saves, reloads and finds its values, has an unsaved edit restored from the
 * browser, and submits through the confirmation listing what is missing.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { NEW_PASSWORD, WEB_CYCLE_CONTACT, type WebHarness, expectNoPageErrors, screenshot, startWeb } from './harness.js';

describe('browser: a city fills in and submits its evidence', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;

  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const points = (code: string): Locator => page.getByTestId(`points-${code}`);
  const radio = (code: string, label: string): Locator => card(code).locator('label.el-radio', { hasText: label });
  const checkbox = (code: string, label: string): Locator => card(code).locator('label.el-checkbox', { hasText: label });
  const tab = (title: string): Locator => page.getByRole('tab', { name: new RegExp(title) });

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('signs in, must change the password first, and sees the policy error at the field', async () => {
    const city = h.service.users.city;
    await page.goto('/evidence');
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByLabel('用户名').fill(city.username);
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByTestId('sign-in-error').textContent()).to.match(/用户名或密码|密码/);

    await page.getByLabel('密码', { exact: true }).fill(city.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/change-password/);
    await page.getByLabel('当前密码').fill(city.password);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '修改密码' }).click();
    const fieldError = page.locator('.el-form-item', { has: page.getByLabel('新密码', { exact: true }) }).locator('.el-form-item__error');
    // (the has-locator is relative to each .el-form-item)
    await fieldError.waitFor();
    expect(await fieldError.textContent()).to.match(/10/);

    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    // back where the user was going
    await page.waitForURL(/\/evidence$/);
    // The unit is named once the register is read, in the background (its code shows meanwhile).
    await page.getByTestId('user-unit').getByText('兰州市', { exact: true }).waitFor();
  });

  it('shows the home page: deadline with days left, status 未填报 (nothing saved yet), the missing items', async () => {
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForURL(/\/home$/);
    await page.getByRole('heading', { name: /2015 年度质量工作考核 · 兰州市/ }).waitFor();
    expect(await page.getByTestId('status-tag').first().textContent()).to.contain('未填报');
    // the page and the service agree on the date: 2016-01-15, the deadline 2016-03-31 (Beijing time)
    expect((await page.getByTestId('days-left').textContent())?.trim()).to.equal('剩 76 天');
    expect(await page.getByTestId('cycle-contact').textContent()).to.equal(WEB_CYCLE_CONTACT);
    expect(await page.getByTestId('missing-table').locator('tbody tr').count()).to.be.greaterThan(50);
    // the menu shows a city only what a city may open
    const menu = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
    expect(menu).to.deep.equal(['首页', '填报', '考核成绩单']);
    await screenshot(page, 'web-city-home.png');
  });

  it('fills checkpoints and sees the preview points and total change as it types', async () => {
    await page.getByRole('button', { name: '进入填报' }).click();
    await page.waitForURL(/\/evidence$/);
    await card('G01.1').waitFor();
    expect(await points('G01.1').textContent()).to.equal('0.00');
    const total0 = await page.getByTestId('preview-total').textContent();

    await radio('G01.1', '是').click();
    await checkbox('G01.1', '权力清单').click();
    await checkbox('G01.1', '责任清单').click();
    expect(await points('G01.1').textContent()).to.equal('1.00');
    await checkbox('G01.1', '负面清单').click();
    expect(await points('G01.1').textContent()).to.equal('1.50');
    await radio('G01.2', '仅建立协作机制').click();
    expect(await points('G01.2').textContent()).to.equal('0.75');
    expect(await page.getByTestId('preview-total').textContent()).to.not.equal(total0);

    // the explanation in words, from the core's explainItem
    await card('G01.2').locator('summary', { hasText: '计算说明' }).click();
    expect(await page.getByTestId('explain-G01.2').textContent()).to.contain('得分：0.75 分');

    await tab('加强重点领域质量安全监管').click();
    await card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率').fill('99.6');
    expect(await points('G10.1').textContent()).to.equal('2.30');
    await card('G10.1').getByLabel('自评分').fill('2.5');
    await tab('完善质量发展市场机制').click();
    await screenshot(page, 'web-evidence-form.png');
  });

  it('shows a field error from the server at the input it names', async () => {
    await tab('加强重点领域质量安全监管').click();
    const input = card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率');
    await input.fill('120');
    // the core refuses it in the page already (left out of the preview) …
    expect(await points('G10.1').textContent()).to.equal('—');
    // … and the server refuses the save, naming $.body.items["G10.1"].values.supervisionCoverage
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('form-error').textContent()).to.contain('1 处');
    const error = card('G10.1')
      .locator('.el-form-item', { has: page.getByLabel('新开工大中型工程项目质量监督覆盖率') })
      .locator('.el-form-item__error');
    expect(await error.textContent()).to.match(/100/);
    await input.fill('99.6');
    await error.waitFor({ state: 'detached' });
    expect(await points('G10.1').textContent()).to.equal('2.30');
  });

  it('saves the draft, and finds it again after a reload', async () => {
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText(/草稿已保存（版本 1）/).waitFor();
    await page.reload();
    await card('G01.1').waitFor();
    expect(await points('G01.1').textContent()).to.equal('1.50');
    expect(await points('G01.2').textContent()).to.equal('0.75');
    expect(await page.getByTestId('unsaved').count()).to.equal(0);
    const saved = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(saved.body.version).to.equal(1);
    expect(saved.body.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99.6 }, selfScore: 2.5 });
  });

  it('keeps an unsaved edit in the browser and restores it after a reload', async () => {
    await tab('完善质量发展市场机制').click();
    await radio('G02.1', '已出台办法未评选').click();
    await page.getByTestId('unsaved').waitFor();
    await page.reload();
    await card('G01.1').waitFor();
    await page.getByText('已恢复本机浏览器中尚未保存的填报内容').waitFor();
    expect(await card('G02.1').locator('label.el-radio.is-checked').count()).to.equal(1);
    // Kept per cycle and unit; the province's cycle id is its year, as the key was before cycles had bodies.
    expect(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kaohe.draft.'))")).to.deep.equal(['kaohe.draft.2015.620100']);
  });

  it('submits through a confirmation that lists the missing items, then the form is read-only', async () => {
    await page.getByRole('button', { name: '提交' }).click();
    const dialog = page.getByRole('dialog', { name: '确认提交' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('missing-list').locator('li').count()).to.be.greaterThan(40);
    expect(await dialog.textContent()).to.contain('G10.2');
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('已于').waitFor();
    expect(await page.getByTestId('status-tag').first().textContent()).to.contain('已提交');
    expect(await page.getByRole('button', { name: '保存草稿' }).count()).to.equal(0);
    expect(await card('G01.2').locator('input[type=radio]').first().isDisabled()).to.equal(true);
    await tab('加强重点领域质量安全监管').click();
    expect(await card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率').isDisabled()).to.equal(true);
    await screenshot(page, 'web-evidence-submitted.png');
    const stored = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(stored.body.state).to.equal('submitted');
    expectNoPageErrors(h);
  });
});
