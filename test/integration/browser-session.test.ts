import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from '../../src/services/audit/audit.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { type HttpReply, type TestService, type TestUser, startService } from '../support/service.js';

const START = '2016-01-15T09:00:00.000Z';
const NEW_PASSWORD = 'Kaohe-2016-lz';

interface Browser {
  readonly reply: HttpReply;
  readonly cookie: string;
  readonly csrf: string;
}

/** The browser's side: signs in as the Vue app does and keeps the cookie. */
async function signIn(service: TestService, username: string, password: string): Promise<Browser> {
  const reply = await service.request('POST', '/api/session/browser', { body: { username, password } });
  const cookie = /^(kaohe_session=[^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1] ?? '';
  return { reply, cookie, csrf: reply.body?.csrfToken as string };
}

const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

async function auditOf(service: TestService, username: string) {
  return (await service.stores.audit.all()).filter((e) => e.subject === `user:${username}`);
}

describe('browser sessions: cookie, CSRF, expiry, forced password change (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  let webDir: string;
  beforeEach(async () => {
    webDir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>Kaohe</title><div id="app"></div><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    writeFileSync(path.join(webDir, 'assets', 'app-1a2b.js'), 'console.log("kaohe")');
    service = await startService({ now: START, webDir });
  });
  afterEach(async () => {
    await service.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  /** Signs `user` in and makes the forced first change, as a newcomer does. */
  async function ready(user: TestUser): Promise<Browser> {
    const first = await signIn(service, user.username, user.password);
    expect(first.reply.status, first.reply.text).to.equal(200);
    const changed = await service.request('POST', '/api/session/password', {
      cookie: first.cookie,
      headers: { 'x-csrf-token': first.csrf },
      body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status, changed.text).to.equal(204);
    return first;
  }

  it('sign-in sets an HttpOnly, SameSite=Strict session cookie (not Secure over plain HTTP) and answers the user and a CSRF token', async () => {
    const { city } = service.users;
    const { reply, cookie, csrf } = await signIn(service, city.username, city.password);
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({ user: { username: 'lanzhou', role: 'city', unitCode: '620100', mustChangePassword: true }, csrfToken: csrf });
    const setCookie = reply.headers.get('set-cookie') as string;
    expect(setCookie).to.match(/^kaohe_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(reply.headers.get('cache-control')).to.equal('no-store');
    // Only the secret's SHA-256 is in the database.
    const secret = cookie.split('=')[1] as string;
    const stored = await service.connection.db!.collection('sessions').find().toArray();
    expect(stored).to.have.length(1);
    expect(JSON.stringify(stored)).not.to.include(secret);
    expect(JSON.stringify(stored)).not.to.include(csrf);
    const me = await service.request('GET', '/api/session/me', { cookie });
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.equal(reply.body);
  });

  it('a wrong password and an unknown name get the same 401; both are in the audit log, no password is', async () => {
    const wrong = await signIn(service, 'lanzhou', 'not-the-password');
    const unknown = await signIn(service, 'nobody', 'not-the-password');
    for (const r of [wrong, unknown]) {
      expect(r.reply.status).to.equal(401);
      expect(r.reply.body).to.deep.equal({ code: 'unauthenticated', message: '用户名或密码不正确' });
      expect(r.reply.headers.get('set-cookie')).to.equal(null);
    }
    const [failed] = await auditOf(service, 'lanzhou').then((es) => es.filter((e) => e.action === 'session.sign_in_failed'));
    expect(failed?.detail).to.match(/^登录失败（密码错误），来源地址 /);
    expect(failed?.actor).to.equal('(anonymous)');
    expect((await auditOf(service, 'nobody'))[0]?.detail).to.match(/^登录失败（用户不存在）/);
    const all = JSON.stringify(await service.stores.audit.all());
    expect(all).not.to.include('not-the-password');
    expect(all).not.to.include(service.users.city.password);
  });

  it('failed browser sign-ins are throttled like POST /api/session: 429 with Retry-After, the right password included', async () => {
    const { city } = service.users;
    for (let i = 0; i < 5; i++) expect((await signIn(service, city.username, `guess-${i}`)).reply.status).to.equal(401);
    const locked = await signIn(service, city.username, city.password);
    expect(locked.reply.status).to.equal(429);
    expect(locked.reply.headers.get('retry-after')).to.equal('900');
    expect(locked.cookie).to.equal('');
    const token = await service.request('POST', '/api/session', { body: { username: city.username, password: city.password } });
    expect(token.status).to.equal(429);
    const details = (await auditOf(service, city.username)).map((e) => e.detail);
    expect(details.at(-1)).to.match(/已锁定 15 分钟$/);
  });

  it('until the password is changed, a session reaches only me, the change and sign-out (403 password_change_required)', async () => {
    const { examiner } = service.users;
    const { cookie, csrf } = await signIn(service, examiner.username, examiner.password);
    const units = await service.request('GET', '/api/units', { cookie });
    expect(units.status).to.equal(403);
    expect(units.body.code).to.equal('password_change_required');
    expect(units.body.message).to.match(/请先修改密码/);
    // The same user's bearer token is not held up.
    expect((await service.request('GET', '/api/units', { user: examiner })).status).to.equal(200);
    expect((await service.request('GET', '/api/session/me', { cookie })).status).to.equal(200);
    const policy = await service.request('POST', '/api/session/password', {
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: { currentPassword: examiner.password, newPassword: 'examiner12' },
    });
    expect(policy.status).to.equal(400);
    expect(policy.body.code).to.equal('invalid');
    expect(policy.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).to.deep.equal([
      '$.body.newPassword password_too_simple',
      '$.body.newPassword password_contains_username',
    ]);
    const short = await service.request('POST', '/api/session/password', {
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: { currentPassword: examiner.password, newPassword: 'Ab1-' },
    });
    expect(short.body.errors[0]).to.deep.include({ path: '$.body.newPassword', code: 'password_too_short', message: '密码至少 10 个字符（现为 4 个）' });
    const same = await service.request('POST', '/api/session/password', {
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: { currentPassword: examiner.password, newPassword: examiner.password },
    });
    expect(same.body.errors.map((e: { code: string }) => e.code)).to.include('password_unchanged');
    const wrongCurrent = await service.request('POST', '/api/session/password', {
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: { currentPassword: 'wrong-one', newPassword: NEW_PASSWORD },
    });
    expect(wrongCurrent.status).to.equal(400);
    expect(wrongCurrent.body.errors).to.deep.equal([{ path: '$.body.currentPassword', code: 'password_wrong', message: '当前密码不正确' }]);

    // Another session of the same user, signed in with the old password, ends with the change.
    const other = await signIn(service, examiner.username, examiner.password);
    const changed = await service.request('POST', '/api/session/password', {
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: { currentPassword: examiner.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).to.equal(204);
    expect((await service.request('GET', '/api/units', { cookie })).status).to.equal(200);
    expect((await service.request('GET', '/api/session/me', { cookie })).body.user.mustChangePassword).to.equal(false);
    expect((await service.request('GET', '/api/session/me', { cookie: other.cookie })).status).to.equal(401);
    expect((await signIn(service, examiner.username, examiner.password)).reply.status).to.equal(401);
    expect((await signIn(service, examiner.username, NEW_PASSWORD)).reply.body.user.mustChangePassword).to.equal(false);
    // API tokens stay valid.
    expect((await service.request('GET', '/api/units', { user: examiner })).status).to.equal(200);
    const actions = (await auditOf(service, examiner.username)).map((e) => e.action);
    expect(actions).to.include.members(['session.browser_sign_in', 'user.password_change_failed', 'user.password_change']);
  });

  it('a cookie works on every route like the token, with the same access rules', async () => {
    const { cookie } = await ready(service.users.city);
    const own = await service.request('GET', '/api/cycles/2015/submissions', { cookie });
    const byToken = await service.request('GET', '/api/cycles/2015/submissions', { user: service.users.city });
    expect(own.status).to.equal(byToken.status);
    const other = await service.request('GET', '/api/cycles/2015/submissions/620200', { cookie });
    expect(other.status).to.equal(403);
    expect(other.body.message).to.equal('市州用户只能查看本单位（620100）的数据');
    expect((await service.request('GET', '/api/audit/events', { cookie })).status).to.equal(403);
  });

  it('a cookie write without the session’s X-CSRF-Token, or with a wrong one, is 403 csrf and writes nothing; bearer writes need none', async () => {
    const { cookie, csrf } = await ready(service.users.examiner);
    const before = (await service.stores.audit.all()).length;
    const body = { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE };
    const wrongTokens: Record<string, string>[] = [{}, { 'x-csrf-token': 'A'.repeat(43) }, { 'x-csrf-token': `${csrf}x` }, { 'x-csrf-token': '' }];
    for (const headers of wrongTokens) {
      const refused = await service.request('POST', '/api/cycles', { cookie, headers, body });
      expect(refused.status, JSON.stringify(headers)).to.equal(403);
      expect(refused.body.code).to.equal('csrf');
      expect(refused.body.message).to.match(/CSRF/);
    }
    // Refused before the body is read: an invalid body is never looked at.
    const unread = await service.request('POST', '/api/cycles', { cookie, body: '{not json' });
    expect(unread.body.code).to.equal('csrf');
    expect(await service.stores.cycles.get({ year: 2015 })).to.equal(null);
    expect((await service.stores.audit.all()).length).to.equal(before);
    const made = await service.request('POST', '/api/cycles', { cookie, headers: { 'x-csrf-token': csrf }, body });
    expect(made.status, made.text).to.equal(201);
    // A bearer write needs no CSRF token: it reaches the service (which finds the cycle made already).
    const byToken = await service.request('POST', '/api/cycles', { user: service.users.examiner, body });
    expect(byToken.status, byToken.text).to.equal(409);
    // A request with both credentials is a token request: the cookie's CSRF rule does not apply, the token's rules do.
    const both = await service.request('GET', '/api/audit/events', { cookie, user: service.users.city });
    expect(both.status).to.equal(403);
  });

  it('a session idle for 30 minutes ends (401, deleted); activity keeps it alive until 12 hours after sign-in', async () => {
    const idle = await ready(service.users.auditor);
    service.clock.set(at(29));
    expect((await service.request('GET', '/api/session/me', { cookie: idle.cookie })).status).to.equal(200);
    service.clock.set(at(29 + 29));
    expect((await service.request('GET', '/api/units', { cookie: idle.cookie })).status).to.equal(200);
    service.clock.set(at(29 + 29 + 30));
    const expired = await service.request('GET', '/api/session/me', { cookie: idle.cookie });
    expect(expired.status).to.equal(401);
    expect(expired.body.code).to.equal('unauthenticated');
    expect(await service.connection.db!.collection('sessions').countDocuments()).to.equal(0);

    service.clock.set(at(100));
    const busy = await signIn(service, service.users.auditor.username, NEW_PASSWORD);
    for (let m = 120; m < 100 + 12 * 60; m += 20) {
      service.clock.set(at(m));
      expect((await service.request('GET', '/api/session/me', { cookie: busy.cookie })).status, `minute ${m}`).to.equal(200);
    }
    service.clock.set(at(100 + 12 * 60));
    expect((await service.request('GET', '/api/session/me', { cookie: busy.cookie })).status).to.equal(401);
  });

  it('sign-out ends the session and clears the cookie; it needs the CSRF token, and an ended session signs out quietly', async () => {
    const { cookie, csrf } = await ready(service.users.admin);
    const refused = await service.request('POST', '/api/session/sign-out', { cookie });
    expect(refused.status).to.equal(403);
    const out = await service.request('POST', '/api/session/sign-out', { cookie, headers: { 'x-csrf-token': csrf } });
    expect(out.status).to.equal(204);
    expect(out.headers.get('set-cookie')).to.equal('kaohe_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect((await service.request('GET', '/api/session/me', { cookie })).status).to.equal(401);
    expect((await service.request('GET', '/api/units', { cookie })).status).to.equal(401);
    expect((await service.request('POST', '/api/session/sign-out', { cookie })).status).to.equal(204);
    expect((await service.request('GET', '/api/session/me')).status).to.equal(401);
    expect((await service.request('GET', '/api/session/me', { user: service.users.admin })).status).to.equal(401);
    const details = (await auditOf(service, 'admin')).map((e) => e.detail ?? '');
    expect(details.filter((d) => d.startsWith('浏览器登录'))).to.have.length(1);
    expect(details).to.include.members(['退出登录', '修改密码（其他浏览器会话已结束）']);
    const report = await verify(service.stores, service.clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
  });

  it('a user record stored before mustChangePassword existed is not held up', async () => {
    await service.connection.db!.collection('users').updateOne({ username: 'jiayuguan' }, { $unset: { mustChangePassword: 1 } });
    const { reply, cookie } = await signIn(service, 'jiayuguan', service.users.otherCity.password);
    expect(reply.body.user.mustChangePassword).to.equal(false);
    expect((await service.request('GET', '/api/units', { cookie })).status).to.equal(200);
  });

  it('a cross-site sign-in (Sec-Fetch-Site: cross-site) is refused', async () => {
    const { city } = service.users;
    const reply = await service.request('POST', '/api/session/browser', {
      headers: { 'sec-fetch-site': 'cross-site' },
      body: { username: city.username, password: city.password },
    });
    expect(reply.status).to.equal(403);
    expect(reply.body.code).to.equal('csrf');
  });

  describe('the web app and the security headers', () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

    it('every response has the security headers; HSTS only over TLS', async () => {
      for (const reply of [
        await service.request('GET', '/api/health'),
        await service.request('GET', '/', { headers: html }),
        await service.request('GET', '/nothing'),
      ]) {
        expect(reply.headers.get('content-security-policy')).to.equal(
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
        );
        expect(reply.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(reply.headers.get('referrer-policy')).to.equal('same-origin');
        expect(reply.headers.get('x-frame-options')).to.equal('DENY');
        expect(reply.headers.get('strict-transport-security')).to.equal(null);
      }
    });

    it('pages get index.html (no-cache), assets are immutable, everything else stays a JSON 404', async () => {
      for (const page of ['/', '/review/620100', '/cycles/2015/runs']) {
        const reply = await service.request('GET', page, { headers: html });
        expect(reply.status, page).to.equal(200);
        expect(reply.headers.get('content-type')).to.match(/^text\/html/);
        expect(reply.headers.get('cache-control')).to.equal('no-cache');
        expect(reply.text).to.include('<div id="app">');
      }
      const asset = await service.request('GET', '/assets/app-1a2b.js');
      expect(asset.status).to.equal(200);
      expect(asset.headers.get('content-type')).to.match(/javascript/);
      expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
      for (const [p, headers] of [
        ['/assets/missing.js', html],
        ['/favicon.ico', html],
        ['/review/620100', { accept: 'application/json' }],
        ['/api/nothing', html],
        ['/assets/../index.html', html],
      ] as const) {
        const reply = await service.request('GET', p, { headers });
        expect(reply.status, p).to.equal(404);
        expect(reply.body.code, p).to.equal('not_found');
      }
      expect((await service.request('POST', '/', { headers: html })).body.code).to.equal('not_found');
    });

    it('without a build, pages say in Chinese to run npm run build', async () => {
      rmSync(path.join(webDir, 'index.html'));
      const reply = await service.request('GET', '/', { headers: html });
      expect(reply.status).to.equal(503);
      expect(reply.text).to.include('npm run build');
      expect(reply.text).to.include('网页端尚未构建');
    });
  });
});
