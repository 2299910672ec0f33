/**
 * A finalised 2015 run on gansu-2015 1.1.0 over the 14 seeded units, made the way the
 * cycle makes it: each city files its seeded targets and the examiner approves them,
 * each city saves and submits its part of its seed evidence, the examiner saves the
 * review part, the examiner scores and finalises. Its results are those of
 * `kaohe assess` on seeds/evidence/2015-1.1.0, so that what-if answers can be checked
 * against `kaohe analyse what-if`'s.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { type EvidenceDocument, parseRubric } from '../../src/core/index.js';
import { splitEvidence } from '../../src/records/index.js';
import { fromRoot } from '../support/paths.js';
import type { TestService, TestUser } from '../support/service.js';

export const RUBRIC_110 = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8')));
const SEEDS = fromRoot('seeds', 'evidence', '2015-1.1.0');
/** A target deadline after the test service's clock (2016-01-15). */
export const TARGET_DEADLINE = '2016-02-29T23:59:59+08:00';

function seed(code: string): EvidenceDocument {
  return JSON.parse(readFileSync(`${SEEDS}/${code}.json`, 'utf8')) as EvidenceDocument;
}

export function seedCodes(): string[] {
  return readdirSync(SEEDS)
    .filter((n) => /^\d{6}\.json$/.test(n))
    .map((n) => n.slice(0, 6))
    .sort();
}

const madeUsers = new WeakMap<TestService, Map<string, TestUser>>();

/** The city user of a unit: the test service's own for 兰州市 and 嘉峪关市, a new one for any other. */
export async function cityUser(service: TestService, code: string): Promise<TestUser> {
  const known = Object.values(service.users).find((u) => u.role === 'city' && u.unitCode === code) ?? madeUsers.get(service)?.get(code);
  if (known) return known;
  const username = `city-${code}`;
  const { password, token } = await service.services.session.addUser({ username, role: 'city', unitCode: code }, 'test');
  const user: TestUser = { username, password, token, role: 'city', unitCode: code };
  const made = madeUsers.get(service) ?? new Map<string, TestUser>();
  madeUsers.set(service, made.set(code, user));
  return user;
}

async function ok(reply: Promise<{ status: number; text: string }>, status: number, what: string): Promise<void> {
  const r = await reply;
  expect(r.status, `${what}: ${r.text}`).to.equal(status);
}

/** Opens the 2015 cycle on 1.1.0 unless `cycleOpen`; every seeded unit files, submits and is reviewed; a finalised run. Returns its id. */
export async function seededRun110(service: TestService, options: { cycleOpen?: boolean } = {}): Promise<string> {
  const { examiner } = service.users;
  if (options.cycleOpen !== true) {
    const body = { year: 2015, rubric: RUBRIC_110.hash, deadline: '2016-03-31T23:59:59+08:00', targetDeadline: TARGET_DEADLINE };
    await ok(service.request('POST', '/api/cycles', { user: examiner, body }), 201, 'POST /api/cycles');
  }
  for (const code of seedCodes()) {
    const doc = seed(code);
    const user = await cityUser(service, code);
    const targets = Object.fromEntries(
      Object.entries(doc.targets ?? {}).map(([item, fields]) => [item, Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, t.value]))]),
    );
    if (Object.keys(targets).length > 0) {
      await ok(service.request('PUT', `/api/cycles/2015/targets/${code}`, { user, body: { targets } }), 200, `targets ${code}`);
      await ok(
        service.request('POST', `/api/cycles/2015/targets/${code}/decisions`, { user: examiner, body: { decision: 'approve', version: 1 } }),
        200,
        `approve ${code}`,
      );
    }
    const { submitted, review } = splitEvidence(RUBRIC_110, doc.items ?? {});
    const body = { version: 0, items: submitted, ...(doc.selfTotal === undefined ? {} : { selfTotal: doc.selfTotal }) };
    await ok(service.request('PUT', `/api/cycles/2015/submissions/${code}`, { user, body }), 200, `save ${code}`);
    await ok(service.request('POST', `/api/cycles/2015/submissions/${code}/submit`, { user, body: { version: 1 } }), 200, `submit ${code}`);
    if (Object.keys(review).length > 0)
      await ok(service.request('PUT', `/api/cycles/2015/reviews/${code}`, { user: examiner, body: { items: review } }), 201, `review ${code}`);
  }
  const run = await service.request('POST', '/api/cycles/2015/runs', { user: examiner });
  expect(run.status, run.text).to.equal(201);
  const runId = (run.body as { runId: string }).runId;
  await ok(service.request('POST', `/api/cycles/2015/runs/${runId}/finalize`, { user: examiner, body: { version: 1 } }), 200, 'finalize');
  return runId;
}
