/**
 * Users are stored under their username as `_id` (adapters/mongo/user-store.ts), the one
 * lookup FerretDB answers without decoding the whole collection, and users stored before,
 * with an ObjectId, are still found, sign in, keep their tokens working and are changed by
 * an admin. Real stores on FerretDB; the older user written through the driver as a
 * database made before holds it.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type Connection, Types } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import type { Actor } from '../../src/services/access/actor.js';
import type { PasswordHasher } from '../../src/services/access/auth.js';
import { sessionService } from '../../src/services/access/session.js';
import { userAdminService } from '../../src/services/access/users.js';
import { ferretdbUri } from '../support/ferretdb.js';

const clock = fixedClock('2016-01-15T09:00:00.000Z');
const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin' };
/** Passwords kept as they are: what is checked here is finding the user, not scrypt. */
/** The message of a refused call. */
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => 'not refused',
    (e: unknown) => (e as Error).message,
  );
const plainHasher: PasswordHasher = { hash: async (p) => `plain$${p}`, verify: async (p, h) => h === `plain$${p}` };

describe('users found by their name as _id, and users stored before (real FerretDB)', function () {
  this.timeout(60_000);
  const dbName = `kaohe_userAdmin${randomBytes(6).toString('hex')}`;
  const connections: Connection[] = [];

  /** A service process started now: its stores decide at start-up whether older users remain. */
  async function startProcess() {
    const connection = await connect(await ferretdbUri(), dbName);
    connections.push(connection);
    const stores = await mongoStores(connection);
    const access = sessionService(stores, clock, { hasher: plainHasher });
    return { stores, access, admin: userAdminService(stores, clock, access) };
  }
  const users = () => (connections[0] as Connection).collection('users');

  before(async () => {
    const { stores } = await startProcess();
    await stores.units.upsertMany(initialUnits());
  });
  after(async () => {
    await connections[0]?.dropDatabase();
    for (const c of connections) await c.close();
  });

  it('a new user is stored under its name, signs in, and its token names it', async () => {
    const { access, stores } = await startProcess();
    const { user, password, token } = await access.addUser({ username: 'city-lz', role: 'city', unitCode: '620100' }, 'admin');
    expect(await users().findOne({ _id: 'city-lz' as never })).to.include({ username: 'city-lz', role: 'city', unitCode: '620100' });
    expect(user.id).to.equal('city-lz');
    expect(await stores.users.findById('city-lz')).to.include({ username: 'city-lz', version: 1 });
    expect(await access.authenticate(token)).to.deep.equal({ userId: 'city-lz', username: 'city-lz', role: 'city', unitCode: '620100' });
    expect((await access.signIn('city-lz', password)).actor).to.include({ username: 'city-lz' });
    expect(await refusal(access.addUser({ username: 'city-lz', role: 'examiner' }, 'admin'))).to.include('用户 city-lz 已存在');
  });

  it('a user stored before, with an ObjectId, signs in, keeps its tokens, and is reset, reassigned and disabled by an admin', async () => {
    const oldId = new Types.ObjectId();
    await users().insertOne({
      _id: oldId,
      username: 'old-examiner',
      role: 'examiner',
      passwordHash: await plainHasher.hash('old-password-1'),
      createdAt: '2015-06-01T00:00:00.000Z',
      version: 3,
    });
    // A process started now sees the older user and looks users up by their fields too.
    const { access, admin: userAdmin, stores } = await startProcess();
    expect(await stores.users.findByUsername('old-examiner')).to.include({ id: oldId.toHexString(), version: 3 });
    expect(await stores.users.findById(oldId.toHexString())).to.include({ username: 'old-examiner' });
    expect(await stores.users.findByUsername('city-lz'), 'a new user beside it').to.include({ id: 'city-lz' });

    const { token, actor } = await access.signIn('old-examiner', 'old-password-1');
    expect(actor).to.deep.equal({ userId: oldId.toHexString(), username: 'old-examiner', role: 'examiner', unitCode: undefined });
    expect(await access.authenticate(token)).to.include({ username: 'old-examiner', role: 'examiner' });

    const { password } = await userAdmin.resetPassword(admin, 'old-examiner');
    expect((await access.signIn('old-examiner', password)).actor).to.include({ userId: oldId.toHexString() });
    expect(await userAdmin.assign(admin, 'old-examiner', 'auditor', undefined)).to.include({ role: 'auditor' });
    expect(await userAdmin.setDisabled(admin, 'old-examiner', true)).to.include({ disabled: true });
    expect(await refusal(access.authenticate(token))).to.include('此账号已停用');
    expect(await refusal(access.signIn('old-examiner', password))).to.include('此账号已停用');

    // Changed in place: still one document, under its ObjectId, now at version 6.
    const stored = await users().find({ username: 'old-examiner' }).toArray();
    expect(stored).to.have.length(1);
    expect(stored[0]?._id).to.be.instanceOf(Types.ObjectId);
    expect(stored[0]).to.include({ role: 'auditor', disabled: true, version: 6 });
    expect((await userAdmin.list(admin)).map((u) => u.username)).to.deep.equal(['city-lz', 'old-examiner']);
  });

  it('a new user cannot take the name of a user stored before', async () => {
    const { access } = await startProcess();
    expect(await refusal(access.addUser({ username: 'old-examiner', role: 'examiner' }, 'admin'))).to.include('用户 old-examiner 已存在');
    expect(await users().countDocuments({ username: 'old-examiner' })).to.equal(1);
  });
});
