/**
 * Two service instances on one database, each with its own connection, stores and
 * record queue, as two processes have: one dies after its record landed and before its
 * entry, and the other writes on top of that record. The trail must still tell the
 * writes in order, without a restart (the second writer logs the first's entry before
 * its own), and when both die, verify's recovery logs both, oldest first; a trail told
 * out of order, its hashes re-sealed, is named by verify. The stores are
 * the real ones on FerretDB; only the moment of death is chosen, by making the audit
 * append fail as a killed process would leave it.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import { type AuditEvent, sealEvent, subjectOrderBreaks } from '../../src/records/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { verify } from '../../src/services/audit/audit.js';
import type { Services } from '../../src/services/index.js';
import type { Stores } from '../../src/services/ports.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';

const examiner: Actor = { userId: 'e', username: 'examiner', role: 'examiner' };
const lanzhou: Actor = { userId: 'c', username: 'lanzhou', role: 'city', unitCode: '620100' };
const SUBJECT = 'submission:2015/620100';

class Died extends Error {}

interface Instance {
  readonly connection: Connection;
  readonly stores: Stores;
  readonly services: Services;
  /** The next audit append of this instance fails, as if its process were killed just then. */
  dieAtNextAppend(): void;
}

describe('two service instances on one database: a writer dies between its record and its entry (real FerretDB)', function () {
  this.timeout(60_000);
  const dbName = `kaohe_procs_rec_${randomBytes(4).toString('hex')}`;
  const clock = fixedClock('2016-01-15T09:00:00.000Z');
  let one: Instance;
  let two: Instance;

  async function instance(): Promise<Instance> {
    const connection = await connect(await ferretdbUri(), dbName);
    const stores = await mongoStores(connection);
    let armed = false;
    const dying: Stores = {
      ...stores,
      audit: {
        ...stores.audit,
        append: async (event, writeId) => {
          if (armed) {
            armed = false;
            throw new Died('killed before its audit entry');
          }
          return stores.audit.append(event, writeId);
        },
      },
    };
    const services = composeServices({ stores: dying, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    return { connection, stores, services, dieAtNextAppend: () => (armed = true) };
  }

  const save = (who: Instance, note: string, version: number | undefined) =>
    who.services.submissions.save(lanzhou, { year: 2015 }, '620100', { items: { 'G10.1': { note } } }, version);

  async function dies(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (error) {
      expect(error).to.be.instanceOf(Died);
      return;
    }
    expect.fail('the write should have died');
  }

  /** The entries about the submission, in chain order. */
  async function trailOfSubmission(stores: Stores) {
    return (await stores.audit.all()).filter((e) => e.subject === SUBJECT);
  }

  before(async () => {
    one = await instance();
    two = await instance();
    await bootstrap(one.stores, clock, initialUnits(), initialRubricSources());
    await one.services.cycles.create(examiner, { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE });
  });
  after(async () => {
    await one.connection.dropDatabase();
    await one.connection.close();
    await two.connection.close();
  });

  it('the other instance writes on top of the dead write: it logs the dead write first, then its own, and verify passes', async () => {
    await save(one, '第一版', undefined);
    one.dieAtNextAppend();
    await dies(save(one, '第二版（写入后进程终止）', 1));
    expect((await one.stores.submissions.get({ year: 2015 }, '620100'))?.version).to.equal(2);

    const third = await save(two, '第三版', 2);
    expect(third.record?.version).to.equal(3);
    const entries = await trailOfSubmission(one.stores);
    expect(entries).to.have.length(3);
    expect(subjectOrderBreaks(await one.stores.audit.all())).to.deep.equal([]);
    // The dead write's entry is the one it announced, not a recovery's.
    expect(entries[1]?.detail ?? '').to.not.include('恢复时补记');
    expect(await one.stores.journal.pending()).to.deep.equal([]);
    const report = await verify(one.stores, clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.recovery.completed).to.have.length(0);
  });

  it('both die, the second on top of the first: verify logs both, in the order of the writes, and passes', async () => {
    one.dieAtNextAppend();
    await dies(save(one, '第四版（写入后进程终止）', 3));
    // A second later, so that recovery meets the first write first: a write whose record has moved on under another.
    clock.set('2016-01-15T09:00:01.000Z');
    two.dieAtNextAppend();
    await dies(save(two, '第五版（写入后进程终止）', 4));
    expect((await two.stores.submissions.get({ year: 2015 }, '620100'))?.version).to.equal(5);
    expect(await one.stores.journal.pending()).to.have.length(2);

    const report = await verify(one.stores, clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.recovery.completed.map((e) => e.subject)).to.deep.equal([SUBJECT, SUBJECT]);
    expect(report.recovery.unresolved).to.deep.equal([]);
    const entries = await trailOfSubmission(one.stores);
    expect(entries).to.have.length(5);
    // Each was settled as a write that landed, the first although its record had since moved on.
    expect(entries.slice(3).map((e) => e.detail ?? '')).to.satisfy((details: string[]) => details.every((d) => d.includes('恢复时补记')));
    expect(subjectOrderBreaks(await one.stores.audit.all())).to.deep.equal([]);
    expect(await one.stores.journal.pending()).to.deep.equal([]);
  });

  it('a trail whose last two writes of the record are told the other way round, every hash re-sealed: verify names the entry', async () => {
    const events = one.connection.collection('audit_events');
    const all = await one.stores.audit.all();
    const [fourth, fifth] = all.slice(-2) as [AuditEvent, AuditEvent];
    expect([fourth.subject, fifth.subject]).to.deep.equal([SUBJECT, SUBJECT]);
    const swapped = sealEvent({ ...fifth, seq: fourth.seq, prevHash: fourth.prevHash });
    const after = sealEvent({ ...fourth, seq: fifth.seq, prevHash: swapped.hash });
    const original = await events.find({ seq: { $in: [fourth.seq, fifth.seq] } }).toArray();
    try {
      await events.updateOne({ seq: fourth.seq }, { $set: swapped });
      await events.updateOne({ seq: fifth.seq }, { $set: after });
      const report = await verify(one.stores, clock);
      expect(report.ok).to.equal(false);
      expect(report.problem).to.include({ kind: 'event', seq: fourth.seq });
      expect(report.problem?.message).to.include(`审计记录 #${fourth.seq}`).and.include('与写入顺序不一致');
    } finally {
      for (const doc of original) await events.replaceOne({ _id: doc._id }, doc);
    }
    expect((await verify(one.stores, clock)).ok).to.equal(true);
  });
});
