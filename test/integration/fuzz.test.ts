import { expect } from 'chai';
import { seededRandom } from '../../src/core/index.js';
import { allRoutes } from '../../src/api/routes/index.js';
import { createGansuCycle } from '../support/cycle-fixtures.js';
import { type TestService, type TestUser, startService } from '../support/service.js';

const SEED = 20160115;
const REQUESTS = 3000;
const BUDGET_MS = 60_000;

const SEGMENTS = [
  '2015',
  '2016',
  '620100',
  '620200',
  '2015-1',
  '2015-99',
  'a'.repeat(24),
  '0'.repeat(24),
  'chart-ranking.png',
  'sha256:' + 'a'.repeat(64),
  '%E0%A4%A',
  '%ZZ',
  '%00',
  '%ED%A0%80',
  '1e999',
  '-1',
  '99999999999999999999',
  '$gt',
  '__proto__',
  'constructor',
  '..%2F..',
  '%F0%9F%98%80',
  '%E2%80%AE',
  'a.b',
  '',
];
const STRINGS = [
  '',
  ' ',
  'x',
  '兰州市',
  '\ud800',
  '\udc00x',
  'a\u0000b',
  '\u202efdp.exe',
  'e\u0301',
  '😀',
  '\ufffd',
  '$gt',
  '__proto__',
  'G10.1',
  '2015-1',
  'agree',
  'x'.repeat(70_000),
];
const NUMBERS = ['0', '-1', '1', '3', '2015', '1e999', '-1e999', '1e308', '0.1', '99999999999999999999', '-0', '1.5'];
const KEYS = [
  'items',
  'version',
  'reason',
  'verdict',
  'itemCode',
  'runId',
  'values',
  'note',
  'year',
  'rubric',
  'deadline',
  'username',
  'password',
  '__proto__',
  '\ud800',
  'G10.1',
  'G01.1',
  '$where',
  'a.b',
  'constructor',
];
const QUERIES = [
  '',
  '?limit=2',
  '?limit=1e999',
  '?limit=1&limit=2',
  '?unit=620100',
  '?actor=%E0%A4%A',
  '?actor=%00',
  '?year=2015&unit=%ED%A0%80',
  '?after=-1',
  '?x=1',
  '?__proto__=1',
  '?from=2015-13-45',
  '?a[b]=c',
];
const IF_MATCH = [undefined, '"1"', '1', 'W/"1"', '"0"', '"99"', 'x', '"1e999"', '*', '"-1"', '""'];
const FILENAMES = [undefined, 'a.txt', '%E2%80%AEfdp.exe', '%ED%A0%80', '%00', '..', 'a%2Fb', encodeURIComponent('报告😀.pdf'), '%', 'x'.repeat(300)];

describe('fuzz: every route, every role, mutated paths, queries, headers and bodies (seeded)', function () {
  this.timeout(BUDGET_MS + 60_000);
  let service: TestService;
  before(async () => {
    service = await startService();
    await createGansuCycle(service);
    // Something to act on: a saved draft, a run.
    await service.request('PUT', '/api/cycles/2015/submissions/620100', {
      user: service.users.city,
      body: { items: { 'G10.1': { values: { supervisionCoverage: 99 } } } },
    });
    await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
  });
  after(async () => {
    await service.close();
  });

  it(`${REQUESTS} requests (seed ${SEED}): never a 5xx, every refusal has code and message, and audit verify passes afterwards`, async () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const chance = (p: number) => random() < p;

    const json = (depth: number): string => {
      const r = random();
      if (depth > 3 || r < 0.3) return chance(0.5) ? pick(NUMBERS) : JSON.stringify(pick(STRINGS));
      if (r < 0.4) return pick(['true', 'false', 'null']);
      if (r < 0.55) return `[${Array.from({ length: Math.floor(random() * 4) }, () => json(depth + 1)).join(',')}]`;
      return `{${Array.from({ length: Math.floor(random() * 4) }, () => `${JSON.stringify(pick(KEYS))}:${json(depth + 1)}`).join(',')}}`;
    };
    const body = (): string | undefined => {
      const r = random();
      if (r < 0.15) return undefined;
      if (r < 0.2) return `${'['.repeat(3000)}${']'.repeat(3000)}`;
      if (r < 0.25) return pick(['{', '{"a":', 'nul', '{"a":1}}', '\u00ff', '{"a":"\\ud800"}', '{"a":"\\u00"}']);
      return json(0);
    };
    const callers: (TestUser | undefined)[] = [undefined, ...Object.values(service.users)];
    const routes = allRoutes(service.services);
    const started = Date.now();
    const failures: string[] = [];
    let sent = 0;

    for (; sent < REQUESTS && Date.now() - started < BUDGET_MS; sent++) {
      const spec = pick(routes);
      const path = `/api${spec.path}`.replace(/:(\w+)/g, () => (chance(0.7) ? pick(SEGMENTS.slice(0, 10)) : pick(SEGMENTS)));
      const url = path + (chance(0.3) ? pick(QUERIES) : '');
      const user = pick(callers);
      const headers: Record<string, string> = {};
      const ifMatch = chance(0.4) ? pick(IF_MATCH) : undefined;
      if (ifMatch !== undefined) headers['if-match'] = ifMatch;
      if (chance(0.2)) headers['idempotency-key'] = pick(['k1', 'k2', 'a b', 'x'.repeat(200), 'ok:1']);
      if (spec.receive) {
        const name = pick(FILENAMES);
        if (name !== undefined) headers['x-filename'] = name;
        if (chance(0.3)) headers['x-item-code'] = pick(['G10.1', 'G99.9', '$gt', '__proto__']);
        if (chance(0.3)) headers['content-type'] = pick(['text/plain', 'pdf', 'application/json; charset=latin1']);
      } else if (chance(0.1)) headers['content-type'] = pick(['text/plain', 'application/json; charset=latin1', 'application/json; charset=utf-8']);
      const method = chance(0.05) ? pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) : spec.method.toUpperCase();
      const text = method === 'GET' || method === 'DELETE' ? undefined : body();
      const reply = await service.request(method, url, {
        user,
        body: text,
        headers: text === undefined ? headers : { 'content-type': 'application/json', ...headers },
      });
      const what = `${method} ${url} as ${user?.username ?? 'anonymous'} ${JSON.stringify(headers)} body ${text === undefined ? '(none)' : text.slice(0, 300)}`;
      // A 5xx a route declares (503: no Chromium or CJK font for the PDF and charts) is an answer; any other is a failure.
      if (reply.status >= 500 && !(spec.errorStatuses ?? []).includes(reply.status)) failures.push(`${reply.status} ${what}\n  → ${reply.text.slice(0, 300)}`);
      else if (reply.status >= 400 && (typeof reply.body?.code !== 'string' || typeof reply.body?.message !== 'string'))
        failures.push(`${reply.status} without code/message: ${what}\n  → ${reply.text.slice(0, 300)}`);
    }

    expect(sent, 'requests sent within the time budget').to.be.above(500);
    expect(failures, failures.slice(0, 10).join('\n')).to.deep.equal([]);
    const verified = await service.services.audit.verify();
    expect(verified.ok, JSON.stringify(verified)).to.equal(true);
  });
});
