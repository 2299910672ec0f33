/**
 * Three service processes on one database, as three instances behind a load balancer:
 * concurrent writes of the same records (drafts, reviews, runs and their finalisation)
 * go through all of them at once. Every write
 * is applied once or refused, the audit trail tells each record's writes in the order
 * of its versions, an Idempotency-Key replayed on another process answers the first
 * response and applies nothing twice, and `kaohe audit verify` passes. Each process
 * queues only its own writers (record-lock.ts), so what holds here is held by the
 * database. The servers run from source (tsx) on the test run's FerretDB.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { systemClock } from '../../src/adapters/clock.js';
import { initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import { type AuditEvent, recordHash, subjectOrderBreaks } from '../../src/records/index.js';
import type { Services } from '../../src/services/index.js';
import type { Stores } from '../../src/services/ports.js';
import { GANSU_HASH } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { repoRoot } from '../support/paths.js';
import { type ServiceProcess, startServiceProcesses } from '../support/service-process.js';

const YEAR = 2015;
/** Units whose drafts the cities save concurrently, and units whose reviews the examiners save. */
const DRAFT_UNITS = ['620100', '620200', '620300', '620400'];
const REVIEW_UNITS = ['620500', '620600'];
const KEYED_UNIT = '620700';
/** Writes each record takes before its lane stops, and the most waves a lane may send. */
const WRITES_PER_RECORD = 6;
const MAX_WAVES = 14;

interface Reply {
  readonly status: number;
  readonly body: any;
  readonly text: string;
}

/** One applied write: the version it made, on which process, from which version it was sent. */
interface Applied {
  readonly version: number;
  readonly process: number;
  readonly ifMatch: number;
  readonly body: any;
}

describe('three service processes on one database: concurrent writes (real FerretDB, servers from source)', function () {
  this.timeout(240_000);
  const dbName = `kaohe_procs_${randomBytes(4).toString('hex')}`;
  let uri = '';
  let connection: Connection;
  let stores: Stores;
  let services: Services;
  let processes: ServiceProcess[] = [];
  const tokens: Record<string, string> = {};
  const applied = new Map<string, Applied[]>();
  const statuses: number[] = [];
  let marker = 0;

  async function call(p: number, method: string, route: string, who: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const service = processes[p] as ServiceProcess;
    const res = await fetch(`${service.url}/api${route}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), text };
  }

  before(async () => {
    uri = await ferretdbUri();
    connection = await connect(uri, dbName);
    stores = await mongoStores(connection);
    // All three start at once on the empty database, as a first deployment does: each loads the register and rubrics.
    processes = await startServiceProcesses(uri, dbName, 3);
    services = composeServices({ stores, clock: systemClock, engineVersion: 'test', maxUploadBytes: 1024 });
    const add = async (username: string, role: 'examiner' | 'city', unitCode?: string) => {
      tokens[username] = (await services.session.addUser({ username, role, unitCode }, 'test')).token;
    };
    await add('examiner', 'examiner');
    await add('examiner2', 'examiner');
    for (const unit of [...DRAFT_UNITS, KEYED_UNIT]) await add(`city${unit}`, 'city', unit);
    const cycle = await call(0, 'POST', '/cycles', 'examiner', { year: YEAR, rubric: GANSU_HASH, deadline: '2099-12-31T23:59:59+08:00' });
    expect(cycle.status, cycle.text).to.equal(201);
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await connection?.dropDatabase();
    await connection?.close();
  });

  /**
   * One record written through all three processes at once, wave after wave. A wave
   * sends six writes: two from the version last seen and four guessing one or two
   * versions ahead, so that a write often reads a version another process has just
   * written (and may not yet have logged).
   */
  async function race(subject: string, send: (p: number, n: number, ifMatch: number) => Promise<Reply>): Promise<void> {
    const writes: Applied[] = [];
    applied.set(subject, writes);
    let seen = 0;
    for (let wave = 0; wave < MAX_WAVES && writes.length < WRITES_PER_RECORD; wave++) {
      const guesses = [seen, seen, seen + 1, seen + 1, seen + 2, seen + 2];
      const replies = await Promise.all(
        guesses.map(async (ifMatch, i) => {
          await new Promise((r) => setTimeout(r, Math.random() * 12 * (ifMatch - seen)));
          const p = (i + wave) % 3;
          return { p, ifMatch, reply: await send(p, ++marker, ifMatch) };
        }),
      );
      for (const { p, ifMatch, reply } of replies) {
        statuses.push(reply.status);
        expect([200, 201, 409], `${subject} on process ${p}: ${reply.status} ${reply.text}`).to.include(reply.status);
        if (reply.status === 409) expect(reply.body.code, reply.text).to.equal('stale');
        else writes.push({ version: reply.body.version as number, process: p, ifMatch, body: reply.body });
      }
      seen = Math.max(seen, ...writes.map((w) => w.version));
    }
  }

  const saveDraft = (unit: string) => (p: number, n: number, ifMatch: number) =>
    call(p, 'PUT', `/cycles/${YEAR}/submissions/${unit}`, `city${unit}`, { items: { 'G10.1': { note: `第 ${n} 次写入` } } }, { 'if-match': `"${ifMatch}"` });
  const saveReview = (unit: string) => (p: number, n: number, ifMatch: number) =>
    call(
      p,
      'PUT',
      `/cycles/${YEAR}/reviews/${unit}`,
      n % 2 === 0 ? 'examiner' : 'examiner2',
      { items: { 'G10.1': { finding: `第 ${n} 次核查` } } },
      { 'if-match': `"${ifMatch}"` },
    );

  /** The record a reply describes, as stored (what the audit chain hashes). */
  function storedSubmission(unit: string, body: any): object {
    const { createdAt, updatedAt, updatedBy, state, version, items, reopenings } = body;
    return { year: YEAR, unitCode: unit, state, items: JSON.stringify(items), createdAt, updatedAt, updatedBy, reopenings, version };
  }
  function storedReview(unit: string, body: any): object {
    const { updatedAt, updatedBy, version, items } = body;
    return { year: YEAR, unitCode: unit, items: JSON.stringify(items), updatedBy, updatedAt, version };
  }

  /** The entries about one record, in chain order. */
  const entriesOf = (events: readonly AuditEvent[], subject: string) => events.filter((e) => e.subject === subject);

  describe('drafts and reviews of the same records, saved through all three processes at once', () => {
    before(async () => {
      await Promise.all([
        ...DRAFT_UNITS.map((u) => race(`submission:${YEAR}/${u}`, saveDraft(u))),
        ...REVIEW_UNITS.map((u) => race(`review:${YEAR}/${u}`, saveReview(u))),
      ]);
    });

    it('every write is applied once or refused as stale (409), never failed', () => {
      expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 409)).to.deep.equal([]);
      for (const [subject, writes] of applied) {
        const versions = writes.map((w) => w.version).sort((a, b) => a - b);
        expect(versions, `${subject}: each version made by exactly one write`).to.deep.equal(versions.map((_, i) => i + 1));
        expect(versions.length, subject).to.be.at.least(WRITES_PER_RECORD);
      }
    });

    it('the writes really overlapped across processes: some read a version another process had just written', () => {
      let chained = 0;
      for (const writes of applied.values()) {
        for (const w of writes) {
          const base = writes.find((x) => x.version === w.ifMatch);
          if (base && base.process !== w.process && w.ifMatch > 0) chained++;
        }
      }
      expect(chained).to.be.greaterThan(0);
    });

    it('each record as stored is its last applied write', async () => {
      for (const unit of DRAFT_UNITS) {
        const writes = applied.get(`submission:${YEAR}/${unit}`) ?? [];
        const stored = await stores.submissions.get({ year: YEAR }, unit);
        expect(stored?.version, unit).to.equal(writes.length);
        expect(recordHash(stored), unit).to.equal(recordHash(storedSubmission(unit, writes.find((w) => w.version === writes.length)?.body)));
      }
      for (const unit of REVIEW_UNITS) {
        const writes = applied.get(`review:${YEAR}/${unit}`) ?? [];
        const stored = await stores.reviews.get({ year: YEAR }, unit);
        expect(recordHash(stored), unit).to.equal(recordHash(storedReview(unit, writes.find((w) => w.version === writes.length)?.body)));
      }
    });

    it("the audit trail tells each record's writes once each, in the order of their versions", async () => {
      const events = await stores.audit.all();
      expect(subjectOrderBreaks(events).map((b) => b.entry.seq)).to.deep.equal([]);
      for (const [subject, writes] of applied) {
        const unit = subject.slice(subject.indexOf('/') + 1);
        const made = subject.startsWith('review:') ? storedReview : storedSubmission;
        const byVersion = [...writes].sort((a, b) => a.version - b.version).map((w) => recordHash(made(unit, w.body)));
        expect(
          entriesOf(events, subject).map((e) => e.afterHash),
          subject,
        ).to.deep.equal(byVersion);
      }
      expect(await stores.journal.pending(), 'no write left open').to.deep.equal([]);
    });
  });

  describe('an Idempotency-Key replayed on every process', () => {
    const key = `procs-${randomBytes(4).toString('hex')}`;
    const body = { items: { 'G10.1': { note: '同一请求，重试三次' } } };
    const keyed = (p: number, b: unknown = body) =>
      call(p, 'PUT', `/cycles/${YEAR}/submissions/${KEYED_UNIT}`, `city${KEYED_UNIT}`, b, { 'if-match': '"1"', 'idempotency-key': key });
    let concurrent: Reply[] = [];

    before(async () => {
      const first = await call(0, 'PUT', `/cycles/${YEAR}/submissions/${KEYED_UNIT}`, `city${KEYED_UNIT}`, { items: {} }, { 'if-match': '"0"' });
      expect(first.status, first.text).to.be.oneOf([200, 201]);
      concurrent = await Promise.all([0, 1, 2, 0, 1, 2].map((p) => keyed(p)));
    });

    it('sent to all three at once: applied once; the others answer the same response or are told to retry (409)', () => {
      const answered = concurrent.filter((r) => r.status === 200);
      expect(answered.length, concurrent.map((r) => `${r.status} ${r.text}`).join('\n')).to.be.at.least(1);
      for (const r of concurrent) {
        if (r.status === 200) expect(r.body).to.deep.equal(answered[0]?.body);
        else {
          expect(r.status, r.text).to.equal(409);
          expect(r.body.message, r.text).to.include('正在处理中');
        }
      }
      expect(answered[0]?.body.version).to.equal(2);
    });

    it('replayed afterwards on each process: the first response, and the record written once', async () => {
      const first = concurrent.find((r) => r.status === 200);
      for (const p of [0, 1, 2]) {
        const again = await keyed(p);
        expect(again.status, again.text).to.equal(200);
        expect(again.body, `process ${p}`).to.deep.equal(first?.body);
      }
      expect((await stores.submissions.get({ year: YEAR }, KEYED_UNIT))?.version).to.equal(2);
      const entries = (await stores.audit.all()).filter((e) => e.subject === `submission:${YEAR}/${KEYED_UNIT}`);
      expect(entries.map((e) => e.action)).to.deep.equal(['submission.save', 'submission.save']);
    });

    it('the same key with another request, on another process: refused (422)', async () => {
      const other = await keyed(2, { items: { 'G10.1': { note: '另一个请求' } } });
      expect(other.status, other.text).to.equal(422);
      expect(other.body.message).to.include('已用于另一个请求');
    });
  });

  describe('runs created and finalised through all three processes at once', () => {
    let created: Reply[] = [];
    before(async () => {
      created = await Promise.all([0, 1, 2, 0, 1, 2].map((p) => call(p, 'POST', `/cycles/${YEAR}/runs`, p % 2 === 0 ? 'examiner' : 'examiner2', {})));
    });

    it('six runs asked for at once: six runs, numbered 1 to 6 without a gap or a duplicate', () => {
      for (const r of created) expect(r.status, r.text).to.equal(201);
      expect(created.map((r) => r.body.runId as string).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]))).to.deep.equal(
        [1, 2, 3, 4, 5, 6].map((n) => `${YEAR}-${n}`),
      );
    });

    it('one run finalised through every process at once: finalised once, the others refused (409)', async () => {
      const replies = await Promise.all(
        [0, 1, 2].map((p) => call(p, 'POST', `/cycles/${YEAR}/runs/${YEAR}-3/finalize`, 'examiner', {}, { 'if-match': '"1"' })),
      );
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 409, 409]);
      const entries = (await stores.audit.all()).filter((e) => e.subject === `run:${YEAR}-3`);
      expect(entries.map((e) => e.action)).to.deep.equal(['run.create', 'run.finalize']);
    });
  });

  describe('a first start of all three at once on an empty database', () => {
    it('loads the unit register and each published rubric once', async () => {
      expect((await stores.units.list()).map((u) => u.code)).to.deep.equal(
        initialUnits()
          .map((u) => u.code)
          .sort(),
      );
      const rubrics = await stores.rubrics.list();
      expect(rubrics.length).to.be.at.least(2);
      const loaded = (await stores.audit.all()).filter((e) => e.subject.startsWith('rubric:'));
      expect(loaded.map((e) => e.subject)).to.have.members(rubrics.map((r) => `rubric:${r.hash}`));
    });
  });

  describe('kaohe audit verify on the database the three processes wrote', () => {
    it('passes (run from source)', async () => {
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'],
          { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', MONGODB_URI: uri, KAOHE_DB_NAME: dbName } },
          (error, stdout, stderr) => resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr }),
        );
      });
      expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
      expect(run.stdout).to.include('审计核验通过').and.include('重新计算 6 次评分');
    });
  });
});
