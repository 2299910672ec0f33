import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { STALE, type Stores } from '../../src/services/ports.js';
import { type SubmissionRecord } from '../../src/records/index.js';
import { ferretdbUri } from '../support/ferretdb.js';

/** Straight at the store, without the service's in-process queue: what another process would see. */
describe('versioned writes on the real database are atomic', () => {
  let connection: Connection;
  let stores: Stores;
  before(async () => {
    connection = await connect(await ferretdbUri(), `kaohe_test_${randomBytes(6).toString('hex')}`);
    stores = await mongoStores(connection);
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const draft = (unitCode: string, note: string): Omit<SubmissionRecord, 'version'> => ({
    year: 2015,
    unitCode,
    state: 'draft',
    items: JSON.stringify({ 'G01.1': { note } }),
    createdAt: '2016-01-01T00:00:00.000Z',
    updatedAt: '2016-01-01T00:00:00.000Z',
    updatedBy: 'test',
    reopenings: [],
  });

  it('when six writers replace a submission from the same version at once, exactly one wins and its write is the one kept', async () => {
    for (let round = 0; round < 5; round++) {
      const unit = `62${String(round).padStart(4, '0')}`;
      const first = await stores.submissions.insert(draft(unit, 'start'));
      expect(first?.version).to.equal(1);
      const outcomes = await Promise.all([0, 1, 2, 3, 4, 5].map((w) => stores.submissions.replace(draft(unit, `writer ${w}`), 1)));
      const winners = outcomes.filter((o): o is SubmissionRecord => o !== STALE);
      expect(winners, `round ${round}`).to.have.length(1);
      const stored = await stores.submissions.get({ year: 2015 }, unit);
      expect(stored?.version).to.equal(2);
      expect(stored?.items).to.equal(winners[0]?.items);
    }
  });

  it('when a writer names a version that is no longer current, it is refused', async () => {
    await stores.submissions.insert(draft('629999', 'a'));
    expect(await stores.submissions.replace(draft('629999', 'b'), 1)).to.not.equal(STALE);
    expect(await stores.submissions.replace(draft('629999', 'c'), 1)).to.equal(STALE);
    expect((await stores.submissions.get({ year: 2015 }, '629999'))?.items).to.include('"b"');
  });

  it('when two finalisations of one run race, one finalises and the other is told it is stale', async () => {
    await stores.runs.insert({
      runId: '2015-1',
      year: 2015,
      seq: 1,
      status: 'draft',
      rubricHash: 'sha256:x',
      engineVersion: 't',
      inputs: '[]',
      inputsHash: 'sha256:i',
      results: '{}',
      resultsHash: 'sha256:r',
      createdBy: 't',
      createdAt: '2016-01-01T00:00:00.000Z',
    });
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => stores.runs.finalize('2015-1', 1, '2016-01-02T00:00:00.000Z', 'examiner')));
    expect(outcomes.filter((o) => o !== STALE && o !== null)).to.have.length(1);
  });
});
