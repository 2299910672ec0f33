/**
 * Sessions and tokens are stored under their key as `_id` (keyed-by-id.ts), the one
 * lookup FerretDB answers without decoding the whole collection, and those stored before,
 * with an ObjectId, are still found, touched and ended. Real stores on FerretDB.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type Connection, Types } from 'mongoose';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { ferretdbUri } from '../support/ferretdb.js';

const AT = '2016-01-15T09:00:00.000Z';
const LATER = '2016-01-15T09:05:00.000Z';

describe('sessions and tokens found by their key as _id, and those stored before (real FerretDB)', function () {
  this.timeout(60_000);
  const dbName = `kaohe_keyed_${randomBytes(6).toString('hex')}`;
  const connections: Connection[] = [];

  async function startProcess() {
    const connection = await connect(await ferretdbUri(), dbName);
    connections.push(connection);
    return mongoStores(connection);
  }
  const collection = (name: string) => (connections[0] as Connection).collection(name);

  after(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('stores a new token and session under their key, and finds, touches and ends the session by it', async () => {
    const stores = await startProcess();
    await stores.tokens.create({ tokenId: 'tok-new', userId: 'u1', secretHash: 'h', createdAt: AT });
    await stores.sessions.create({ sessionHash: 'sess-new', userId: 'u1', createdAt: AT, lastSeenAt: AT });
    expect(await collection('tokens').findOne({ _id: 'tok-new' as never })).to.include({ tokenId: 'tok-new' });
    expect(await collection('sessions').findOne({ _id: 'sess-new' as never })).to.include({ sessionHash: 'sess-new' });
    expect(await stores.tokens.find('tok-new')).to.deep.equal({ tokenId: 'tok-new', userId: 'u1', secretHash: 'h', createdAt: AT });
    await stores.sessions.touch('sess-new', LATER);
    expect(await stores.sessions.find('sess-new')).to.deep.equal({ sessionHash: 'sess-new', userId: 'u1', createdAt: AT, lastSeenAt: LATER });
    await stores.sessions.delete('sess-new');
    expect(await stores.sessions.find('sess-new')).to.equal(null);
    expect(await stores.tokens.find('no-such-token')).to.equal(null);
  });

  it('finds, touches and ends a token and session stored before, with an ObjectId, beside new ones', async () => {
    await collection('tokens').insertOne({ _id: new Types.ObjectId(), tokenId: 'tok-old', userId: 'u2', secretHash: 'h2', createdAt: AT });
    await collection('sessions').insertOne({ _id: new Types.ObjectId(), sessionHash: 'sess-old', userId: 'u2', createdAt: AT, lastSeenAt: AT });
    // A process started now sees the older documents and looks them up by their fields too.
    const stores = await startProcess();
    await stores.sessions.create({ sessionHash: 'sess-new-2', userId: 'u2', createdAt: AT, lastSeenAt: AT });
    expect(await stores.tokens.find('tok-old')).to.deep.equal({ tokenId: 'tok-old', userId: 'u2', secretHash: 'h2', createdAt: AT });
    expect(await stores.tokens.find('tok-new')).to.include({ userId: 'u1' });
    await stores.sessions.touch('sess-old', LATER);
    expect(await stores.sessions.find('sess-old')).to.include({ lastSeenAt: LATER });
    await stores.sessions.delete('sess-old');
    expect(await stores.sessions.find('sess-old')).to.equal(null);
    expect(await stores.sessions.find('sess-new-2')).to.include({ userId: 'u2' });
  });
});
