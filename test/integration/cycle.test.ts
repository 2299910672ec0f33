/**
 * The whole yearly cycle over HTTP, as the people of DESIGN.md walk it: the examiner
 * opens the cycle; cities save and submit their evidence; the examiner reviews,
 * runs and finalises; a city reads its own result; a correction is a new run; and
 * the results are exactly what `kaohe assess` gives for the same evidence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { EvidenceDocument } from '../../src/core/index.js';
import { verify } from '../../src/services/audit/audit.js';
import { splitEvidence } from '../../src/records/index.js';
import { builtCli, described, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import type { TestService, TestUser } from '../support/service.js';
import { YEAR, gansuRubric, openCycle, seedDocument, startServiceWithDatabase } from './review-run-support.js';

const SUBMITTING = ['620100', '620200', '620500', '621200'];
const DRAFTING = '620300';
/** The examiner's on-site check found 兰州市's case closure rate lower than reported. */
const VERIFIED = { unit: '620100', item: 'G04.1', field: 'caseClosureRate', value: 85.5 };

/** Runs `kaohe assess` on evidence files and returns its results.json. */
function kaoheAssess(evidenceDir: string, outDir: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, [builtCli, 'assess', '--rubric', seedRubric, '--evidence', evidenceDir, '--units', seedUnits, '--out', outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(run.status, described({ status: run.status, stdout: run.stdout, stderr: run.stderr })).to.equal(0);
  return JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8'));
}

describe('the whole cycle for several units (real FerretDB, real HTTP, the built CLI)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  const rubric = gansuRubric();
  let service: TestService;
  const cities: Record<string, TestUser> = {};

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    cities['620100'] = service.users.city;
    cities['620200'] = service.users.otherCity;
    for (const code of ['620300', '620500', '621200']) {
      const { password, token } = await service.services.session.addUser({ username: `city-${code}`, role: 'city', unitCode: code }, 'test');
      cities[code] = { username: `city-${code}`, password, token, role: 'city', unitCode: code };
    }
  });
  after(async () => {
    await service.close();
  });

  it('1. the examiner opens the 2015 cycle on the published Gansu rubric', async () => {
    await openCycle(service);
    const cycle = await service.request('GET', `/api/cycles/${YEAR}`, { user: service.users.city });
    expect(cycle.status, cycle.text).to.equal(200);
  });

  it('2. cities save drafts and submit; one only saves a draft', async () => {
    for (const code of [...SUBMITTING, DRAFTING]) {
      const seed = seedDocument(code);
      const { submitted } = splitEvidence(rubric, seed.items);
      const url = `/api/cycles/${YEAR}/submissions/${code}`;
      const saved = await service.request('PUT', url, { user: cities[code], body: { items: submitted, selfTotal: seed.selfTotal, version: 0 } });
      expect(saved.status, `${code}: ${saved.text}`).to.be.oneOf([200, 201]);
      if (code === DRAFTING) continue;
      const sent = await service.request('POST', `${url}/submit`, { user: cities[code], body: { version: saved.body.version } });
      expect(sent.status, `${code}: ${sent.text}`).to.equal(200);
      expect(sent.body.state).to.equal('submitted');
    }
  });

  it('3. a city cannot touch another unit, nor review its own', async () => {
    const other = await service.request('PUT', `/api/cycles/${YEAR}/submissions/620200`, { user: service.users.city, body: { items: {}, version: 1 } });
    expect(other.status).to.equal(403);
    const review = await service.request('PUT', `/api/cycles/${YEAR}/reviews/620100`, { user: service.users.city, body: { items: {} } });
    expect(review.status).to.equal(403);
  });

  it('4. the examiner reviews: the examiner’s part of each unit’s evidence, and one verified value', async () => {
    for (const code of SUBMITTING) {
      const { review } = splitEvidence(rubric, seedDocument(code).items);
      const items: Record<string, unknown> = { ...review };
      if (code === VERIFIED.unit) items[VERIFIED.item] = { values: { [VERIFIED.field]: VERIFIED.value }, finding: '核查案件台账，结案率为85.5%。' };
      const reply = await service.request('PUT', `/api/cycles/${YEAR}/reviews/${code}`, { user: service.users.examiner, body: { items } });
      expect(reply.status, `${code}: ${reply.text}`).to.equal(201);
    }
  });

  let runId: string;
  it('5. the examiner runs the assessment; the results are what kaohe assess gives for the same evidence', async () => {
    const created = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner, headers: { 'idempotency-key': 'cycle-run-1' } });
    expect(created.status, created.text).to.equal(201);
    runId = created.body.runId;
    const served = await service.request('GET', `/api/cycles/${YEAR}/runs/${runId}`, { user: service.users.auditor });

    // The same evidence as files: what each unit submitted (the draft does not count) with the examiner's part.
    const dir = tempDir('cycle-evidence');
    for (const code of SUBMITTING) {
      const { $schema: _schema, ...doc } = seedDocument(code);
      for (const item of Object.values(doc.items)) if (item.adjustment) item.adjustment = { ...item.adjustment, by: 'examiner' };
      const verified = doc.items[VERIFIED.item];
      if (code === VERIFIED.unit && verified) {
        verified.values = { ...verified.values, [VERIFIED.field]: VERIFIED.value };
        verified.finding = '核查案件台账，结案率为85.5%。';
      }
      writeFileSync(path.join(dir, `${code}.json`), JSON.stringify(doc satisfies EvidenceDocument));
    }
    const out = tempDir('cycle-out');
    mkdirSync(out, { recursive: true });
    const expected = kaoheAssess(dir, out);
    // The engine version names the build that ran (the test service calls itself "test").
    expect({ ...served.body, engine: null }).to.deep.equal({ ...expected, engine: null });

    const lanzhou = served.body.units.find((u: { code: string }) => u.code === VERIFIED.unit);
    expect(lanzhou.items.find((i: { code: string }) => i.code === VERIFIED.item).finding).to.include('85.5%');
    const draft = served.body.units.find((u: { code: string }) => u.code === DRAFTING);
    expect(draft.missingItems).to.have.length(rubric.checkpoints.length);
  });

  it('6. a city cannot see the draft run; the examiner finalises it; then each city sees its own unit only', async () => {
    expect((await service.request('GET', `/api/cycles/${YEAR}/runs/${runId}`, { user: service.users.city })).status).to.equal(403);
    const final = await service.request('POST', `/api/cycles/${YEAR}/runs/${runId}/finalize`, { user: service.users.examiner, headers: { 'if-match': '"1"' } });
    expect(final.status, final.text).to.equal(200);
    for (const code of SUBMITTING) {
      const ranking = await service.request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking`, { user: cities[code] });
      expect(ranking.status).to.equal(200);
      expect(ranking.body.map((r: { code: string }) => r.code)).to.deep.equal([code]);
    }
  });

  let correction: string;
  it('7. a correction: the examiner reopens a submission, the city resubmits, a new run differs and the finalised one stays', async () => {
    const finalBefore = await service.stores.runs.get(runId);
    const url = `/api/cycles/${YEAR}/submissions/620500`;
    const reopened = await service.request('POST', `${url}/reopen`, { user: service.users.examiner, body: { reason: '请补充质量奖评选文件。' } });
    expect(reopened.status, reopened.text).to.equal(200);
    const { submitted } = splitEvidence(rubric, seedDocument('620500').items);
    const items = { ...submitted, 'G02.1': { ...submitted['G02.1'], values: { qualityAward: '已设立并完成评选' } } };
    const saved = await service.request('PUT', url, { user: cities['620500'], body: { items, version: reopened.body.version } });
    expect(saved.status, saved.text).to.equal(200);
    const sent = await service.request('POST', `${url}/submit`, { user: cities['620500'], body: { version: saved.body.version } });
    expect(sent.status, sent.text).to.equal(200);

    const next = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner });
    expect(next.status).to.equal(201);
    correction = next.body.runId;
    expect(correction).not.to.equal(runId);
    expect(next.body.resultsHash).not.to.equal(finalBefore?.resultsHash);
    expect(await service.stores.runs.get(runId)).to.deep.equal(finalBefore);
  });

  it('8. the trail holds every step, and verifies', async () => {
    const events = await service.request('GET', `/api/audit/events?year=${YEAR}`, { user: service.users.auditor });
    const actions = new Set(events.body.map((e: { action: string }) => e.action));
    for (const action of ['cycle.create', 'submission.save', 'submission.submit', 'submission.reopen', 'review.save', 'run.create', 'run.finalize']) {
      expect(actions, action).to.include(action);
    }
    const report = await verify(service.stores, service.clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.runs).to.equal(2);
  });
});
