/**
 * While the database is down, the service answers at once with 503 and a message in
 * Chinese (and Retry-After), instead of letting requests hang; when the database is
 * back, it serves again without a restart. Real FerretDB, killed with -9 and started
 * again on the same port with the same data.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { systemClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { createApp } from '../../src/api/app.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { composeServices } from '../../src/compose.js';
import { type OwnFerretdb, ownFerretdb } from '../support/own-ferretdb.js';

describe('the database goes away and comes back (real FerretDB, killed)', function () {
  this.timeout(90_000);
  let db: OwnFerretdb;
  let connection: Connection;
  let server: Server;
  let url = '';
  let token = '';

  const units = () => fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${token}` } });

  before(async () => {
    db = await ownFerretdb();
    connection = await connect(db.uri, `kaohe_down_${randomBytes(4).toString('hex')}`);
    const stores = await mongoStores(connection);
    await bootstrap(stores, systemClock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock: systemClock, engineVersion: 'test', maxUploadBytes: 1024 });
    ({ token } = await services.session.addUser({ username: 'examiner', role: 'examiner' }, 'test'));
    const app = createApp(services, { maxUploadBytes: 1024 });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await units()).status).to.equal(200);
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await connection.close(true).catch(() => undefined);
    db.stop();
  });

  it('answers 503 with a Chinese message and Retry-After, within a second or two, while it is down', async () => {
    db.kill();
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      const reply = await units();
      answers.push({
        status: reply.status,
        ms: Date.now() - started,
        retryAfter: reply.headers.get('retry-after'),
        body: (await reply.json()) as { code: string; message: string },
      });
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const a of answers) {
      expect(a.status, JSON.stringify(a)).to.equal(503);
      expect(a.body.code).to.equal('unavailable');
      expect(a.body.message).to.include('数据库暂时无法连接');
      expect(Number(a.retryAfter)).to.be.greaterThan(0);
      // "Quickly" is the behaviour asked for: no request waits out a long driver timeout.
      expect(a.ms, JSON.stringify(a)).to.be.below(2500);
    }
    const health = await fetch(`${url}/api/health`);
    expect(health.status).to.be.oneOf([200, 503]);
  });

  it('serves again once the database is back, without a restart', async () => {
    await db.restart();
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await units()).status;
    }
    expect(status).to.equal(200);
    const list = (await (await units()).json()) as unknown[];
    expect(list).to.have.length(14);
  });
});
