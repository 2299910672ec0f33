/**
 * The service is killed (-9) at random moments of a burst of writes, again and again,
 * and started again; once, the database is killed instead. Every write the service
 * acknowledged must be there afterwards, and `kaohe audit verify` must pass: the writes
 * the crash cut short are completed or rolled back (services/journal.ts), never left as
 * something that looks like tampering. The real server (`node dist/server.js`, built
 * by `npm test`; KAOHE_TEST_DIST names another build, relative to the package) on a FerretDB of its own.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { seededRandom } from '../../src/core/index.js';
import type { Connection } from 'mongoose';
import { systemClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { freePort } from '../../src/adapters/mongo/ferretdb.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import type { Actor } from '../../src/services/access/actor.js';
import { verify } from '../../src/services/audit/audit.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { composeServices } from '../../src/compose.js';
import type { Stores } from '../../src/services/ports.js';
import { GANSU_HASH } from '../support/cycle-fixtures.js';
import { type OwnFerretdb, ownFerretdb } from '../support/own-ferretdb.js';

const SERVER_KILLS = 8;
const CITIES = ['620100', '620200', '620300'];
const REVIEWED = ['620400', '620500'];
const root = process.cwd();
const built = process.env.KAOHE_TEST_DIST ?? 'dist';

interface Acknowledged {
  notes: string[];
  /** The highest version a write was acknowledged at, per record. */
  versions: Map<string, number>;
}

describe('crash recovery: the server killed during bursts of writes (real server, real FerretDB)', function () {
  this.timeout(300_000);
  let db: OwnFerretdb;
  let connection: Connection;
  let stores: Stores;
  let server: ChildProcess | undefined;
  let url = '';
  const dbName = `kaohe_crash_${randomBytes(4).toString('hex')}`;
  const tokens: Record<string, string> = {};
  const acked: Acknowledged = { notes: [], versions: new Map() };
  const rand = seededRandom(20151231);
  /** What the restarted server said it settled, and what verify settled after it. */
  const settledAtStart: string[] = [];
  let settledByVerify = 0;

  async function startServer(): Promise<void> {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [path.join(root, built, 'server.js')], {
      env: { ...process.env, PORT: String(port), MONGODB_URI: db.uri, KAOHE_DB_NAME: dbName },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.startsWith('中断恢复')) settledAtStart.push(line);
    });
    for (let i = 0; i < 150; i++) {
      try {
        if ((await fetch(`${url}/api/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server did not start');
  }

  const call = async (method: string, route: string, who: string, body: unknown, version?: number) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' };
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    const res = await fetch(`${url}${route}`, { method, headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** Writes until the first failure (the server is gone), remembering what was acknowledged. */
  async function burst(): Promise<void> {
    const noteWriter = async (n: number) => {
      for (let i = 0; ; i++) {
        const reply = await call('POST', `/api/cycles/2015/units/${CITIES[n % 3]}/notes`, 'auditor', { verdict: 'agree', reason: `抽查 ${n}-${i} ✓ 𠀀` });
        if (reply.status !== 201) throw new Error(String(reply.status));
        acked.notes.push(reply.body.id as string);
      }
    };
    const chain = async (
      subject: string,
      write: (version: number) => Promise<{ status: number; body: Record<string, unknown> }>,
      read: () => Promise<number>,
    ) => {
      let version = await read();
      for (;;) {
        const reply = await write(version);
        if (reply.status === 409) {
          version = await read();
          continue;
        }
        if (reply.status !== 200 && reply.status !== 201) throw new Error(String(reply.status));
        version = reply.body.version as number;
        acked.versions.set(subject, Math.max(acked.versions.get(subject) ?? 0, version));
      }
    };
    const drafts = CITIES.map((unit) =>
      chain(
        `submission:2015/${unit}`,
        (v) => call('PUT', `/api/cycles/2015/submissions/${unit}`, unit, { items: {}, selfTotal: Math.floor(rand() * 100) }, v === 0 ? undefined : v),
        async () => ((await call('GET', `/api/cycles/2015/submissions/${unit}`, unit, undefined)).body.version as number | undefined) ?? 0,
      ),
    );
    const reviews = REVIEWED.map((unit) =>
      chain(
        `review:2015/${unit}`,
        (v) => call('PUT', `/api/cycles/2015/reviews/${unit}`, 'examiner', { items: {} }, v === 0 ? undefined : v),
        async () => {
          const reply = await call('GET', `/api/cycles/2015/reviews/${unit}`, 'examiner', undefined);
          return reply.status === 404 ? 0 : (reply.body.version as number);
        },
      ),
    );
    await Promise.allSettled([noteWriter(0), noteWriter(1), noteWriter(2), ...drafts, ...reviews]);
  }

  /** Every acknowledged write is stored, and the trail verifies. */
  async function expectIntact(round: string): Promise<void> {
    for (const id of acked.notes) expect(await stores.notes.get(id), `${round}: acknowledged note ${id}`).to.not.equal(null);
    for (const [subject, version] of acked.versions) {
      const [kind, key] = subject.split(':') as [string, string];
      const unit = key.split('/')[1] as string;
      const record = kind === 'submission' ? await stores.submissions.get({ year: 2015 }, unit) : await stores.reviews.get({ year: 2015 }, unit);
      expect(record?.version ?? 0, `${round}: ${subject} was acknowledged at version ${version}`).to.be.at.least(version);
    }
    const report = await verify(stores, systemClock);
    settledByVerify += report.recovery.completed.length + report.recovery.rolledBack + report.recovery.inFlight;
    expect(report.ok, `${round}: ${JSON.stringify(report.problem)} ${JSON.stringify(report.recovery)}`).to.equal(true);
  }

  before(async () => {
    db = await ownFerretdb();
    connection = await connect(db.uri, dbName);
    stores = await mongoStores(connection);
    await bootstrap(stores, systemClock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock: systemClock, engineVersion: 'test', maxUploadBytes: 1024 });
    const add = async (name: string, role: Actor['role'], unitCode?: string) => {
      tokens[name] = (await services.session.addUser({ username: `u${name}`, role, unitCode }, 'test')).token;
    };
    await add('examiner', 'examiner');
    await add('auditor', 'auditor');
    for (const unit of CITIES) await add(unit, 'city', unit);
    await services.cycles.create(
      { userId: '', username: 'setup', role: 'examiner' },
      { year: 2015, rubric: GANSU_HASH, deadline: '2099-03-31T23:59:59+08:00' },
    );
    await startServer();
  });

  after(async () => {
    server?.kill('SIGKILL');
    await connection.close(true).catch(() => undefined);
    db.stop();
  });

  for (let round = 1; round <= SERVER_KILLS; round++) {
    it(`round ${round}: kill -9 the server mid-burst, start it again: every acknowledged write is there and verify passes`, async () => {
      const writing = burst();
      await new Promise((r) => setTimeout(r, 150 + Math.floor(rand() * 1200)));
      server?.kill('SIGKILL');
      await writing;
      await startServer();
      await expectIntact(`round ${round}`);
    });
  }

  it('the database killed mid-burst: the server answers 503 meanwhile, and once it is back nothing acknowledged is lost and verify passes', async () => {
    const writing = burst();
    await new Promise((r) => setTimeout(r, 300 + Math.floor(rand() * 800)));
    db.kill();
    await writing;
    expect((await fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${tokens.examiner}` } })).status).to.equal(503);
    await db.restart();
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${tokens.examiner}` } })).status;
    }
    expect(status, 'the server serves again without a restart').to.equal(200);
    for (let i = 0; i < 60; i++) {
      if (
        await stores.units.list().then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await expectIntact('database killed');
  });

  it('kaohe audit verify, run as a user would, passes on what all that left', () => {
    server?.kill('SIGKILL');
    const cli = spawnSync(process.execPath, [path.join(root, built, 'cli', 'main.js'), 'audit', 'verify'], {
      env: { ...process.env, MONGODB_URI: db.uri, KAOHE_DB_NAME: dbName },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stdout + cli.stderr).to.equal(0);
    expect(cli.stdout).to.include('审计核验通过');
    expect(acked.notes.length, 'the bursts wrote notes').to.be.greaterThan(20);
    // The kills did cut writes short, so recovery was exercised, not only the happy path.
    expect(settledAtStart.length + settledByVerify, 'writes were interrupted and settled').to.be.greaterThan(0);
  });
});
