/**
 * A unit's submission and review are stored under `_id` "<cycle id>/<unit code>", the one
 * lookup FerretDB answers without decoding the whole collection (unit-record-ids.ts), and a
 * database written before still works: its submissions, stored with an ObjectId, are found,
 * saved over and verified as before. Real stores on FerretDB.
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
import type { Services } from '../../src/services/index.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { ferretdbUri } from '../support/ferretdb.js';

const examiner: Actor = { userId: 'e', username: 'examiner', role: 'examiner' };
const city = (unitCode: string): Actor => ({ userId: unitCode, username: `city-${unitCode}`, role: 'city', unitCode });
const clock = fixedClock('2016-01-15T09:00:00.000Z');
const ROOT = { year: 2015 };

describe('submissions and reviews stored by unit id, and those stored before (real FerretDB)', function () {
  this.timeout(60_000);
  const dbName = `kaohe_ids_${randomBytes(6).toString('hex')}`;
  const connections: Connection[] = [];

  /** A service process started now on the database: its stores decide at start-up whether older documents remain. */
  async function startProcess(): Promise<{ services: Services; stores: Awaited<ReturnType<typeof mongoStores>> }> {
    const connection = await connect(await ferretdbUri(), dbName);
    connections.push(connection);
    const stores = await mongoStores(connection);
    return { stores, services: composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 }) };
  }
  const collection = (name: string) => (connections[0] as Connection).collection(name);

  before(async () => {
    const { stores, services } = await startProcess();
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    await services.cycles.create(examiner, { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE });
  });
  after(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('a submission and a review saved through the service are stored under their unit’s id', async () => {
    const { services } = await startProcess();
    await services.submissions.save(city('620100'), ROOT, '620100', { items: {} }, undefined);
    await services.reviews.save(examiner, ROOT, '620100', {}, undefined);
    expect(await collection('submissions').findOne({ _id: '2015/620100' as never })).to.include({ unitCode: '620100', version: 1 });
    expect(await collection('reviews').findOne({ _id: '2015/620100' as never })).to.include({ unitCode: '620100', version: 1 });
  });

  it('FerretDB finds a unit’s record by its id in the `_id` index instead of going over every row', async () => {
    // The FerretDB of scripts/install-ferretdb.sh: a stock v1.24 build plans `SCAN <table>` here.
    const explained = (await collection('submissions')
      .find({ _id: '2015/620100' as never })
      .explain()) as { queryPlanner?: { Plan?: string[] } };
    expect(explained.queryPlanner?.Plan?.join('\n')).to.match(/SEARCH \S+ USING INDEX \S+__id_/);
  });

  it('a submission stored before (with an ObjectId) is found and saved over by a process started afterwards; new ones get ids; verify passes', async () => {
    const { services: first } = await startProcess();
    await first.submissions.save(city('620200'), ROOT, '620200', { items: {} }, undefined);
    // The same document as a database written before unit ids holds it.
    const { _id, ...fields } = (await collection('submissions').findOne({ _id: '2015/620200' as never })) as Record<string, unknown>;
    await collection('submissions').deleteOne({ _id: _id as never });
    await collection('submissions').insertOne(fields);

    const { services, stores } = await startProcess();
    expect(await stores.submissions.get(ROOT, '620200')).to.include({ unitCode: '620200', version: 1 });
    await services.submissions.save(city('620200'), ROOT, '620200', { items: {}, selfTotal: 88 }, 1);
    expect(await stores.submissions.get(ROOT, '620200')).to.include({ version: 2, selfTotal: 88 });
    expect((await collection('submissions').findOne({ unitCode: '620200' }))?._id).to.not.be.a('string');
    expect(await stores.submissions.get(ROOT, '620300'), 'a unit without a submission').to.equal(null);
    await services.submissions.save(city('620300'), ROOT, '620300', { items: {} }, undefined);
    expect(await collection('submissions').findOne({ _id: '2015/620300' as never })).to.include({ unitCode: '620300' });
    expect((await stores.submissions.list(ROOT)).map((s) => [s.unitCode, s.version])).to.deep.equal([
      ['620100', 1],
      ['620200', 2],
      ['620300', 1],
    ]);
    const report = await verify(stores, clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
  });
});
