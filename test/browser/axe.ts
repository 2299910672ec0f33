/**
 * axe-core, the standard accessibility engine, run on the page as it stands: the serious
 * and critical violations, printed in full when there are any.
 *
 * axe is evaluated into the page through the DevTools protocol (page.evaluate of its
 * source), which the page's CSP does not govern, so pages are checked under their real
 * policy and the harness still catches any CSP violation of the app itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  readonly target: unknown[];
  readonly html: string;
  readonly failureSummary?: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly AxeNode[];
}

/** The serious and critical violations axe finds on the page as it stands. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Element Plus' transitions: let them settle, so what is checked is what the user sees.
  await page.waitForTimeout(300);
  await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>('window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function report(where: string, violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** Every page is checked before the story fails, so one run lists all that is wrong. */
const found: string[] = [];

export async function checkPage(page: Page, where: string): Promise<void> {
  // A toast left by the step before (已停用 …, 3 s) fades out over the page being checked, and
  // axe reads its colours half-way (2.99:1 against the dimmed overlay): wait until it has gone.
  const toasts = page.locator('.el-message');
  for (let waited = 0; waited < 10_000 && (await toasts.count()) > 0; waited += 100) await page.waitForTimeout(100);
  const violations = await seriousViolations(page);
  if (violations.length > 0) {
    console.log(report(where, violations));
    found.push(...violations.map((v) => `${where}: ${v.id} (${v.nodes.length})`));
  }
}

export function expectNoneFound(): void {
  const seen = found.splice(0);
  expect(seen, 'serious or critical violations (printed above)').to.deep.equal([]);
}
