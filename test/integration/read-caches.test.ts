/**
 * What the read paths keep in memory (the mixed-read benchmark's target) still answers
 * as the database does: the authenticated-token cache (services/access/token-cache.ts)
 * refuses what it refused before and sees new users; the stores keep only records that
 * can no longer change (adapters/mongo/kept-records.ts), so a draft read before it was
 * published or finalised is read again.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { ServiceError } from '../../src/services/errors.js';
import { TOKEN_CACHE_TTL_MS, sessionService } from '../../src/services/access/session.js';
import type { Stores } from '../../src/services/ports.js';
import type { RunRecord } from '../../src/records/index.js';
import { ferretdbUri } from '../support/ferretdb.js';

/** The stores, counting the token and user reads authentication makes. */
function counted(stores: Stores) {
  const reads = { tokens: 0, users: 0 };
  const tokens = { ...stores.tokens, find: (id: string) => (reads.tokens++, stores.tokens.find(id)) };
  const users = { ...stores.users, findById: (id: string) => (reads.users++, stores.users.findById(id)) };
  return { stores: { ...stores, tokens, users } as Stores, reads };
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('read caches: answers as the database gives them (real FerretDB)', () => {
  let connection: Connection;
  let stores: Stores;
  before(async () => {
    connection = await connect(await ferretdbUri(), `kaohe_cache_${randomBytes(6).toString('hex')}`);
    stores = await mongoStores(connection);
    await stores.units.upsertMany(initialUnits());
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  describe('authenticated tokens', () => {
    const clock = fixedClock('2016-01-15T09:00:00.000Z');

    it('reads a token and its user once within the TTL, and still refuses a wrong secret, an unknown token and a malformed one', async () => {
      const { stores: countedStores, reads } = counted(stores);
      const session = sessionService(countedStores, clock);
      const { token } = await session.addUser({ username: 'cache-examiner', role: 'examiner', password: 'pw-examiner' }, 'test');
      expect(await session.authenticate(token)).to.include({ username: 'cache-examiner', role: 'examiner' });
      expect(await session.authenticate(token)).to.include({ username: 'cache-examiner', role: 'examiner' });
      expect(reads).to.deep.equal({ tokens: 1, users: 1 });

      const wrongSecret = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      expect((await refusal(session.authenticate(wrongSecret))).message).to.equal('身份令牌无效');
      const unknown = `kh_${'0'.repeat(32)}_${token.slice(-43)}`;
      expect((await refusal(session.authenticate(unknown))).message).to.equal('身份令牌无效');
      expect((await refusal(session.authenticate('kh_nonsense'))).message).to.equal('身份令牌无效');
      expect((await refusal(session.authenticate(undefined))).code).to.equal('unauthenticated');
      // The known token still works after the refusals, from memory.
      expect(await session.authenticate(token)).to.include({ username: 'cache-examiner' });
      expect(reads.tokens, 'the unknown token was looked up; the cached one was not read again').to.equal(2);
    });

    it('sees a user and tokens made after it was filled, and reads again once the TTL has passed', async () => {
      const { stores: countedStores, reads } = counted(stores);
      const session = sessionService(countedStores, clock);
      const first = await session.addUser({ username: 'cache-auditor', role: 'auditor' }, 'test');
      await session.authenticate(first.token);
      const city = await session.addUser({ username: 'cache-city', role: 'city', unitCode: '620100' }, 'test');
      expect(await session.authenticate(city.token)).to.include({ username: 'cache-city', role: 'city', unitCode: '620100' });
      const another = await session.newToken('cache-city');
      expect(await session.authenticate(another)).to.include({ username: 'cache-city' });
      const signedIn = await session.signIn('cache-city', city.password);
      expect(await session.authenticate(signedIn.token)).to.include({ username: 'cache-city' });
      expect(await session.authenticate(first.token)).to.include({ username: 'cache-auditor' });

      const before = reads.tokens;
      await session.authenticate(first.token);
      expect(reads.tokens, 'within the TTL').to.equal(before);
      clock.set(new Date(clock.now().getTime() + TOKEN_CACHE_TTL_MS + 1).toISOString());
      await session.authenticate(first.token);
      expect(reads.tokens, 'after the TTL').to.equal(before + 1);
    });

    it('refuses, once the TTL has passed, a token whose user is no longer in the database', async () => {
      const session = sessionService(stores, clock);
      const { token, user } = await session.addUser({ username: 'cache-gone', role: 'auditor' }, 'test');
      await session.authenticate(token);
      await connection.collection('users').deleteOne({ username: 'cache-gone' });
      clock.set(new Date(clock.now().getTime() + TOKEN_CACHE_TTL_MS + 1).toISOString());
      expect((await refusal(session.authenticate(token))).message).to.equal('身份令牌对应的用户已不存在');
      expect(user.username).to.equal('cache-gone');
    });
  });

  describe('records that can no longer change', () => {
    const run = (seq: number): Omit<RunRecord, 'version'> => ({
      runId: `2030-${seq}`,
      year: 2030,
      seq,
      status: 'draft',
      rubricHash: 'sha256:none',
      engineVersion: 'test',
      inputs: '[]',
      inputsHash: 'sha256:inputs',
      results: '{}',
      resultsHash: 'sha256:results',
      createdBy: 'test',
      createdAt: '2030-01-01T00:00:00.000Z',
    });

    it('a draft run read before it is finalised is read again; the finalised head is what every later read gets', async () => {
      await stores.runs.insert(run(1));
      expect((await stores.runs.summary('2030-1'))?.status).to.equal('draft');
      const finalised = await stores.runs.finalize('2030-1', 1, '2030-01-02T00:00:00.000Z', 'test');
      expect(finalised).to.not.equal(null);
      const head = await stores.runs.summary('2030-1');
      expect(head).to.include({ status: 'final', version: 2, finalizedBy: 'test' });
      expect(head).to.not.have.property('results');
      // A reader that changes what it got does not change what the next one reads.
      (head as { status: string }).status = 'changed';
      expect((await stores.runs.summary('2030-1'))?.status).to.equal('final');
      expect(await stores.runs.summary('2030-9')).to.equal(null);
    });

    it('a draft rubric read before it is published is read again; a cycle not there yet is found once made', async () => {
      const hash = `sha256:${'c'.repeat(64)}`;
      const draft = {
        hash,
        rubricId: 'cache',
        rubricVersion: '1',
        year: 2030,
        title: 'cache',
        status: 'draft' as const,
        source: '{}',
        createdBy: 'test',
        createdAt: '2030-01-01T00:00:00.000Z',
      };
      await stores.rubrics.insert(draft);
      expect((await stores.rubrics.get(hash))?.status).to.equal('draft');
      await stores.rubrics.publish(hash, 1, '2030-01-02T00:00:00.000Z', 'test');
      expect((await stores.rubrics.get(hash))?.status).to.equal('published');
      expect((await stores.rubrics.get(hash))?.status).to.equal('published');

      expect(await stores.cycles.get({ year: 2030 })).to.equal(null);
      await stores.cycles.insert({
        year: 2030,
        rubricHash: hash,
        rubricId: 'cache',
        deadline: '2031-03-31T23:59:59+08:00',
        createdBy: 'test',
        createdAt: '2030-01-01T00:00:00.000Z',
      });
      expect(await stores.cycles.get({ year: 2030 })).to.include({ year: 2030, rubricHash: hash });
    });

    it('finds a unit added to the register after it was read, by this process or by another', async () => {
      expect(await stores.units.get('620100')).to.include({ code: '620100' });
      expect(await stores.units.get('629900')).to.equal(null);
      await stores.units.upsertMany([{ code: '629900', name: '测试市', kind: 'city' }]);
      expect(await stores.units.get('629900')).to.include({ code: '629900', name: '测试市' });
      await connection.collection('units').insertOne({ code: '629901', name: '另一进程市', kind: 'city' });
      expect(await stores.units.get('629901')).to.include({ code: '629901', name: '另一进程市' });
    });
  });
});
