/**
 * The web workspace as a city's browser meets it (issue 9's figures, printed, never
 * asserted): the JS and CSS the sign-in page transfers (gzip, as a compressing proxy
 * would send it), the time until the Gansu evidence form (62 checkpoints) is
 * interactive, and one live-preview recompute (the core scoring the draft in the page,
 * from a click to the checkpoint's new points on screen). The real app serving
 * dist/web on FerretDB, Debian's Chromium at 1366×768. KAOHE_BENCH_WEB=0 skips it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Page, chromium } from 'playwright-core';
import { fixedClock } from '../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../src/adapters/files/bootstrap-data.js';
import { connect } from '../src/adapters/mongo/connection.js';
import { freePort, start } from '../src/adapters/mongo/ferretdb.js';
import { mongoStores } from '../src/adapters/mongo/stores.js';
import { createApp } from '../src/api/app.js';
import { composeServices } from '../src/compose.js';
import { packageRoot } from '../src/package-info.js';
import { bootstrap } from '../src/services/rubrics/bootstrap.js';
import { median } from './stats.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = path.join(packageRoot, 'dist', 'web');
const ROUNDS = Number(process.env.KAOHE_BENCH_WEB_ROUNDS ?? 5);
const RECOMPUTES = 21;
const PASSWORD = 'Bench#Quality2016';

/** Signs the city in over the API and gives it its own password, so the page opens straight on the form. */
async function cityCookie(url: string, username: string, password: string): Promise<string> {
  const signIn = await fetch(`${url}/api/session/browser`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const changed = await fetch(`${url}/api/session/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ currentPassword: password, newPassword: PASSWORD }),
  });
  if (changed.status !== 204) throw new Error(`password change: ${changed.status} ${await changed.text()}`);
  return cookie;
}

/** Bytes of JS and CSS the page loaded, raw and gzip-compressed. */
async function firstPageWeight(page: Page, url: string): Promise<{ raw: number; gzip: number; files: number }> {
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (response) => {
    if (/\.(js|css)(\?|$)/.test(response.url())) bodies.push(response.body());
  });
  await page.goto(`${url}/sign-in`, { waitUntil: 'networkidle' });
  const files = await Promise.all(bodies);
  return { raw: files.reduce((n, b) => n + b.length, 0), gzip: files.reduce((n, b) => n + gzipSync(b).length, 0), files: files.length };
}

/** From navigation to the form's first checkpoint answering a click. */
async function formInteractive(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(`${url}/evidence`);
  await page.locator('section.checkpoint[data-item="G01.1"] label.el-radio').first().waitFor();
  await page.getByTestId('preview-total').waitFor();
  return performance.now() - started;
}

/** One click on a checkbox of G01.1 until its previewed points change on screen (in the page's own clock; NaN if they never do). */
async function recompute(page: Page): Promise<number> {
  // Evaluated in the page (a string: this file is compiled for Node, without the DOM's types).
  return page.evaluate<number>(`new Promise((resolve) => {
    const points = document.querySelector('[data-testid="points-G01.1"]');
    const box = document.querySelector('section.checkpoint[data-item="G01.1"] label.el-checkbox');
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));
    });
    observer.observe(points, { childList: true, characterData: true, subtree: true });
    setTimeout(() => resolve(Number.NaN), 5000);
    const started = performance.now();
    box.click();
  })`);
}

export async function webBenchmark(): Promise<void> {
  if (!existsSync(path.join(WEB_DIR, 'index.html')) || !existsSync(CHROMIUM)) {
    console.log(`web: skipped (needs ${WEB_DIR}/index.html from npm run build, and ${CHROMIUM})`);
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-web-'));
  const db = await start({ dataDir, port: await freePort(), detached: false });
  const connection = await connect(db.uri, 'kaohe_bench_web');
  let server: Server | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const stores = await mongoStores(connection);
    const clock = fixedClock('2016-01-15T09:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'bench', maxUploadBytes: 1024 * 1024 });
    const examiner = { userId: '', username: 'bench', role: 'examiner' as const };
    // 1.0.0, whose first tab holds G01.1 (1.1.0's opens on 质量目标): the figures stay comparable across sessions.
    const rubric = (await stores.rubrics.list()).find((r) => r.rubricId === 'gansu-2015' && r.rubricVersion === '1.0.0' && r.status === 'published');
    await services.cycles.create(examiner, { year: 2015, rubric: rubric?.hash ?? '', deadline: '2016-03-31T23:59:59+08:00' });
    const city = await services.session.addUser({ username: 'bench-city', role: 'city', unitCode: '620100' }, 'bench');
    const app = createApp(services, { maxUploadBytes: 1024 * 1024, webDir: WEB_DIR });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookie = await cityCookie(url, 'bench-city', city.password);
    const [name, value] = cookie.split('=') as [string, string];

    const fresh = async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      await context.addCookies([{ name, value, url }]);
      return { context, page: await context.newPage() };
    };

    const weighed = await fresh();
    const weight = await firstPageWeight(weighed.page, url);
    await weighed.context.close();

    const loads: number[] = [];
    const recomputes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { context, page } = await fresh();
      loads.push(await formInteractive(page, url));
      if (round === ROUNDS - 1) {
        // 是 first: then each click on a list's box moves G01.1 by 0.5 points.
        await page.locator('section.checkpoint[data-item="G01.1"] label.el-radio', { hasText: '是' }).click();
        for (let i = 0; i < RECOMPUTES; i++) recomputes.push(await recompute(page));
      }
      await context.close();
    }
    const interactive = median(loads);
    const measured = recomputes.filter((ms) => !Number.isNaN(ms));
    const perRecompute = measured.length === 0 ? Number.NaN : median(measured);
    console.log(
      `Web workspace: the real app serving dist/web on FerretDB, Debian Chromium at 1366×768, ${ROUNDS} fresh loads, ${RECOMPUTES} recomputes (median)`,
    );
    console.log(
      `web first page (sign-in)   ${(weight.gzip / 1024).toFixed(1)} KB gzip of JS+CSS in ${weight.files} files (${(weight.raw / 1024).toFixed(1)} KB raw); aim 400 KB`,
    );
    console.log(
      `web evidence form          interactive ${interactive.toFixed(0)} ms after navigation (Gansu, 62 checkpoints, the core loaded with it); aim 1000 ms`,
    );
    console.log(`web live preview           ${perRecompute.toFixed(1)} ms from a click to the new points on screen; aim 16 ms (one frame)`);
    console.log(`web_first_page_gzip_kb=${(weight.gzip / 1024).toFixed(1)}`);
    console.log(`web_form_interactive_ms=${interactive.toFixed(0)}`);
    console.log(`web_preview_recompute_ms=${perRecompute.toFixed(1)}`);
  } finally {
    await browser.close();
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((r) => server?.close(r));
    }
    await connection.close();
    db.child?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
