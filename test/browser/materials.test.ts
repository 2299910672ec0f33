/**
 * A city's materials and result in the browser: 兰州市 drops a small PDF on a
 * checkpoint and sees its SHA-256 and size, the same the API lists; picks an image and
 * sees it previewed in the page (a blob: URL, which the CSP allows); opens the PDF in a
 * new tab; an oversized file and a file whose name hides its extension are refused by
 * the server, in Chinese, at the checkpoint. After submitting, uploads are closed; once
 * the examiner finalises a run, the home page shows the rank, the result, the points lost
 * per section (提分空间), and links to its scorecard and the public bulletin.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { MAX_UPLOAD_BYTES } from '../support/service.js';
import { type WebHarness, expectNoPageErrors, signInFirstTime, startWeb, waitUntil } from './harness.js';

/** A one-page PDF, small and valid enough for Chromium's viewer. */
function tinyPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('browser: a city uploads its materials and reads its result', function () {
  this.timeout(120_000);
  let h: WebHarness;
  let page: Page;
  const pdf = tinyPdf();

  const card = (code: string): Locator => page.locator(`section.checkpoint[data-item="${code}"]`);
  const materials = (code: string): Locator => page.getByTestId(`materials-${code}`);

  before(async () => {
    h = await startWeb();
    page = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('states the accepted types and the size limit before anything is uploaded', async () => {
    await signInFirstTime(page, h.service.users.city);
    await page.goto('/evidence');
    await card('G01.1').waitFor();
    const rules = await materials('G01.1').getByTestId('upload-rules').textContent();
    expect(rules).to.contain('PDF');
    expect(rules).to.contain('单个文件不超过 20 MB');
    expect(await materials('G01.1').textContent()).to.contain('尚未上传');
  });

  it('drops a PDF on a checkpoint and sees its size and SHA-256, as the API lists it', async () => {
    const zone = materials('G01.1').getByTestId('drop-zone');
    // A drop as the browser makes it: a DataTransfer holding the file (the page's code, so written as the page's script).
    const dataTransfer = await page.evaluateHandle(
      `(() => {
        const bytes = Uint8Array.from(atob(${JSON.stringify(pdf.toString('base64'))}), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], ${JSON.stringify('权责清单（2015）.pdf')}, { type: 'application/pdf' }));
        return dt;
      })()`,
    );
    await zone.dispatchEvent('drop', { dataTransfer });
    const item = materials('G01.1').getByTestId('material');
    await item.waitFor();
    expect(await item.locator('.material-name').textContent()).to.equal('权责清单（2015）.pdf');
    expect(await item.getByTestId('material-sha256').textContent()).to.equal(sha256(pdf));
    expect(await item.getByTestId('material-size').textContent()).to.contain(`${pdf.length} 字节`);

    const sub = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(sub.body.materials).to.have.length(1);
    expect(sub.body.materials[0]).to.include({
      itemCode: 'G01.1',
      originalName: '权责清单（2015）.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      sha256: sha256(pdf),
    });

    // the list survives a reload (it comes from the submission)
    await page.reload();
    await materials('G01.1').getByTestId('material').waitFor();
  });

  it('opens the PDF in a new tab, and shows an image in the page', async () => {
    const [tab] = await Promise.all([page.context().waitForEvent('page'), materials('G01.1').getByRole('button', { name: '预览（新标签页）' }).click()]);
    await tab.waitForLoadState();
    expect(tab.url()).to.match(/^blob:/);
    await tab.close();

    await materials('G01.2').locator('input[type=file]').setInputFiles({ name: '协作机制.png', mimeType: 'image/png', buffer: PNG });
    const item = materials('G01.2').getByTestId('material');
    await item.waitFor();
    expect(await item.getByTestId('material-sha256').textContent()).to.equal(sha256(PNG));
    await item.getByRole('button', { name: '预览' }).click();
    const img = item.getByTestId('image-preview');
    await img.waitFor();
    // the image loaded from its blob: URL (the CSP's img-src allows blob:)
    await waitUntil(
      page,
      `(() => {
      const img = document.querySelector('[data-testid="materials-G01.2"] [data-testid="image-preview"]');
      return img !== null && img.complete && img.naturalWidth === 1;
    })()`,
    );
  });

  it('shows the server refusal of an oversized file and of a name that hides its extension, in Chinese', async () => {
    const input = materials('G02.1').locator('input[type=file]');
    await input.setInputFiles({ name: '大文件.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(MAX_UPLOAD_BYTES + 1024, 0x20) });
    const tooBig = materials('G02.1').getByTestId('material-error');
    await tooBig.waitFor();
    expect(await tooBig.textContent()).to.contain(`文件超过大小上限 ${MAX_UPLOAD_BYTES} 字节`);
    // the limit the page states is now the server's
    expect(await materials('G02.1').getByTestId('upload-rules').textContent()).to.contain('单个文件不超过 64.0 KB');
    await tooBig.getByRole('button', { name: '关闭' }).click();

    await input.setInputFiles({ name: '报告\u202Efdp.exe.pdf', mimeType: 'application/pdf', buffer: pdf });
    const badName = materials('G02.1').getByTestId('material-error');
    await badName.waitFor();
    expect(await badName.textContent()).to.contain('文件名不能包含改变文字显示方向的控制字符');
    expect(await materials('G02.1').getByTestId('material').count()).to.equal(0);
    const sub = await h.service.request('GET', '/api/cycles/2015/submissions/620100', { user: h.service.users.city });
    expect(sub.body.materials).to.have.length(2);
  });

  it('after submitting, uploads are closed and the materials can still be opened', async () => {
    await card('G01.2').locator('label.el-radio', { hasText: '仅建立协作机制' }).click();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText(/草稿已保存（版本 1）/).waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    const dialog = page.getByRole('dialog', { name: '确认提交' });
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('已于').waitFor();
    expect(await page.getByTestId('drop-zone').count()).to.equal(0);
    expect(await materials('G01.1').textContent()).to.contain('已提交，材料不能再上传');
    expect(await materials('G01.1').getByRole('button', { name: '预览（新标签页）' }).isEnabled()).to.equal(true);
  });

  it('once the run is final, the home page shows rank, result, 提分空间 and links to the scorecard and the bulletin', async () => {
    const { examiner } = h.service.users;
    const run = await h.service.request('POST', '/api/cycles/2015/runs', { user: examiner });
    expect(run.status, run.text).to.equal(201);
    const final = await h.service.request('POST', `/api/cycles/2015/runs/${run.body.runId}/finalize`, {
      user: examiner,
      headers: { 'if-match': `"${run.body.version}"` },
    });
    expect(final.status, final.text).to.equal(200);
    const results = await h.service.request('GET', `/api/cycles/2015/runs/${run.body.runId}`, { user: h.service.users.city });
    const mine = results.body.units.find((u: { code: string }) => u.code === '620100');

    await page.getByRole('menuitem', { name: '首页' }).click();
    const result = page.getByTestId('final-result');
    await result.waitFor();
    expect(await result.textContent()).to.contain(`第 ${mine.rank} 名`);
    expect(await result.textContent()).to.contain(mine.grade);
    const rows = page.getByTestId('headroom-table').locator('.el-table__body tr');
    expect(await rows.count()).to.be.at.least(mine.sections.length);
    const first = mine.sections[0];
    const firstRow = await rows.first().innerText();
    expect(firstRow).to.contain(first.title);
    expect(firstRow).to.contain((first.max - first.score).toFixed(2));

    const [scorecard] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('scorecard-link').click()]);
    await scorecard.waitForLoadState();
    expect(scorecard.url()).to.match(new RegExp(`/runs/${run.body.runId}/scorecards/620100\\.html$`));
    expect(await scorecard.textContent('body')).to.contain('兰州市');
    await scorecard.close();
    const [bulletin] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('bulletin-link').click()]);
    await bulletin.waitForLoadState();
    expect(bulletin.url()).to.match(/report-public\.html$/);
    expect(await bulletin.textContent('body')).to.contain('兰州市');
    await bulletin.close();
    expectNoPageErrors(h);
  });
});
