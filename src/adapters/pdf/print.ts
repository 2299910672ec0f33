/**
 * report.pdf: the HTML bulletin printed by Debian's Chromium through playwright-core.
 * Kaohe never downloads a browser (playwright-core has no bundled one, and none is
 * fetched): it drives /usr/bin/chromium from the chromium package, in a fresh profile
 * that is deleted afterwards, offline, with every background service switched off.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { keepDescendantsAtOurPriority } from './priority.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Matches the report's own @page rule (src/report/html/style.ts), leaving room for the footer. */
const MARGIN = { top: '18mm', right: '15mm', bottom: '20mm', left: '15mm' };

// Templates see none of the page's styles, so the footer states its own font and size.
const FOOTER = `<div style="width:100%;text-align:center;font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:8pt;color:#555;">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>`;

export interface BrowserOptions {
  /** Chromium to drive; Debian's by default. */
  readonly executablePath?: string;
}

export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `未找到 Chromium 浏览器（${executablePath}）。生成 PDF 需要 Debian 的 chromium 软件包：` +
        `请以管理员身份执行 apt-get install -y chromium fonts-noto-cjk 后重试。Kaohe 不会自行下载浏览器。`,
    );
    this.name = 'ChromiumMissingError';
  }
}

async function launch(executablePath: string, profile: string): Promise<BrowserContext> {
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      offline: true,
      locale: 'zh-CN',
      viewport: { width: 900, height: 1273 },
    });
  } catch (error) {
    throw new Error(`无法启动 Chromium（${executablePath}）：${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
}

/** Opens `html` in a fresh headless Chromium, runs `use`, and always cleans up. */
async function withPage<T>(html: string, options: BrowserOptions & { deviceScaleFactor?: number }, use: (page: Page) => Promise<T>): Promise<T> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const profile = mkdtempSync(path.join(tmpdir(), 'kaohe-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await launch(executablePath, profile);
    keepDescendantsAtOurPriority();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(html, { waitUntil: 'load' });
    // Chinese glyphs come from system fonts that load lazily; print only once they have.
    await page.evaluate('document.fonts.ready.then(() => true)');
    // And while printing: the page's renderer and the printing's processes start later.
    keepDescendantsAtOurPriority();
    const keeping = setInterval(keepDescendantsAtOurPriority, 200).unref();
    try {
      return await use(page);
    } finally {
      clearInterval(keeping);
    }
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A4 PDF with backgrounds, the stylesheet's page breaks, "第 N 页 共 M 页" in the footer and an outline from the headings. */
export async function printPdf(html: string, options: BrowserOptions = {}): Promise<Uint8Array> {
  return withPage(html, options, async (page) => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      // Honour @page rules, e.g. a wide chart's landscape page.
      preferCSSPageSize: true,
      printBackground: true,
      margin: MARGIN,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      outline: true,
      tagged: true,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  });
}

export interface ScreenshotOptions extends BrowserOptions {
  /** Only this element (a CSS selector), e.g. "#ranking" or "#unit-620100". */
  readonly selector?: string;
  /** The whole page rather than the first screenful (ignored with a selector). */
  readonly fullPage?: boolean;
  /** Viewport width in CSS pixels; 900 shows the 180 mm text column with a margin. */
  readonly width?: number;
  readonly media?: 'screen' | 'print';
}

/** A PNG of the HTML as a reader's browser shows it: for tests and for looking at a report. */
export async function screenshot(html: string, file: string, options: ScreenshotOptions = {}): Promise<void> {
  await withPage(html, options, async (page) => {
    await page.setViewportSize({ width: options.width ?? 900, height: 1273 });
    if (options.media) await page.emulateMedia({ media: options.media });
    if (options.selector) await page.locator(options.selector).first().screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  });
}
