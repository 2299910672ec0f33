/**
 * Browser tests' harness: the real express app on port 0 serving the built web app
 * (dist/web: npm run build first; npm test builds) on the test FerretDB, the 2015
 * cycle on the Gansu rubric, and Debian's Chromium driven by playwright-core at
 * 1366×768, the office PC's screen. No browser is ever downloaded.
 *
 * Every console error and uncaught exception on the page is collected and fails the
 * story (a CSP violation, say, an inline script or an eval, shows up there).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { contentHash } from '../../src/core/index.js';
import type { KnownUnitTree } from '../../src/services/units/units.js';
import { DEADLINE, GANSU_HASH, createGansuCycle } from '../support/cycle-fixtures.js';
import { type TestService, type TestUser, startService } from '../support/service.js';

export const CHROMIUM = '/usr/bin/chromium';
/** The built web app; KAOHE_TEST_WEB_DIR lets parallel work build and test its own copy. */
export const WEB_DIR = process.env.KAOHE_TEST_WEB_DIR ?? path.join(process.cwd(), 'dist', 'web');
export const VIEWPORT = { width: 1366, height: 768 };
/** The passwords the stories choose at the forced change: the policy's (≥ 10 characters, three kinds, not the username). */
export const NEW_PASSWORD = 'Gansu#Quality2016';

export interface WebHarness {
  readonly service: TestService;
  readonly browser: Browser;
  /** A fresh browser context (own cookies and localStorage) and page at 1366×768. */
  newPage(): Promise<Page>;
  /** Console errors and page exceptions seen so far, on every page. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Whom the browser stories' cycle names: the city's home page shows it. */
export const WEB_CYCLE_CONTACT = '省质量发展领导小组办公室 张三 0931-0000000';

/** The target filing deadline of a cycle on gansu-2015 1.1.0 (the service's clock starts on 2016-01-15). */
export const WEB_TARGET_DEADLINE = '2016-02-29T23:59:59+08:00';

export interface WebOptions {
  /**
   * The Gansu rubric the 2015 cycle is on: 1.0.0 (the default, every story but target filing's) or 1.1.0
   * (published at the service's first start; it has target fields), whose cycle has a target deadline (WEB_TARGET_DEADLINE).
   */
  readonly rubric?: '1.0.0' | '1.1.0';
  /** The units the province's 2015 cycle (on 1.0.0) assesses, e.g. counties of several cities; its 14 cities by default. */
  readonly units?: readonly string[];
  /** The unit tree the service knows (Gansu's by default); with it, the cycle over `units` is its root's. */
  readonly unitTree?: KnownUnitTree;
}

async function createCycle(service: TestService, rubric: WebOptions['rubric'], units: WebOptions['units'], root = '620000'): Promise<void> {
  if (units !== undefined) {
    const body = { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, contact: WEB_CYCLE_CONTACT, body: root, units };
    const reply = await service.request('POST', '/api/cycles', { user: service.users.examiner, body });
    expect(reply.status, reply.text).to.equal(201);
    return;
  }
  if (rubric === undefined || rubric === '1.0.0') {
    await createGansuCycle(service, 2015, undefined, WEB_CYCLE_CONTACT);
    return;
  }
  const document = JSON.parse(readFileSync(path.join(process.cwd(), 'rubrics', 'gansu-2015-1.1.0.json'), 'utf8')) as unknown;
  const body = { year: 2015, rubric: contentHash(document), deadline: DEADLINE, targetDeadline: WEB_TARGET_DEADLINE, contact: WEB_CYCLE_CONTACT };
  const reply = await service.request('POST', '/api/cycles', { user: service.users.examiner, body });
  expect(reply.status, reply.text).to.equal(201);
}

export async function startWeb(options: WebOptions = {}): Promise<WebHarness> {
  if (!existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error(`${WEB_DIR}/index.html is missing: run npm run build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): apt-get install -y chromium`);
  const service = await startService({ webDir: WEB_DIR, unitTree: options.unitTree });
  await createCycle(service, options.rubric, options.units, options.unitTree?.tree.root.code);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    service,
    browser,
    pageErrors,
    async newPage() {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: service.url });
      contexts.push(context);
      // The browser's clock is the service's (2016-01-15), so the days to the deadline are the ones the server counts (time still flows).
      await context.clock.setSystemTime(service.clock.now());
      const page = await context.newPage();
      page.on('console', (m) => {
        // A 4xx the story provokes on purpose is logged by Chromium as a failed resource load: not the app's error.
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await service.close();
    },
  };
}

/** Signs in through the page; a first sign-in lands on the forced password change, which this completes. */
export async function signInFirstTime(page: Page, user: TestUser, newPassword = NEW_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/change-password/);
  await page.getByLabel('当前密码').fill(user.password);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('再次输入新密码').fill(newPassword);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL((u) => !/\/(sign-in|change-password)/.test(u.pathname));
}

/** Saves a 1366×768 screenshot of the page under docs/images/ (kept current by the tests). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(process.cwd(), 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  // Fonts are system fonts, loaded lazily: wait for them, and for Element Plus' transitions.
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.waitForTimeout(400);
  // Toasts ("密码已修改") are transient: not part of the picture.
  await page.screenshot({ path: path.join(dir, name), fullPage: false, style: '.el-message { display: none !important; }' });
}

export function expectNoPageErrors(h: WebHarness): void {
  expect(h.pageErrors, h.pageErrors.join('\n')).to.deep.equal([]);
}

/**
 * Waits until a page expression (a string: the tests type-check without the DOM library) is true. Polled from here with
 * page.evaluate, not with page.waitForFunction, whose in-page polling evaluates the string and so breaks on the app's CSP.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > until) throw new Error(`not true within ${timeoutMs} ms: ${expression}`);
    await page.waitForTimeout(50);
  }
}
