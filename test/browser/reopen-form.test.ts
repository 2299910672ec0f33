/**
 * The evidence form opened again from the menu: the menu opens the page shown afresh (it
 * reads the server's copy again), and a clerk who typed answers and had not saved them finds
 * them all back, from the draft this browser keeps, with a notice saying so; saving then
 * stores them. Screenshot at 1366×768.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb } from './harness.js';

const SUBMISSION = '/api/cycles/2015/submissions/620100';

describe('browser: 填报 opened again from the menu keeps what the clerk typed', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const tab = (title: string): Locator => page.getByRole('tab', { name: new RegExp(title) });
  const coverage = () => card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率');
  const cooperation = () => card('G01.2').getByRole('radio', { name: '仅建立协作机制' });

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('answers typed in two sections, not saved, come back when 填报 is clicked again, with a notice; 保存草稿 stores them', async () => {
    await signInFirstTime(page, h.service.users.city);
    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.waitForURL(/\/evidence$/);
    await card('G01.2').waitFor();
    await card('G01.2').locator('label.el-radio', { hasText: '仅建立协作机制' }).click();
    await tab('加强重点领域质量安全监管').click();
    await coverage().fill('99.6');
    await page.getByTestId('unsaved').waitFor();

    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.getByText('已恢复本机浏览器中尚未保存的填报内容，请保存草稿。').waitFor();
    // Opened afresh: the first section again, with the answer given there …
    expect(await cooperation().isChecked()).to.equal(true);
    expect(await page.getByTestId('unsaved').innerText()).to.equal('有未保存的修改（已暂存在本机）');
    await checkPage(page, '填报（菜单再次打开，恢复本机暂存）');
    await screenshot(page, 'web-evidence-reopened.png');
    // … and the other section's.
    await tab('加强重点领域质量安全监管').click();
    expect(await coverage().inputValue()).to.equal('99.6');
    expect((await h.service.request('GET', SUBMISSION, { user: h.service.users.city })).body.version).to.equal(0);

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByTestId('unsaved').waitFor({ state: 'detached' });
    const stored = (await h.service.request('GET', SUBMISSION, { user: h.service.users.city })).body;
    expect(stored.version).to.equal(1);
    expect(stored.items['G10.1'].values).to.deep.equal({ supervisionCoverage: 99.6 });
    expect(stored.items['G01.2']).to.deep.equal({ values: { enforcementCooperation: '仅建立协作机制' } });
  });

  it('a value typed that is not a number yet cannot be kept: 填报 asks first; 留在本页 keeps it, 重新打开 drops it alone and restores the rest', async () => {
    const acceptance = () => card('G10.2').getByLabel('大中型工程项目一次验收合格率');
    await acceptance().fill('98');
    await coverage().fill('99.6%');
    await card('G10.1').getByText('请输入数字').waitFor();

    await page.getByRole('menuitem', { name: '填报' }).click();
    const ask = page.getByRole('dialog', { name: '重新打开填报' });
    await ask.waitFor();
    expect(await ask.innerText()).to.contain('有 1 处输入有误，未能暂存在本机；重新打开本页会丢弃这些输入，其余未保存的修改会恢复。');
    await checkPage(page, '填报（菜单再次打开，有未能暂存的输入）');
    await screenshot(page, 'web-evidence-reopen-ask.png');
    await ask.getByRole('button', { name: '留在本页' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await coverage().inputValue()).to.equal('99.6%');
    expect(await acceptance().inputValue()).to.equal('98');

    await page.getByRole('menuitem', { name: '填报' }).click();
    await ask.getByRole('button', { name: '重新打开' }).click();
    await page.getByText('已恢复本机浏览器中尚未保存的填报内容，请保存草稿。').waitFor();
    await tab('加强重点领域质量安全监管').click();
    expect(await acceptance().inputValue()).to.equal('98');
    // The saved value, the text that was not one dropped.
    expect(await coverage().inputValue()).to.equal('99.6');
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
