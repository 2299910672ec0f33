/**
 * The service's command-line tools, run as a user runs them (the built CLI in a child
 * process) against the test run's FerretDB, each on a database of its own.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { freePort } from '../../src/adapters/mongo/ferretdb.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { actorOf } from '../../src/services/access/actor.js';
import { composeServices } from '../../src/compose.js';
import type { Stores } from '../../src/services/ports.js';
import { type KaoheRun, described, runKaoheAsync, seedRubric, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';

const NEW_COMMANDS = ['db start', 'db stop', 'db status', 'users add', 'seed', 'audit verify'];

/** The CLI without blocking this process, which holds database connections of its own (see runKaoheAsync). */
const kaohe = (args: readonly string[], env: Record<string, string | undefined>): Promise<KaoheRun> => runKaoheAsync(args, env);

/** A fresh database on the test FerretDB, the environment that points the CLI at it, and its stores. */
async function freshDatabase(): Promise<{ env: Record<string, string>; connection: Connection; stores: Stores }> {
  const uri = await ferretdbUri();
  const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
  const connection = await connect(uri, name);
  return { env: { MONGODB_URI: uri, KAOHE_DB_NAME: name }, connection, stores: await mongoStores(connection) };
}

describe('kaohe db, users add, seed, audit verify (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();

  describe('--help', () => {
    for (const command of NEW_COMMANDS) {
      it(`kaohe ${command} --help explains the command in Chinese and exits 0`, async () => {
        const run = await kaohe([...command.split(' '), '--help'], {});
        expect(run.status, described(run)).to.equal(0);
        expect(run.stdout).to.include(`用法：kaohe ${command}`);
      });
    }

    it('kaohe --help lists them; kaohe db alone names its sub-commands', async () => {
      const overview = await kaohe(['--help'], {});
      for (const command of NEW_COMMANDS) expect(overview.stdout).to.include(`  ${command} `);
      const group = await kaohe(['db'], {});
      expect(group.status).to.equal(2);
      expect(group.stderr).to.include('db start');
    });
  });

  describe('kaohe db start|stop|status', () => {
    let env: Record<string, string | undefined>;
    before(async () => {
      env = { KAOHE_DATA_DIR: tempDir('db'), KAOHE_FERRETDB_PORT: String(await freePort()), MONGODB_URI: undefined };
    });
    after(async () => {
      await kaohe(['db', 'stop'], env);
    });

    it('status before start: not running, exit 1', async () => {
      const run = await kaohe(['db', 'status'], env);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stdout).to.include('未在运行');
    });

    it('start starts it on the configured port; start again finds it running (idempotent); status prints the URI', async () => {
      const uri = `mongodb://127.0.0.1:${env.KAOHE_FERRETDB_PORT}/`;
      const first = await kaohe(['db', 'start'], env);
      expect(first.status, described(first)).to.equal(0);
      expect(first.stdout).to.include('已启动').and.include(uri);
      const again = await kaohe(['db', 'start'], env);
      expect(again.status, described(again)).to.equal(0);
      expect(again.stdout).to.include('已在运行').and.include(uri);
      const pid = (s: string) => /进程 (\d+)/.exec(s)?.[1];
      expect(pid(again.stdout)).to.equal(pid(first.stdout));
      const status = await kaohe(['db', 'status'], env);
      expect(status.status, described(status)).to.equal(0);
      expect(status.stdout).to.include(`MONGODB_URI=${uri}`);
    });

    it('stop stops it and waits; stop again is harmless; status says so', async () => {
      const stop = await kaohe(['db', 'stop'], env);
      expect(stop.status, described(stop)).to.equal(0);
      expect(stop.stdout).to.include('已停止');
      expect((await kaohe(['db', 'stop'], env)).status).to.equal(0);
      expect((await kaohe(['db', 'status'], env)).status).to.equal(1);
    });

    it('a bad port in the environment is reported, not a crash', async () => {
      const run = await kaohe(['db', 'status'], { ...env, KAOHE_FERRETDB_PORT: 'many' });
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include('KAOHE_FERRETDB_PORT');
    });
  });

  describe('kaohe users add', () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      db = await freshDatabase();
    });
    after(async () => {
      await db.connection.dropDatabase();
      await db.connection.close();
    });

    it('creates a user and prints a password and a token that work, once; only hashes are stored', async () => {
      const run = await kaohe(['users', 'add', '--username', 'lanzhou-1', '--role', 'city', '--unit', '620100'], db.env);
      expect(run.status, described(run)).to.equal(0);
      const password = /密码：(\S+)/.exec(run.stdout)?.[1] as string;
      const token = /API 令牌：(\S+)/.exec(run.stdout)?.[1] as string;
      expect(token).to.match(/^kh_/);
      const services = composeServices({ stores: db.stores, clock: fixedClock('2016-01-15T00:00:00Z'), engineVersion: 'test', maxUploadBytes: 1024 });
      expect(await services.session.authenticate(token)).to.include({ username: 'lanzhou-1', role: 'city', unitCode: '620100' });
      expect((await services.session.signIn('lanzhou-1', password)).actor.username).to.equal('lanzhou-1');
      const stored = await db.stores.users.findByUsername('lanzhou-1');
      expect(JSON.stringify(stored)).not.to.include(password);
      const events = await db.stores.audit.all();
      expect(events.at(-2)).to.include({ action: 'user.create', actor: 'cli', subject: 'user:lanzhou-1' });
      // The sign-in with that password is logged too (never the password).
      expect(events.at(-1)).to.include({ action: 'session.sign_in', actor: 'lanzhou-1', subject: 'user:lanzhou-1', detail: '令牌登录' });
      expect(JSON.stringify(events)).not.to.include(password);
    });

    it('every role can be created', async () => {
      for (const role of ['examiner', 'auditor', 'admin']) {
        const run = await kaohe(['users', 'add', '--username', `${role}-1`, '--role', role], db.env);
        expect(run.status, described(run)).to.equal(0);
      }
    });

    const refused: [string, string[], number, string][] = [
      ['a city user without a unit', ['--username', 'c2', '--role', 'city'], 1, '--unit'],
      ['a unit that is not in the register', ['--username', 'c3', '--role', 'city', '--unit', '999999'], 1, '999999'],
      ['a unit for an admin', ['--username', 'e2', '--role', 'admin', '--unit', '620100'], 1, '管理员不绑定单位'],
      ['an examiner’s body outside the tree', ['--username', 'e3', '--role', 'examiner', '--unit', '110000'], 1, '110000'],
      ['a user that exists', ['--username', 'lanzhou-1', '--role', 'auditor'], 1, '已存在'],
      ['a role that does not exist', ['--username', 'x1', '--role', 'mayor'], 2, 'mayor'],
      ['no username', ['--role', 'auditor'], 2, '--username'],
      ['a username that is not one', ['--username', '$where', '--role', 'auditor'], 1, '用户名'],
      ['an unknown option', ['--username', 'x2', '--role', 'auditor', '--force'], 2, '--force'],
    ];
    for (const [what, args, status, says] of refused) {
      it(`${what}: exit ${status}, saying why`, async () => {
        const run = await kaohe(['users', 'add', ...args], db.env);
        expect(run.status, described(run)).to.equal(status);
        expect(run.stderr).to.include(says);
      });
    }

    it('an unreachable database is reported, not a crash', async () => {
      const run = await kaohe(['users', 'add', '--username', 'x3', '--role', 'auditor'], { ...db.env, MONGODB_URI: 'mongodb://127.0.0.1:1/' });
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include('无法连接数据库');
    });
  });

  describe('kaohe seed and kaohe audit verify', () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let first: KaoheRun;
    before(async () => {
      db = await freshDatabase();
      first = await kaohe(['seed'], db.env);
    });
    after(async () => {
      await db.connection.dropDatabase();
      await db.connection.close();
    });

    it('loads users of every role (a user per city and per county of 兰州市, and 兰州市’s examiner) and prints their tokens', async () => {
      expect(first.status, described(first)).to.equal(0);
      const users = await db.stores.users.list();
      expect(users.map((u) => u.role).sort()).to.include.members(['admin', 'auditor', 'city', 'examiner']);
      expect(users.filter((u) => u.role === 'city').map((u) => u.unitCode)).to.have.length(14 + 8);
      expect(users.find((u) => u.username === 'examiner-620100')).to.include({ role: 'examiner', unitCode: '620100' });
      for (const u of users) expect(first.stdout).to.include(u.username);
      expect(first.stdout.match(/令牌：kh_/g)).to.have.length(3 + 14 + 1 + 8);
    });

    it('opens, below the province’s cycle, 兰州市’s own 2015 cycle over its 8 counties on its rubric, and its run ranks them', async () => {
      const key = { year: 2015, body: '620100' };
      expect((await db.stores.cycles.get(key))?.rubricId).to.equal('lanzhou-2015');
      const submissions = await db.stores.submissions.list(key);
      expect(submissions.map((s) => s.unitCode)).to.deep.equal(['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123']);
      expect(submissions.every((s) => s.state === 'submitted')).to.equal(true);
      expect(first.stdout).to.include('已创建 2015 年度兰州市考核（编号 2015-620100）');
      const services = composeServices({ stores: db.stores, clock: fixedClock('2016-04-01T00:00:00Z'), engineVersion: 'test', maxUploadBytes: 1024 });
      const cityExaminer = actorOf((await db.stores.users.findByUsername('examiner-620100'))!);
      const run = await services.runs.create(cityExaminer, key);
      expect(run.runId).to.equal('2015-620100-1');
      const { ranking } = await services.runs.ranking(cityExaminer, key, run.runId);
      expect(ranking.map((r) => [r.name, r.total])).to.deep.include.members([
        ['城关区', 97.3],
        ['红古区', 49.43],
      ]);
      expect(ranking[0]?.name).to.equal('城关区');
      expect(ranking.at(-1)?.name).to.equal('红古区');
    });

    it('opens the 2015 cycle on the published Gansu rubric with every unit’s submission submitted, and the examiner’s part as reviews', async () => {
      const cycle = await db.stores.cycles.get({ year: 2015 });
      expect(cycle?.rubricId).to.equal('gansu-2015');
      const submissions = await db.stores.submissions.list({ year: 2015 });
      expect(submissions).to.have.length(14);
      expect(submissions.every((s) => s.state === 'submitted')).to.equal(true);
      // Examiner-only data is not in the cities' submissions.
      for (const s of submissions) expect(s.items).not.to.match(/"(finding|adjustment|emergingJudgement|systemicIncident)"/);
      const reviews = await db.stores.reviews.list({ year: 2015 });
      expect(reviews.length).to.be.greaterThan(0);
      expect(reviews.some((r) => r.items.includes('adjustment'))).to.equal(true);
    });

    it('a run on the seeded data (1.0.0, as kaohe seed files it) gives the demo ranking of kaohe assess --rubric rubrics/gansu-2015.json', async () => {
      const services = composeServices({ stores: db.stores, clock: fixedClock('2016-04-01T00:00:00Z'), engineVersion: 'test', maxUploadBytes: 1024 });
      const examiner = await db.stores.users.findByUsername('examiner');
      if (!examiner) throw new Error('seed made no examiner');
      const run = await services.runs.create(actorOf(examiner), { year: 2015 });
      const { ranking } = await services.runs.ranking(actorOf(examiner), { year: 2015 }, run.runId);
      const assessed = await kaohe(['assess', '--rubric', seedRubric, '--out', tempDir('assess'), '--no-pdf'], {});
      expect(assessed.status, described(assessed)).to.equal(0);
      const lines = assessed.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l));
      expect(lines).to.have.length(14);
      for (const [i, row] of ranking.entries()) {
        expect(lines[i], row.name).to.include(row.name).and.include(row.total.toFixed(2));
      }
    });

    it('seeding again adds nothing and changes nothing, but gives every user a new token', async () => {
      const before = { users: (await db.stores.users.list()).length, events: (await db.stores.audit.all()).length };
      const again = await kaohe(['seed'], db.env);
      expect(again.status, described(again)).to.equal(0);
      expect(again.stdout).to.include('已存在，未改动');
      expect((await db.stores.users.list()).length).to.equal(before.users);
      expect((await db.stores.audit.all()).length).to.equal(before.events);
      expect(again.stdout.match(/令牌：kh_/g)).to.have.length(3 + 14 + 1 + 8);
    });

    it('audit verify passes on the untouched database: exit 0 and a short summary', async () => {
      const run = await kaohe(['audit', 'verify'], db.env);
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('审计核验通过').and.include('重新计算 2 次评分');
    });

    it('audit verify fails naming the run whose stored results were changed', async () => {
      // Texts written into the run itself are what is read (as runs stored before run pieces kept them).
      const runs = db.connection.collection('runs');
      const original = await db.stores.runs.get('2015-1');
      expect(original?.results).to.include('"grade":"合格"');
      await runs.updateOne({ runId: '2015-1' }, { $set: { results: String(original?.results).replace('"grade":"合格"', '"grade":"不合格"') } });
      try {
        const run = await kaohe(['audit', 'verify'], db.env);
        expect(run.status, described(run)).to.equal(1);
        expect(run.stdout).to.include('审计核验未通过').and.include('run:2015-1');
      } finally {
        await runs.updateOne({ runId: '2015-1' }, { $unset: { results: '' } });
      }
    });

    it('audit verify fails naming the audit entry that was changed', async () => {
      const events = db.connection.collection('audit_events');
      await events.updateOne({ seq: 10 }, { $set: { actor: 'nobody' } });
      const run = await kaohe(['audit', 'verify'], db.env);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stdout).to.include('审计记录 #10');
    });
  });
});
