import { expect } from 'chai';
import { type TestService, startService } from '../support/service.js';

describe('users (admin): create, disable, reset, assign (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  const browserSignIn = async (username: string, password: string) => {
    const reply = await service.request('POST', '/api/session/browser', { body: { username, password } });
    return { reply, cookie: /^(kaohe_session=[^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1] ?? '' };
  };

  it('only admins manage users; the list has no hashes', async () => {
    for (const user of [service.users.examiner, service.users.auditor, service.users.city]) {
      expect((await service.request('GET', '/api/users', { user })).status).to.equal(403);
      expect((await service.request('POST', '/api/users', { user, body: { username: 'x1', role: 'auditor' } })).status).to.equal(403);
    }
    const list = await service.request('GET', '/api/users', { user: service.users.admin });
    expect(list.status).to.equal(200);
    expect(list.body.map((u: { username: string }) => u.username)).to.include.members(['admin', 'lanzhou']);
    expect(list.text).not.to.match(/scrypt|passwordHash/);
  });

  it('a created user gets a one-time password that must be changed; disabling ends its sessions and tokens; a reset gives a new one-time password', async () => {
    const { admin } = service.users;
    const created = await service.request('POST', '/api/users', { user: admin, body: { username: 'tianshui', role: 'city', unitCode: '620500' } });
    expect(created.status, created.text).to.equal(201);
    expect(created.body.user).to.deep.include({ username: 'tianshui', role: 'city', unitCode: '620500', mustChangePassword: true, disabled: false });
    const first = await browserSignIn('tianshui', created.body.password);
    expect(first.reply.body.user.mustChangePassword).to.equal(true);
    const token = (await service.request('POST', '/api/session', { body: { username: 'tianshui', password: created.body.password } })).body.token as string;
    expect((await service.request('GET', '/api/units', { token })).status).to.equal(200);

    const disabled = await service.request('POST', '/api/users/tianshui/disable', { user: admin });
    expect(disabled.body.disabled).to.equal(true);
    expect((await service.request('GET', '/api/session/me', { cookie: first.cookie })).status).to.equal(401);
    expect((await service.request('GET', '/api/units', { token })).status).to.equal(401);
    const refused = await browserSignIn('tianshui', created.body.password);
    expect(refused.reply.status).to.equal(401);
    expect(refused.reply.body.message).to.equal('此账号已停用，请联系管理员');
    expect((await browserSignIn('tianshui', 'wrong-password')).reply.body.message).to.equal('用户名或密码不正确');

    expect((await service.request('POST', '/api/users/tianshui/enable', { user: admin })).body.disabled).to.equal(false);
    const reset = await service.request('POST', '/api/users/tianshui/reset-password', { user: admin });
    expect(reset.status).to.equal(200);
    expect(reset.body.password).not.to.equal(created.body.password);
    expect((await browserSignIn('tianshui', created.body.password)).reply.status).to.equal(401);
    expect((await browserSignIn('tianshui', reset.body.password)).reply.body.user.mustChangePassword).to.equal(true);

    const actions = (await service.stores.audit.all()).filter((e) => e.subject === 'user:tianshui').map((e) => `${e.actor} ${e.action}`);
    expect(actions).to.include.members(['admin user.create', 'admin user.disable', 'admin user.enable', 'admin user.password_reset']);
    expect(JSON.stringify(await service.stores.audit.all())).not.to.include(reset.body.password);
  });

  it('assigning a role and unit is checked against the register; errors are in Chinese', async () => {
    const { admin } = service.users;
    const assigned = await service.request('PUT', '/api/users/jiayuguan', { user: admin, body: { role: 'auditor' } });
    expect(assigned.status, assigned.text).to.equal(200);
    expect(assigned.body.role).to.equal('auditor');
    expect(assigned.body).not.to.have.property('unitCode');
    expect((await service.request('GET', '/api/audit/events', { user: service.users.otherCity })).status).to.equal(200);
    const noUnit = await service.request('PUT', '/api/users/jiayuguan', { user: admin, body: { role: 'city' } });
    expect(noUnit.status).to.equal(400);
    expect(noUnit.body.message).to.match(/必须指定所属单位/);
    expect((await service.request('PUT', '/api/users/jiayuguan', { user: admin, body: { role: 'city', unitCode: '620200' } })).body.unitCode).to.equal(
      '620200',
    );
    expect((await service.request('PUT', '/api/users/nobody', { user: admin, body: { role: 'auditor' } })).status).to.equal(404);
    expect((await service.request('POST', '/api/users/admin/disable', { user: admin })).status).to.equal(400);
  });
});
