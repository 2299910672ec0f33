/**
 * What the evaluator reads off runs in the browser, computed as the CLI computes it:
 * GET …/runs/:run/compare/:other (kaohe audit diff --json) and GET …/runs/:run/sample and
 * sample.csv (kaohe audit sample, byte for byte); and the audit trail filtered by kind
 * of action. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BundleDiff, diffBundles, sampleCheckpoints, sampleCsv } from '../../src/audit/index.js';
import { causesText } from '../../src/audit/diff-words.js';
import { AUDIT_ACTION_WORDS, AUDIT_KINDS, kindOfAction } from '../../src/audit/audit-actions.js';
import { diffText } from '../../src/cli/diff-text.js';
import { fromRoot } from '../support/paths.js';
import { runKaohe, useTempDirs } from '../support/cli.js';
import type { TestService } from '../support/service.js';
import { sourceFiles } from '../support/source-files.js';
import { FINAL_RUN, finalize, makeRun, seedCycle } from './bundle-support.js';
import { CALLERS, type Caller, YEAR, as, startServiceWithDatabase } from './review-run-support.js';

const runsPath = `/api/cycles/${YEAR}/runs`;
const SECOND_RUN = '2015-2';

/** 嘉峪关市's G10.1 coverage lowered 100 → 99 after a reopening: an evidence change between the runs. */
async function lowerCoverage(service: TestService): Promise<void> {
  const unit = '620200';
  const base = `/api/cycles/${YEAR}/submissions/${unit}`;
  const read = await service.request('GET', base, { user: service.users.examiner });
  const reopened = await service.request('POST', `${base}/reopen`, {
    user: service.users.examiner,
    body: { reason: '覆盖率需按最新台账核对', version: read.body.version },
  });
  expect(reopened.status, reopened.text).to.equal(200);
  const items = { ...read.body.items, 'G10.1': { values: { supervisionCoverage: 99 }, selfScore: 2.5 } };
  const saved = await service.request('PUT', base, { user: service.users.otherCity, body: { items, version: reopened.body.version } });
  expect(saved.status, saved.text).to.equal(200);
  const submitted = await service.request('POST', `${base}/submit`, { user: service.users.otherCity, body: { version: saved.body.version } });
  expect(submitted.status, submitted.text).to.equal(200);
}

describe('reading runs as the CLI does: compare, sample, and the audit trail by kind (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  const tempDir = useTempDirs();

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await seedCycle(service);
    await makeRun(service);
    await finalize(service, FINAL_RUN);
    service.clock.set('2016-04-20T08:00:00.000Z');
    await lowerCoverage(service);
    expect(await makeRun(service)).to.equal(SECOND_RUN);
  });
  after(async () => {
    await service.close();
  });

  describe('GET …/runs/:run/compare/:other', () => {
    const comparePath = (a: string, b: string) => `${runsPath}/${a}/compare/${b}`;
    const expected: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    for (const caller of CALLERS) {
      it(`${caller} → ${expected[caller]}`, async () => {
        const reply = await service.request('GET', comparePath(FINAL_RUN, SECOND_RUN), as(service, caller));
        expect(reply.status, reply.text.slice(0, 300)).to.equal(expected[caller]);
        if (reply.status === 403) expect(reply.body.message).to.match(/[\u4e00-\u9fff]/);
      });
    }

    it('names 嘉峪关市 as changed, with G10.1 2.50 → 2.00 because of its evidence (supervisionCoverage), like kaohe audit diff', async () => {
      const reply = await service.request('GET', comparePath(FINAL_RUN, SECOND_RUN), { user: service.users.auditor });
      const diff = reply.body as BundleDiff;
      expect(diff.identical).to.equal(false);
      const changed = diff.units.filter((u) => u.items.length > 0);
      expect(changed.map((u) => u.code)).to.deep.equal(['620200']);
      const item = changed[0]?.items.find((i) => i.code === 'G10.1');
      expect(item?.before?.score).to.equal(2.5);
      expect(item?.after?.score).to.equal(2);
      expect(item?.causes).to.deep.equal(['evidence']);
      if (item) expect(causesText(item)).to.equal('证据（“新开工大中型工程项目质量监督覆盖率”）');
      expect(diffText(diff, { a: FINAL_RUN, b: SECOND_RUN })).to.match(
        /G10\.1\s+新开工大中型工程项目质量监督覆盖率\s+考核要点\s+2\.50 → 2\.00\s+证据（“新开工大中型工程项目质量监督覆盖率”）/,
      );
    });

    it('is what kaohe audit diff --json says of the two downloaded bundles', async () => {
      const [a, b] = await Promise.all(
        [FINAL_RUN, SECOND_RUN].map(async (run) => (await service.request('GET', `${runsPath}/${run}/bundle`, { user: service.users.auditor })).body),
      );
      const reply = await service.request('GET', comparePath(FINAL_RUN, SECOND_RUN), { user: service.users.auditor });
      expect(reply.body).to.deep.equal(JSON.parse(JSON.stringify(diffBundles(a, b))));
    });

    it('the same run twice: no differences', async () => {
      const reply = await service.request('GET', comparePath(SECOND_RUN, SECOND_RUN), { user: service.users.examiner });
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      expect(reply.body.identical).to.equal(true);
      expect(reply.body.units.filter((u: { changed: boolean }) => u.changed)).to.deep.equal([]);
    });

    it('an unknown run is a 404 naming it, in Chinese', async () => {
      const reply = await service.request('GET', comparePath(FINAL_RUN, '2015-9'), { user: service.users.examiner });
      expect(reply.status).to.equal(404);
      expect(reply.body.message).to.include('2015-9');
      expect(reply.body.message).to.match(/不存在/);
    });

    it('a malformed run is a 400 naming $.params.other', async () => {
      const reply = await service.request('GET', comparePath(FINAL_RUN, 'latest'), { user: service.users.examiner });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['$.params.other']);
    });
  });

  describe('GET …/runs/:run/sample and sample.csv', () => {
    const query = '?size=20&seed=20160301';
    const expected: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    for (const caller of CALLERS) {
      it(`sample.csv: ${caller} → ${expected[caller]}`, async () => {
        const reply = await service.request('GET', `${runsPath}/${FINAL_RUN}/sample.csv${query}`, as(service, caller));
        expect(reply.status, reply.text.slice(0, 300)).to.equal(expected[caller]);
      });
    }

    it('the CSV is byte for byte what kaohe audit sample writes from the run’s bundle, saved under a Chinese name with the seed', async () => {
      // The bytes as sent (the test client's text() would drop the byte-order mark).
      const reply = await fetch(`${service.url}${runsPath}/${FINAL_RUN}/sample.csv${query}`, {
        headers: { authorization: `Bearer ${service.users.auditor.token}` },
      });
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect(reply.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      expect(reply.headers.get('content-disposition')).to.equal(
        `attachment; filename*=UTF-8''${encodeURIComponent('2015年度质量工作考核抽样复核（种子 20160301）.csv')}`,
      );
      const bundle = await service.request('GET', `${runsPath}/${FINAL_RUN}/bundle`, { user: service.users.auditor });
      const dir = tempDir('sample-api');
      const bundleFile = path.join(dir, 'bundle.json');
      writeFileSync(bundleFile, bundle.text);
      const out = path.join(dir, 'sample.csv');
      const cli = runKaohe(['audit', 'sample', '--bundle', bundleFile, '--size', '20', '--seed', '20160301', '--out', out]);
      expect(cli.status, cli.stderr).to.equal(0);
      expect(bytes.equals(readFileSync(out))).to.equal(true);
      expect(bytes.toString('utf8')).to.equal(sampleCsv(sampleCheckpoints(bundle.body, { size: 20, seed: '20160301' })));
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    });

    it('the JSON form has the CSV’s columns and rows, and a draft’s file name says it is one', async () => {
      const json = await service.request('GET', `${runsPath}/${SECOND_RUN}/sample${query}`, { user: service.users.examiner });
      expect(json.status, json.text.slice(0, 300)).to.equal(200);
      expect(json.body).to.deep.include({ year: YEAR, runId: SECOND_RUN, runStatus: 'draft', size: 20, seed: '20160301', units: 14 });
      expect(json.body.rows).to.have.length(20);
      const csv = await service.request('GET', `${runsPath}/${SECOND_RUN}/sample.csv${query}`, { user: service.users.examiner });
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]?.split(',')).to.deep.equal(json.body.columns);
      expect(lines).to.have.length(21);
      expect(decodeURIComponent(csv.headers.get('content-disposition') ?? '')).to.include(`（草稿 ${SECOND_RUN}）`);
    });

    const refusals: [string, string, RegExp][] = [
      ['?seed=1', '$.query.size', /请填写样本量/],
      ['?size=0&seed=1', '$.query.size', /样本量应为正整数/],
      ['?size=2.5&seed=1', '$.query.size', /样本量应为正整数/],
      ['?size=5', '$.query.seed', /请填写随机种子/],
      [`?size=5&seed=${'9'.repeat(65)}`, '$.query.seed', /随机种子最长 64 个字符/],
    ];
    for (const [q, where, message] of refusals) {
      it(`${q.slice(0, 30)} is a 400 at ${where}, in Chinese`, async () => {
        const reply = await service.request('GET', `${runsPath}/${FINAL_RUN}/sample${q}`, { user: service.users.auditor });
        expect(reply.status, reply.text).to.equal(400);
        expect(reply.body.errors.map((e: { path: string }) => e.path)).to.deep.equal([where]);
        expect(reply.body.errors[0].message).to.match(message);
      });
    }

    it('an unknown run is a 404 naming it', async () => {
      const reply = await service.request('GET', `${runsPath}/2015-7/sample${query}`, { user: service.users.auditor });
      expect(reply.status).to.equal(404);
      expect(reply.body.message).to.include('2015-7');
    });
  });

  describe('GET /api/audit/events?kind=', () => {
    it('keeps only the entries of that kind, with the other filters', async () => {
      const all = await service.request('GET', '/api/audit/events', { user: service.users.auditor });
      for (const kind of ['submission', 'review', 'run', 'material', 'cycle']) {
        const reply = await service.request('GET', `/api/audit/events?kind=${kind}`, { user: service.users.auditor });
        expect(reply.status, reply.text).to.equal(200);
        const expectedSeqs = all.body.filter((e: { action: string }) => e.action.startsWith(`${kind}.`)).map((e: { seq: number }) => e.seq);
        expect(expectedSeqs.length, kind).to.be.greaterThan(0);
        expect(reply.body.map((e: { seq: number }) => e.seq)).to.deep.equal(expectedSeqs);
      }
      const reply = await service.request('GET', '/api/audit/events?kind=submission&unit=620200', { user: service.users.auditor });
      expect(reply.body.map((e: { action: string }) => e.action)).to.deep.equal([
        'submission.submit',
        'submission.reopen',
        'submission.save',
        'submission.submit',
      ]);
    });

    it('an unknown kind is a 400 at $.query.kind listing the kinds in Chinese', async () => {
      const reply = await service.request('GET', '/api/audit/events?kind=login', { user: service.users.auditor });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['$.query.kind']);
      expect(reply.body.errors[0].message).to.include('session（登录与退出）');
    });

    it('every action the services write has a kind and words (src/audit/audit-actions.ts)', () => {
      const written = new Set<string>();
      for (const file of sourceFiles(fromRoot('src', 'services'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/'((?:[a-z]+)\.[a-z_]+)'/g)) {
          if ((AUDIT_KINDS as readonly string[]).includes(m[1]?.split('.')[0] ?? '')) written.add(m[1] as string);
        }
      }
      expect(written.size).to.be.greaterThan(15);
      for (const action of written) {
        expect(AUDIT_ACTION_WORDS, action).to.have.property(action);
        expect(kindOfAction(action), action).to.not.equal(undefined);
      }
    });
  });
});
