/**
 * The whole evidence form with the keyboard alone: a clerk who does not use a mouse (or
 * cannot) reaches every kind of input by Tab, answers it with the keys a browser gives
 * that kind of control (Space, arrows, typing), moves between sections with the arrow
 * keys, and saves and submits with Enter. Each step asserts where the focus is, so a
 * control that Tab skips or a key that does nothing fails the story.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { type WebHarness, expectNoPageErrors, signInFirstTime, startWeb } from './harness.js';

/** Whether the element, or one inside it, has the keyboard focus. */
const hasFocus = (target: Locator): Promise<boolean> =>
  // Runs in the page (serialised: no closure); the cast stands in for the DOM library these tests compile without.
  target.evaluate((el: { contains(other: unknown): boolean }) =>
    el.contains((globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
  );

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 80, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await hasFocus(target)) return presses;
    await page.keyboard.press(key);
  }
  throw new Error(`${String(target)} not reached with ${max} presses of ${key}`);
}

const focusedText = (page: Page): Promise<string> => page.evaluate('(document.activeElement?.closest("label, button, [role=tab]")?.textContent ?? "").trim()');

describe('browser: the evidence form with the keyboard alone', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;

  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const points = (code: string): Locator => page.getByTestId(`points-${code}`);
  const nativeRadio = (code: string, label: string): Locator => card(code).locator('label.el-radio', { hasText: label }).locator('input');
  const nativeCheckbox = (code: string, label: string): Locator => card(code).locator('label.el-checkbox', { hasText: label }).locator('input');

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
    await signInFirstTime(page, h.service.users.city);
    await page.goto('/evidence');
    await card('G01.1').waitFor();
  });
  after(async () => {
    await h?.close();
  });

  it('reaches the first checkpoint by Tab and answers yes/no with Space and a set with Space on each item', async () => {
    await page
      .locator('main')
      .focus()
      .catch(() => undefined);
    await tabTo(page, nativeRadio('G01.1', '是'));
    expect(await focusedText(page)).to.equal('是');
    await page.keyboard.press('Space');
    expect(await nativeRadio('G01.1', '是').isChecked()).to.equal(true);

    for (const item of ['权力清单', '责任清单', '负面清单']) {
      await tabTo(page, nativeCheckbox('G01.1', item), 6);
      await page.keyboard.press('Space');
      expect(await nativeCheckbox('G01.1', item).isChecked(), item).to.equal(true);
    }
    expect(await points('G01.1').textContent()).to.equal('1.50');
  });

  it('types the self-score and a note, and picks a choice with the arrow keys', async () => {
    await tabTo(page, card('G01.1').getByLabel('自评分'), 20);
    await page.keyboard.type('1.5');
    await tabTo(page, card('G01.1').getByLabel('说明'), 6);
    await page.keyboard.type('清单已在政府网站公开');

    // G01.2: a choice among several options; Tab enters the group, the arrows move the choice
    const first = card('G01.2').locator('label.el-radio').first().locator('input');
    await tabTo(page, first, 40);
    await page.keyboard.press('Space');
    expect(await first.isChecked()).to.equal(true);
    await page.keyboard.press('ArrowDown');
    const second = card('G01.2').locator('label.el-radio').nth(1);
    expect(await second.locator('input').isChecked()).to.equal(true);
    expect(await points('G01.2').textContent()).to.not.equal('—');
  });

  it('moves to another section with the arrow keys on the tabs, and types a number there', async () => {
    const firstTab = page.getByRole('tab').first();
    await tabTo(page, firstTab, 200, 'Shift+Tab');
    await page.keyboard.press('ArrowRight');
    const secondTab = page.getByRole('tab').nth(1);
    expect(await hasFocus(secondTab)).to.equal(true);
    await page.keyboard.press('Enter');
    expect(await secondTab.getAttribute('aria-selected')).to.equal('true');
    const coverage = card('G10.1').getByLabel('新开工大中型工程项目质量监督覆盖率');
    await coverage.waitFor();
    await tabTo(page, coverage, 120);
    await page.keyboard.type('99.6');
    expect(await points('G10.1').textContent()).to.equal('2.30');
  });

  it('saves the draft with Enter on 保存草稿, and the server has every answer typed', async () => {
    await tabTo(page, page.getByRole('button', { name: '保存草稿' }), 300, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText(/草稿已保存（版本 1）/).waitFor();
    const saved = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(saved.body.items['G01.1']).to.deep.equal({
      values: { approvalReview: true, lists: ['权力清单', '责任清单', '负面清单'] },
      selfScore: 1.5,
      note: '清单已在政府网站公开',
    });
    expect(saved.body.items['G10.1'].values).to.deep.equal({ supervisionCoverage: 99.6 });
    expect(Object.keys(saved.body.items['G01.2'].values as object)).to.have.length(1);
  });

  it('submits with Enter, and confirms in the dialog with the keyboard', async () => {
    await tabTo(page, page.getByRole('button', { name: '提交', exact: true }), 10);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '确认提交' });
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: '确认提交' }), 10);
    await page.keyboard.press('Enter');
    await page.getByText(/已于 .* 提交，内容只读/).waitFor();
    const saved = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(saved.body.state).to.equal('submitted');
    expectNoPageErrors(h);
  });
});
