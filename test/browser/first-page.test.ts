/**
 * The first page's weight: the JS and CSS the sign-in page loads, gzip-compressed as a
 * server or proxy would send them. Aim (issue 9): under 400 KB. The scoring core and the
 * evidence form are separate chunks, loaded only when the form opens.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { WEB_DIR, type WebHarness, expectNoPageErrors, startWeb } from './harness.js';

describe('browser: the sign-in page', function () {
  this.timeout(60_000);
  let h: WebHarness;

  before(async () => {
    h = await startWeb();
  });
  after(async () => {
    await h?.close();
  });

  it('loads under 400 KB of JS and CSS (gzip), without the scoring core, with labelled inputs', async () => {
    const page = await h.newPage();
    const assets: string[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (/\.(js|css)$/.test(url.pathname)) assets.push(url.pathname);
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.waitForLoadState('networkidle');
    const sizes = assets.map((a) => ({ a, gzip: gzipSync(readFileSync(path.join(WEB_DIR, a))).length }));
    const total = sizes.reduce((s, x) => s + x.gzip, 0);
    console.log(`      first page: ${sizes.length} files, ${(total / 1024).toFixed(1)} KB gzip (JS+CSS)`);
    expect(total).to.be.below(400 * 1024);
    expect(
      assets.some((a) => /\/core-/.test(a)),
      'the scoring core loads with the form, not the sign-in page',
    ).to.equal(false);
    expect(await page.getByLabel('用户名').count()).to.equal(1);
    expect(await page.getByLabel('密码', { exact: true }).count()).to.equal(1);
    expect(await page.locator('html').getAttribute('lang')).to.equal('zh-CN');
    expect(await page.title()).to.contain('考核 Kaohe');
    expectNoPageErrors(h);
  });
});
