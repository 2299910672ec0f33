import { expect } from 'chai';
import { allRoutes } from '../../src/api/routes/index.js';
import { type TestService, startService } from '../support/service.js';

describe('the service: health, sign-in and units (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  it('GET /api/health answers without a token and says the database is reachable', async () => {
    const reply = await service.request('GET', '/api/health');
    expect(reply.status).to.equal(200);
    expect(reply.body).to.include({ status: 'ok', database: 'reachable' });
  });

  it('POST /api/session exchanges a username and password for a token that works', async () => {
    const { city } = service.users;
    const signIn = await service.request('POST', '/api/session', { body: { username: city.username, password: city.password } });
    expect(signIn.status).to.equal(201);
    expect(signIn.body).to.include({ username: 'lanzhou', role: 'city', unitCode: '620100' });
    const units = await service.request('GET', '/api/units', { token: signIn.body.token });
    expect(units.status).to.equal(200);
    expect(units.body).to.have.length(14);
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const wrong = await service.request('POST', '/api/session', { body: { username: 'lanzhou', password: 'nope' } });
    const unknown = await service.request('POST', '/api/session', { body: { username: 'nobody', password: 'nope' } });
    expect([wrong.status, unknown.status]).to.deep.equal([401, 401]);
    expect(wrong.body.message).to.equal(unknown.body.message);
  });

  it('GET /api/units without a token is 401 with a message saying what is missing', async () => {
    const reply = await service.request('GET', '/api/units');
    expect(reply.status).to.equal(401);
    expect(reply.body.code).to.equal('unauthenticated');
    expect(reply.body.message).to.include('Bearer');
  });

  it('GET /api/openapi.json describes every route', async () => {
    const reply = await service.request('GET', '/api/openapi.json');
    expect(reply.status).to.equal(200);
    expect(reply.body.openapi).to.match(/^3\./);
    expect(Object.keys(reply.body.paths)).to.include.members(['/api/health', '/api/session', '/api/units']);
    for (const spec of allRoutes(service.services)) {
      const path = `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(reply.body.paths[path]?.[spec.method], `${spec.method.toUpperCase()} ${path}`).to.be.an('object');
    }
  });

  it('a body that is not JSON, or has unknown fields, or MongoDB operators, is a 400 naming the problem', async () => {
    const broken = await service.request('POST', '/api/session', { body: '{"username": ' });
    expect(broken.status).to.equal(400);
    expect(broken.body.code).to.equal('json_invalid');
    const extra = await service.request('POST', '/api/session', { body: { username: 'a', password: 'b', admin: true } });
    expect(extra.status).to.equal(400);
    expect(extra.body.errors[0].path).to.equal('$.body');
    const operator = await service.request('POST', '/api/session', { body: { username: { $gt: '' }, password: 'x' } });
    expect(operator.status).to.equal(400);
    expect(operator.body.errors[0].path).to.equal('$.body.username');
  });
});

describe('the service refuses what JSON.parse would let through', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  it('a "__proto__" key anywhere in a body is a 400 saying so (not silently dropped)', async () => {
    const reply = await service.request('POST', '/api/session', { body: '{"username":"a","password":"b","__proto__":{"admin":true}}' });
    expect(reply.status).to.equal(400);
    expect(reply.body.message).to.include('__proto__');
  });

  it('audit events can be paged with ?after=<seq>', async () => {
    const first = await service.request('GET', '/api/audit/events?limit=2', { user: service.users.auditor });
    expect(first.status).to.equal(200);
    const next = await service.request('GET', `/api/audit/events?limit=2&after=${first.body.at(-1).seq}`, { user: service.users.auditor });
    expect(next.status).to.equal(200);
    expect(next.body[0].seq).to.equal(first.body.at(-1).seq + 1);
  });
});
