import { expect } from 'chai';
import http from 'node:http';
import { DUMMY_PASSWORD_HASH, type PasswordHasher, scryptHasher } from '../../src/services/access/auth.js';
import { sessionService } from '../../src/services/access/session.js';
import { type TestService, startService } from '../support/service.js';

interface Reply {
  readonly status: number;
  readonly body: { code?: string; message?: string; token?: string };
  readonly retryAfter: string | undefined;
}

/**
 * POST /api/session from a chosen loopback address (all of 127.0.0.0/8 is this machine),
 * so that the server sees clients at different addresses, as it would on a network.
 */
function signInFrom(service: TestService, localAddress: string, username: string, password: string): Promise<Reply> {
  const url = new URL('/api/session', service.url);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const header = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            retryAfter: Array.isArray(header) ? header[0] : header,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('sign-in: failures are throttled per user and per address (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService({ now: '2016-01-15T09:00:00.000Z' });
  });
  after(async () => {
    await service.close();
  });

  it('five wrong passwords are 401; then the user is refused with 429 and Retry-After, the right password included', async () => {
    const { city } = service.users;
    for (let i = 0; i < 5; i++) {
      const wrong = await signInFrom(service, '127.0.0.1', city.username, `guess-${i}`);
      expect(wrong.status, `attempt ${i + 1}`).to.equal(401);
      expect(wrong.retryAfter).to.equal(undefined);
    }
    const locked = await signInFrom(service, '127.0.0.1', city.username, 'guess-5');
    expect(locked.status).to.equal(429);
    expect(locked.body.code).to.equal('throttled');
    expect(locked.body.message).to.equal('登录失败次数过多，请在 15 分钟后再试');
    expect(locked.retryAfter).to.equal('900');
    const right = await signInFrom(service, '127.0.0.2', city.username, city.password);
    expect(right.status).to.equal(429);
    expect(right.body.token).to.equal(undefined);
  });

  it('another user, from another address or the same one, is not affected', async () => {
    const { examiner, auditor } = service.users;
    expect((await signInFrom(service, '127.0.0.2', examiner.username, examiner.password)).status).to.equal(201);
    expect((await signInFrom(service, '127.0.0.1', auditor.username, auditor.password)).status).to.equal(201);
  });

  it('the lock ends after its Retry-After; the next five failures lock the user twice as long', async () => {
    const { city } = service.users;
    service.clock.set('2016-01-15T09:15:01.000Z');
    const right = await signInFrom(service, '127.0.0.1', city.username, city.password);
    expect(right.status).to.equal(201);
    expect(right.body.token).to.be.a('string');
    // Signing in cleared the count: five more failures before the next lock, which is not doubled.
    for (let i = 0; i < 5; i++) expect((await signInFrom(service, '127.0.0.1', city.username, `again-${i}`)).status).to.equal(401);
    expect((await signInFrom(service, '127.0.0.1', city.username, city.password)).retryAfter).to.equal('900');
    service.clock.set('2016-01-15T09:30:02.000Z');
    for (let i = 0; i < 5; i++) expect((await signInFrom(service, '127.0.0.1', city.username, `third-${i}`)).status).to.equal(401);
    const doubled = await signInFrom(service, '127.0.0.1', city.username, city.password);
    expect(doubled.status).to.equal(429);
    expect(doubled.retryAfter).to.equal('1800');
    expect(doubled.body.message).to.equal('登录失败次数过多，请在 30 分钟后再试');
  });

  it('twenty failures from one address, on any names, lock the address; the same user from elsewhere still signs in', async () => {
    const { auditor } = service.users;
    for (let i = 0; i < 20; i++) expect((await signInFrom(service, '127.0.0.3', `nobody-${i}`, 'x')).status, `attempt ${i + 1}`).to.equal(401);
    const fromThere = await signInFrom(service, '127.0.0.3', auditor.username, auditor.password);
    expect(fromThere.status).to.equal(429);
    expect(fromThere.retryAfter).to.equal('900');
    expect((await signInFrom(service, '127.0.0.4', auditor.username, auditor.password)).status).to.equal(201);
  });

  it('a burst of concurrent guesses at one user gets no more than five checked', async () => {
    const { admin } = service.users;
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom(service, '127.0.0.5', admin.username, `burst-${i}`)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).to.be.at.most(5);
    expect(statuses.filter((s) => s === 429).length).to.be.at.least(7);
    expect(statuses.every((s) => s === 401 || s === 429)).to.equal(true);
  });

  it('an unknown name is locked like a known one, so a lock does not tell which names exist', async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom(service, '127.0.0.6', 'no-such-user', `p${i}`)).status).to.equal(401);
    const locked = await signInFrom(service, '127.0.0.6', 'no-such-user', 'p5');
    expect(locked.status).to.equal(429);
    expect(locked.retryAfter).to.equal('900');
  });

  it('GET /api/health answers while sign-ins are being checked', async () => {
    const signIns = Promise.all(Array.from({ length: 8 }, (_, i) => signInFrom(service, '127.0.0.7', `guesser-${i}`, 'wrong')));
    const health = await service.request('GET', '/api/health');
    expect(health.status).to.equal(200);
    expect(health.body.status).to.equal('ok');
    expect((await signIns).map((r) => r.status)).to.deep.equal(Array(8).fill(401));
  });
});

describe('sign-in: an unknown name costs one password check, like a wrong password', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  /** The real scrypt hasher, recording what each check was made against. */
  function countingHasher(): PasswordHasher & { checked: string[] } {
    const checked: string[] = [];
    return {
      checked,
      hash: (password) => scryptHasher.hash(password),
      verify: (password, stored) => {
        checked.push(stored);
        return scryptHasher.verify(password, stored);
      },
    };
  }

  /** The lengths of a stored hash's salt and key: what scrypt's cost depends on besides its fixed parameters. */
  const shape = (stored: string) => stored.split('$').map((part, i) => (i === 0 ? part : Buffer.from(part, 'base64').length));

  it('a known name with a wrong password and an unknown name each run scrypt once, against hashes of the same shape', async () => {
    const hasher = countingHasher();
    const session = sessionService(service.stores, service.clock, { hasher });
    const known = await service.stores.users.findByUsername(service.users.city.username);
    for (const username of [service.users.city.username, 'nobody-at-all']) {
      const before = hasher.checked.length;
      const error = await session.signIn(username, 'wrong password', { address: '192.0.2.1' }).catch((e: unknown) => e);
      expect((error as { code?: string }).code, username).to.equal('unauthenticated');
      expect(hasher.checked.length - before, username).to.equal(1);
    }
    expect(hasher.checked).to.deep.equal([known?.passwordHash, DUMMY_PASSWORD_HASH]);
    expect(shape(DUMMY_PASSWORD_HASH)).to.deep.equal(shape(known?.passwordHash ?? ''));
  });

  it('the dummy hash never signs anyone in, whatever the password', async () => {
    expect(await scryptHasher.verify('', DUMMY_PASSWORD_HASH)).to.equal(false);
    const session = sessionService(service.stores, service.clock, { hasher: { hash: scryptHasher.hash, verify: async () => true } });
    const error = await session.signIn('nobody-at-all', 'anything').catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('unauthenticated');
  });

  it('a token of the right shape with an unknown id, or a known id and a wrong secret, is 401', async () => {
    const [, id] = /^kh_([0-9a-f]{32})_/.exec(service.users.city.token) ?? [];
    const wrongSecret = `kh_${id}_${'A'.repeat(43)}`;
    const unknownId = `kh_${'0'.repeat(32)}_${'A'.repeat(43)}`;
    for (const token of [wrongSecret, unknownId]) {
      const reply = await service.request('GET', '/api/units', { token });
      expect(reply.status, token).to.equal(401);
      expect(reply.body.message).to.equal('身份令牌无效');
    }
  });
});
