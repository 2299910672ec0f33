/**
 * A write and its audit entry are one recoverable unit (services/journal.ts): when the
 * service stops between writing a record and appending its entry, or while writing it,
 * verify settles what the crash left (completes the entry, or rolls the write back)
 * and passes; a record changed by hand while a write was open is still named as
 * tampering. The stores are the real ones on FerretDB; only the moment of the crash is
 * chosen, by making one store call fail as a killed process would leave it.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import type { Actor } from '../../src/services/access/actor.js';
import { verify } from '../../src/services/audit/audit.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { settleInterrupted } from '../../src/services/audit/housekeeping.js';
import { type Services } from '../../src/services/index.js';
import { composeServices } from '../../src/compose.js';
import { currentRecord } from '../../src/services/audit/journal.js';
import type { Stores } from '../../src/services/ports.js';
import { recordHash } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH, gansuRubric } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';

const examiner: Actor = { userId: 'e', username: 'examiner', role: 'examiner' };
const auditor: Actor = { userId: 'a', username: 'auditor', role: 'auditor' };
const lanzhou: Actor = { userId: 'c', username: 'lanzhou', role: 'city', unitCode: '620100' };

class Crash extends Error {
  constructor(where: string) {
    super(`simulated crash: ${where}`);
  }
}

async function crashes(write: Promise<unknown>, what = ''): Promise<void> {
  try {
    await write;
  } catch (error) {
    expect(error, what).to.be.instanceOf(Crash);
    return;
  }
  expect.fail(`${what}: the write should have died`);
}

/** The real stores, with a switch that makes one kind of call die the way a killed process leaves it. */
function crashable(stores: Stores) {
  let armed: 'after-write' | 'during-write' | 'after-entry' | null = null;
  const fire = (where: NonNullable<typeof armed>) => {
    if (armed !== where) return;
    armed = null;
    throw new Crash(where);
  };
  const writes = (group: Record<string, unknown>, names: string[]) => {
    const out: Record<string, unknown> = { ...group };
    for (const name of names) {
      const real = (group[name] as (...a: unknown[]) => Promise<unknown>).bind(group);
      out[name] = async (...args: unknown[]) => {
        fire('during-write');
        return real(...args);
      };
    }
    return out;
  };
  const faulty: Stores = {
    ...stores,
    submissions: writes(stores.submissions, ['insert', 'replace']) as Stores['submissions'],
    reviews: writes(stores.reviews, ['save']) as Stores['reviews'],
    audit: {
      ...stores.audit,
      append: async (event, writeId) => {
        fire('after-write');
        return stores.audit.append(event, writeId);
      },
    },
    journal: {
      ...stores.journal,
      end: async (writeId) => {
        fire('after-entry');
        return stores.journal.end(writeId);
      },
    },
  };
  return { faulty, arm: (where: NonNullable<typeof armed>) => (armed = where) };
}

describe('interrupted writes: a crash between a record and its audit entry (real FerretDB)', function () {
  this.timeout(120_000);
  let connection: Connection;
  let stores: Stores;
  let services: Services;
  let arm: ReturnType<typeof crashable>['arm'];
  const clock = fixedClock('2016-01-15T09:00:00.000Z');

  before(async () => {
    connection = await connect(await ferretdbUri(), `kaohe_crash_${randomBytes(6).toString('hex')}`);
    stores = await mongoStores(connection);
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const made = crashable(stores);
    arm = made.arm;
    services = composeServices({ stores: made.faulty, clock, engineVersion: 'test', maxUploadBytes: 1024 });
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  /** The write dies after its record landed and before its entry: verify completes the entry and passes. */
  async function crashAfterWrite(what: string, write: () => Promise<unknown>, subject: string) {
    arm('after-write');
    await crashes(write(), what);
    expect(await stores.journal.pending(), `${what}: the intent is left behind`).to.have.length(1);
    const report = await verify(stores, clock);
    expect(report.ok, `${what}: ${JSON.stringify(report.problem)}`).to.equal(true);
    expect(
      report.recovery.completed.map((e) => e.subject),
      what,
    ).to.deep.equal([subject]);
    const latest = await stores.audit.latest(subject);
    expect(latest?.detail, what).to.include('恢复时补记');
    const intent = report.recovery.completed[0];
    expect(latest?.afterHash, what).to.equal(recordHash(await currentRecord(stores, intent as NonNullable<typeof intent>)));
    expect(await stores.journal.pending(), `${what}: settled`).to.have.length(0);
  }

  it('every kind of write, each interrupted after its record landed, is completed by verify', async () => {
    await crashAfterWrite('cycle.create', () => services.cycles.create(examiner, { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE }), 'cycle:2015');
    await crashAfterWrite(
      'submission.save (new)',
      () => services.submissions.save(lanzhou, { year: 2015 }, '620100', { items: {} }, undefined),
      'submission:2015/620100',
    );
    await crashAfterWrite('submission.save', () => services.submissions.save(lanzhou, { year: 2015 }, '620100', { items: {} }, 1), 'submission:2015/620100');
    const materials = services.submissions.materials;
    const upload = await materials.prepare(lanzhou, { year: 2015 }, '620100', {
      fileName: encodeURIComponent('现场核查记录.pdf'),
      contentType: 'application/pdf',
    });
    const file = await materials.receive(
      upload,
      (async function* () {
        yield new TextEncoder().encode('%PDF-1.4 核查');
      })(),
    );
    await crashAfterWrite('material.upload', () => materials.record(lanzhou, upload, file), `material:${file.fileId}`);
    await crashAfterWrite('submission.submit', () => services.submissions.submit(lanzhou, { year: 2015 }, '620100', 2), 'submission:2015/620100');
    await crashAfterWrite(
      'submission.reopen',
      () => services.submissions.reopen(examiner, { year: 2015 }, '620100', '材料缺页，请补充', 3),
      'submission:2015/620100',
    );
    await crashAfterWrite('review.save', () => services.reviews.save(examiner, { year: 2015 }, '620200', {}, undefined), 'review:2015/620200');
    await crashAfterWrite('run.create', () => services.runs.create(examiner, { year: 2015 }), 'run:2015-1');
    await crashAfterWrite('run.finalize', () => services.runs.finalize(examiner, { year: 2015 }, '2015-1', 1), 'run:2015-1');
    const notes = await stores.notes.list({ year: 2015 });
    expect(notes).to.have.length(0);
    arm('after-write');
    await crashes(services.notes.add(auditor, { year: 2015 }, '620100', { verdict: 'agree', reason: '同意 👍 e\u0301' }));
    const report = await verify(stores, clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.recovery.completed[0]?.subject).to.match(/^note:/);
    const rubric = { ...gansuRubric(), version: '9.9.9' };
    const created = await (async () => {
      arm('after-write');
      await crashes(services.rubrics.create(examiner, rubric));
      return (await stores.rubrics.list()).find((r) => r.rubricVersion === '9.9.9');
    })();
    expect(created?.status).to.equal('draft');
    expect((await verify(stores, clock)).ok).to.equal(true);
    await crashAfterWrite('rubric.publish', () => services.rubrics.publish(examiner, created?.hash ?? '', 1), `rubric:${created?.hash}`);
  });

  it('a write that died before its record landed is in flight until its lease ends, then rolled back; nothing is logged', async () => {
    const before = await stores.submissions.get({ year: 2015 }, '620100');
    const entries = (await stores.audit.all()).length;
    arm('during-write');
    await crashes(services.submissions.save(lanzhou, { year: 2015 }, '620100', { items: {} }, before?.version));
    const early = await verify(stores, clock);
    expect(early.ok, JSON.stringify(early.problem)).to.equal(true);
    expect(early.recovery).to.include({ inFlight: 1, rolledBack: 0 });
    clock.set('2016-01-15T09:05:00.000Z');
    const late = await settleInterrupted(stores, clock);
    expect(late).to.include({ inFlight: 0, rolledBack: 1 });
    expect(await stores.journal.pending()).to.have.length(0);
    expect((await stores.audit.all()).length).to.equal(entries);
    expect(await stores.submissions.get({ year: 2015 }, '620100')).to.deep.equal(before);
  });

  it('an entry appended but its intent left open is closed, not logged twice', async () => {
    arm('after-entry');
    await crashes(services.reviews.save(examiner, { year: 2015 }, '620300', {}, undefined));
    const report = await verify(stores, clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.recovery.completed).to.have.length(0);
    expect((await stores.audit.all()).filter((e) => e.subject === 'review:2015/620300')).to.have.length(1);
    expect(await stores.journal.pending()).to.have.length(0);
  });

  it('a record changed by hand while its write was open is tampering, not an interruption', async () => {
    const before = await stores.reviews.get({ year: 2015 }, '620300');
    arm('during-write');
    await crashes(services.reviews.save(examiner, { year: 2015 }, '620300', {}, before?.version));
    await connection.db?.collection('reviews').updateOne({ year: 2015, unitCode: '620300' }, { $set: { items: '{"G01.1":{"finding":"改"}}' } });
    const report = await verify(stores, clock);
    expect(report.ok).to.equal(false);
    expect(report.problem).to.include({ kind: 'record', subject: 'review:2015/620300' });
    expect(report.recovery.unresolved.map((u) => u.subject)).to.deep.equal(['review:2015/620300']);
  });
});
