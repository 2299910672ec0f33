/**
 * The progress board reads each unit's line (services/submissions/progress-lines.ts), a small
 * document put with every write of a submission, instead of every submission with its items.
 * What a user checks: the board says what the submissions say, after saves, submits and a
 * reopening; on a database older than lines (made on the board's first read); and after a
 * crash between a submission's write and its line (crash recovery has the board made again).
 * Real stores on FerretDB; the crash is one store call failing as a killed process leaves it.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import type { Actor } from '../../src/services/access/actor.js';
import { verify } from '../../src/services/audit/audit.js';
import { settleInterrupted } from '../../src/services/audit/housekeeping.js';
import type { Services } from '../../src/services/index.js';
import type { Stores } from '../../src/services/ports.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';

const examiner: Actor = { userId: 'e', username: 'examiner', role: 'examiner' };
const city = (unitCode: string): Actor => ({ userId: unitCode, username: `city-${unitCode}`, role: 'city', unitCode });
const clock = fixedClock('2016-01-15T09:00:00.000Z');
const ROOT = { year: 2015 };

class Crash extends Error {}

describe('the progress board from its lines, on older databases and after a crash (real FerretDB)', function () {
  this.timeout(120_000);
  const dbName = `kaohe_lines_${randomBytes(6).toString('hex')}`;
  const connections: Connection[] = [];
  /** When set, the next line put dies as a killed process would leave it: after the submission landed. */
  let crashNextLine = false;

  /** A service process started now on the database, whose line puts can be made to die. */
  async function startProcess(): Promise<{ services: Services; stores: Stores }> {
    const connection = await connect(await ferretdbUri(), dbName);
    connections.push(connection);
    const stores = await mongoStores(connection);
    const faulty: Stores = {
      ...stores,
      progressLines: {
        ...stores.progressLines,
        put: async (line) => {
          if (crashNextLine) {
            crashNextLine = false;
            throw new Crash('simulated crash between a submission and its line');
          }
          return stores.progressLines.put(line);
        },
      },
    };
    return { stores, services: composeServices({ stores: faulty, clock, engineVersion: 'test', maxUploadBytes: 1024 }) };
  }
  const collection = (name: string) => (connections[0] as Connection).collection(name);

  /** The board as its lines give it, by unit: version, state, missing and self-total. */
  async function board(services: Services) {
    const { lines, unsavedMissing } = await services.submissions.progress(examiner, ROOT);
    return Object.fromEntries(
      lines.map(({ unit, line }) => [
        unit.code,
        line === null
          ? { version: 0, missing: unsavedMissing }
          : { version: line.version, state: line.state, reopened: line.reopened, missing: line.missing, selfTotal: line.selfTotal },
      ]),
    );
  }

  /** The board as the submissions themselves give it (what the board read before lines). */
  async function fromSubmissions(services: Services) {
    return Object.fromEntries(
      (await services.submissions.list(examiner, ROOT)).map(({ unit, record, missing }) => [
        unit.code,
        record === null
          ? { version: 0, missing: missing.length }
          : {
              version: record.version,
              state: record.state,
              reopened: record.reopenings.length > 0,
              missing: missing.length,
              selfTotal: record.selfTotal,
            },
      ]),
    );
  }

  before(async () => {
    const { stores, services } = await startProcess();
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    await services.cycles.create(examiner, { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE });
  });
  after(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('after saves, a submit and a reopening, the board says what the submissions say, from one small line per version', async () => {
    const { services } = await startProcess();
    await services.submissions.save(city('620100'), ROOT, '620100', { items: {}, selfTotal: 81 }, undefined);
    const saved = await services.submissions.save(city('620200'), ROOT, '620200', { items: {} }, undefined);
    await services.submissions.submit(city('620200'), ROOT, '620200', saved.record?.version);
    await services.submissions.save(city('620300'), ROOT, '620300', { items: {} }, undefined);
    const submitted = await services.submissions.submit(city('620300'), ROOT, '620300', 1);
    await services.submissions.reopen(examiner, ROOT, '620300', '材料不全', submitted.record?.version);

    // One line per version written, none with items.
    const stored = async () => (await collection('progress_lines').find({ unitCode: '620300' }).toArray()).map((d) => d._id).sort();
    expect(await stored()).to.deep.equal(['2015/620300#1', '2015/620300#2', '2015/620300#3']);
    expect(await collection('progress_lines').findOne({ unitCode: '620300' })).to.not.have.property('items');

    const lines = await board(services);
    expect(lines).to.deep.equal(await fromSubmissions(services));
    expect(lines['620100']).to.include({ version: 1, state: 'draft', selfTotal: 81 });
    expect(lines['620200']).to.include({ version: 2, state: 'submitted' });
    expect(lines['620300']).to.include({ version: 3, state: 'draft', reopened: true });
    expect(lines['620400']).to.deep.equal({ version: 0, missing: (lines['620100'] as { missing: number }).missing });
    expect(await board(services)).to.deep.equal(lines);
  });

  it('a read that finds many lines folds them into one snapshot: the same board, and a line put afterwards outranks it', async () => {
    const { services } = await startProcess();
    // Ten saves each of four units: with the lines before, over the 32 a read folds.
    for (const code of ['620500', '620600', '620700', '620800'])
      for (let version = 0; version < 10; version++)
        await services.submissions.save(city(code), ROOT, code, { items: {}, selfTotal: 60 + version }, version === 0 ? undefined : version);
    const expected = await fromSubmissions(services);
    expect(await board(services)).to.deep.equal(expected);
    expect(await collection('progress_lines').countDocuments(), 'every line folded').to.equal(0);
    expect(await collection('progress_snapshots').countDocuments()).to.equal(1);

    await services.submissions.save(city('620500'), ROOT, '620500', { items: {}, selfTotal: 99 }, 10);
    const after = await board(services);
    expect(after['620500']).to.include({ version: 11, selfTotal: 99 });
    expect(after).to.deep.equal(await fromSubmissions(services));
  });

  it('a database older than lines: a process started on it makes them on the board’s first read, the same board', async () => {
    const { services: before } = await startProcess();
    const expected = await fromSubmissions(before);
    await collection('progress_lines').deleteMany({});
    await collection('progress_snapshots').deleteMany({});
    await collection('progress_built').deleteMany({});

    const { services } = await startProcess();
    expect(await board(services)).to.deep.equal(expected);
    expect(await collection('progress_lines').countDocuments()).to.equal(Object.values(expected).filter((l) => l.version > 0).length);
    expect(await collection('progress_built').findOne({ _id: '2015' as never })).to.not.equal(null);
  });

  it('a crash between a submission and its line: recovery has the board made again, and it shows the write that landed', async () => {
    const { services, stores } = await startProcess();
    crashNextLine = true;
    const error = await services.submissions.save(city('620100'), ROOT, '620100', { items: {}, selfTotal: 92 }, 1).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Crash);
    expect(await stores.submissions.get(ROOT, '620100')).to.include({ version: 2, selfTotal: 92 });
    expect((await board(services))['620100'], 'the line of the write that landed was never put').to.include({ version: 1 });

    const settled = await settleInterrupted(stores, clock);
    expect(settled.completed.map((e) => e.subject)).to.deep.equal(['submission:2015/620100']);
    expect(await board(services)).to.deep.equal(await fromSubmissions(services));
    expect((await board(services))['620100']).to.include({ version: 2, selfTotal: 92 });
    expect((await verify(stores, clock)).ok).to.equal(true);
  });
});
