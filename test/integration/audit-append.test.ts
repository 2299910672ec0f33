/**
 * The audit append (adapters/mongo/audit-store.ts) finds the chain's end by `_id` lookups:
 * the entry this process appended last, or the head document, then entry by entry forward.
 * Both are hints. Here the chain is left as a crash or another process leaves it (an entry
 * inserted whose head was never advanced, a head far behind or pointing at nothing, an
 * entry stored the way entries were before positions became ids, several processes
 * appending at once) and every append must still continue the chain after its true last
 * entry, so that `kaohe audit verify` passes. Real stores on FerretDB; the crash's entry is
 * written straight into the collection, as the crashed process's insert left it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import { type AuditEvent, sealEvent } from '../../src/records/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { verify } from '../../src/services/audit/audit.js';
import type { Stores } from '../../src/services/ports.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';

const examiner: Actor = { userId: 'e', username: 'examiner', role: 'examiner' };
const lanzhou: Actor = { userId: 'c', username: 'lanzhou', role: 'city', unitCode: '620100' };
const clock = fixedClock('2016-01-15T09:00:00.000Z');

/** An entry about no stored record (as a refusal is logged), so that only the chain decides whether verify passes. */
function refusal(n: number) {
  return {
    at: clock.now().toISOString(),
    actor: `visitor-${n}`,
    action: 'access.denied',
    subject: `user:visitor-${n}`,
    beforeHash: '',
    afterHash: '',
    detail: `第 ${n} 次`,
  };
}

describe('audit append: the chain continues after its true last entry, whatever the hints say (real FerretDB)', function () {
  this.timeout(120_000);
  const dbName = `kaohe_append_${randomBytes(6).toString('hex')}`;
  let uri = '';
  /** One connection per "process": each has its stores, and so its own idea of where the chain ends. */
  const connections: Connection[] = [];
  let stores: Stores;

  /** The stores of another service process on the same database (started now: it has appended nothing). */
  async function anotherProcess(): Promise<Stores> {
    const connection = await connect(uri, dbName);
    connections.push(connection);
    return mongoStores(connection);
  }
  const events = () => (connections[0] as Connection).collection('audit_events');
  const head = () => (connections[0] as Connection).collection<{ _id: string; seq: number }>('audit_head');
  const last = async () => (await stores.audit.all()).at(-1) as AuditEvent;

  async function verifies(what: string): Promise<void> {
    const report = await verify(stores, clock);
    expect(report.ok, `${what}: ${JSON.stringify(report.problem)}`).to.equal(true);
    expect(report.events, what).to.equal((await stores.audit.all()).length);
  }

  /** What a process that died after inserting its entry and before advancing the head leaves: the entry, the head one behind. */
  async function entryOfACrashedAppend(n: number, keyed: boolean): Promise<AuditEvent> {
    const tail = await last();
    const sealed = sealEvent({ ...refusal(n), seq: tail.seq + 1, prevHash: tail.hash });
    const stored = JSON.parse(JSON.stringify({ ...sealed, writeId: randomUUID() })) as Record<string, unknown>;
    // Keyed by position as this store writes entries; unkeyed (an ObjectId) as entries were stored before.
    await events().insertOne(keyed ? { ...stored, _id: String(sealed.seq) as never } : stored);
    return sealed;
  }

  before(async () => {
    uri = await ferretdbUri();
    stores = await anotherProcess();
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    await services.cycles.create(examiner, { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE });
    await services.submissions.save(lanzhou, { year: 2015 }, '620100', { items: {} }, undefined);
  });
  after(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('the head document names the last entry after the writes of a service', async () => {
    expect((await head().findOne({ _id: 'audit' }))?.seq).to.equal((await last()).seq);
    await verifies('after the writes');
  });

  it('after a crash between an entry’s insert and the head’s advance, a process that had appended before continues after that entry', async () => {
    const crashed = await entryOfACrashedAppend(1, true);
    expect((await head().findOne({ _id: 'audit' }))?.seq, 'the head is one behind').to.equal(crashed.seq - 1);
    const appended = await stores.audit.append(refusal(2));
    expect(appended.seq).to.equal(crashed.seq + 1);
    expect(appended.prevHash).to.equal(crashed.hash);
    expect((await head().findOne({ _id: 'audit' }))?.seq, 'the head caught up').to.equal(appended.seq);
    await verifies('after the crash and an append');
  });

  it('after the same crash, a process started afterwards (reading the head) continues after that entry', async () => {
    const crashed = await entryOfACrashedAppend(3, true);
    const appended = await (await anotherProcess()).audit.append(refusal(4));
    expect([appended.seq, appended.prevHash]).to.deep.equal([crashed.seq + 1, crashed.hash]);
    await verifies('after the crash and a new process’s append');
  });

  it('a head far behind, missing, or naming an entry that is not there is not trusted: the append goes after the last entry', async () => {
    await head().updateOne({ _id: 'audit' }, { $set: { seq: 1 } });
    let appended = await (await anotherProcess()).audit.append(refusal(5));
    expect(appended.seq, 'head far behind').to.equal((await stores.audit.all()).length);
    await head().deleteOne({ _id: 'audit' });
    appended = await (await anotherProcess()).audit.append(refusal(6));
    expect(appended.seq, 'no head').to.equal((await stores.audit.all()).length);
    await head().updateOne({ _id: 'audit' }, { $set: { seq: appended.seq + 1000 } });
    const after = await (await anotherProcess()).audit.append(refusal(7));
    expect([after.seq, after.prevHash], 'head beyond the chain').to.deep.equal([appended.seq + 1, appended.hash]);
    await verifies('after appends past wrong heads');
  });

  it('an entry stored as before (an ObjectId, not its position) at the end of the chain: the append goes after it', async () => {
    const old = await entryOfACrashedAppend(8, false);
    const appended = await stores.audit.append(refusal(9));
    expect([appended.seq, appended.prevHash]).to.deep.equal([old.seq + 1, old.hash]);
    await verifies('after an unkeyed entry');
  });

  it('a write appended twice under one writeId (its writer and recovery) is logged once, by another process too', async () => {
    const writeId = randomUUID();
    const first = await stores.audit.append(refusal(10), writeId);
    await stores.audit.append(refusal(11));
    const again = await (await anotherProcess()).audit.append(refusal(10), writeId);
    expect(again).to.include({ seq: first.seq, hash: first.hash });
    expect(await stores.audit.append(refusal(10), writeId)).to.include({ seq: first.seq, hash: first.hash });
    expect((await stores.audit.all()).filter((e) => e.subject === 'user:visitor-10')).to.have.length(1);
    await verifies('after appending one write twice');
  });

  it('three processes appending at once, with crashes’ entries in between: one chain without gaps or duplicates', async () => {
    const processes = [stores, await anotherProcess(), await anotherProcess()];
    const before = (await last()).seq;
    const each = 30;
    await Promise.all(
      processes.map(async (p, i) => {
        for (let k = 0; k < each; k++) {
          if (i === 0 && k % 10 === 5) await entryOfACrashedAppend(1000 + k, true).catch(() => undefined);
          await p.audit.append(refusal(100 * (i + 1) + k));
        }
      }),
    );
    const chain = await stores.audit.all();
    expect(chain.map((e) => e.seq)).to.deep.equal(chain.map((_, i) => i + 1));
    expect(chain.filter((e) => e.seq > before && e.detail !== undefined && /^第 [123]\d\d 次$/.test(e.detail))).to.have.length(3 * each);
    await verifies('after three processes appended at once');
  });
});
