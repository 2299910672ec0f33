/**
 * A conditional field in the city's evidence form, on gansu-2015 1.1.0: G13.2 asks for the
 * satisfaction score only when a survey was held. The clerk sees the field appear with the
 * reason it is asked, the preview says 缺证据 until it is filled, and answering that no
 * survey was held takes the field and its value away, so the saved draft holds no value the
 * engine would refuse.
 */
import { expect } from 'chai';
import { checkPage, expectNoneFound } from './axe.js';
import { type WebHarness, expectNoPageErrors, screenshot, signInFirstTime, startWeb, waitUntil } from './harness.js';

const SATISFACTION = '公共服务质量满意度（分）';

describe('browser: a field asked only when another answer asks for it (G13.2, 1.1.0)', function () {
  this.timeout(180_000);
  let h: WebHarness;

  before(async () => {
    h = await startWeb({ rubric: '1.1.0' });
  });
  after(async () => {
    await h?.close();
  });

  it('the satisfaction score appears with its reason once a survey is answered 是, and goes with its value when the answer becomes 否', async () => {
    const page = await h.newPage();
    await signInFirstTime(page, h.service.users.city);
    await page.getByRole('menuitem', { name: '填报' }).click();
    await page.waitForURL(/\/evidence$/);
    await page.getByRole('tab', { name: /完善质量升级的配套措施/ }).click();
    const card = page.locator('section.checkpoint[data-item="G13.2"]');
    await card.waitFor();
    expect(await card.getByLabel(SATISFACTION).count()).to.equal(0);

    await card.locator('label.el-radio', { hasText: '是' }).click();
    await card.getByLabel(SATISFACTION).waitFor();
    expect(await card.getByTestId('asked-G13.2-publicServiceSatisfaction').innerText()).to.equal('因“是否开展城市公共服务质量满意度测评”为“是”，须填写');
    await waitUntil(page, `document.querySelector('[data-testid="preview-G13.2"]')?.textContent.includes('缺证据')`);

    await card.getByLabel(SATISFACTION).fill('75');
    // 1 − 0.1 × (80 − 75)
    await waitUntil(page, `document.querySelector('[data-testid="points-G13.2"]')?.textContent.trim() === '0.50'`);
    await page.mouse.move(0, 0);
    await page.evaluate(`document.querySelector('section.checkpoint[data-item="G13.2"]').scrollIntoView({ block: 'center' })`);
    await screenshot(page, 'web-conditional-field.png');
    await checkPage(page, '填报（按条件填写的字段）');

    await card.locator('label.el-radio', { hasText: '否' }).click();
    await waitUntil(page, `!document.querySelector('section.checkpoint[data-item="G13.2"]').textContent.includes('须填写')`);
    expect(await card.getByLabel(SATISFACTION).count()).to.equal(0);
    await waitUntil(page, `document.querySelector('[data-testid="points-G13.2"]')?.textContent.trim() === '0.00'`);
    expect(await card.getByTestId('preview-G13.2').innerText()).not.to.contain('缺证据');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').first().waitFor();
    const stored = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(stored.status, stored.text).to.equal(200);
    expect(stored.body.items['G13.2'].values).to.deep.equal({ publicServiceSurvey: false });
    expectNoneFound();
    expectNoPageErrors(h);
  });
});
