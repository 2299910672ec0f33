/**
 * Sign-in failures counted by several service processes together: two session services
 * on one database, each with its own in-memory throttle, stand for two processes behind
 * a load balancer. A guesser whose attempts alternate between them gets the same five
 * (per user) and twenty (per address) as against one.
 */
import { expect } from 'chai';
import { sessionService } from '../../src/services/access/session.js';
import { settleInterrupted } from '../../src/services/audit/housekeeping.js';
import { ServiceError } from '../../src/services/errors.js';
import { type TestService, startService } from '../support/service.js';

type Session = ReturnType<typeof sessionService>;

/** The error code of a sign-in (ok when it signed in), with its Retry-After. */
async function attempt(session: Session, username: string, password: string, address: string): Promise<{ code: string; retryAfter?: number }> {
  try {
    await session.signIn(username, password, { address });
    return { code: 'ok' };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { code: error.code, ...(error.retryAfterSeconds === undefined ? {} : { retryAfter: error.retryAfterSeconds }) };
  }
}

describe('sign-in failures across service processes (real FerretDB)', () => {
  let service: TestService;
  let first: Session;
  let second: Session;
  before(async () => {
    service = await startService({ now: '2016-01-15T09:00:00.000Z' });
    first = sessionService(service.stores, service.clock);
    second = sessionService(service.stores, service.clock);
  });
  after(async () => {
    await service.close();
  });

  it('five wrong passwords spread over two processes lock the user on both, the right password included', async () => {
    const { city } = service.users;
    const processes = [first, second, first, second, second];
    for (const [i, session] of processes.entries())
      expect((await attempt(session, city.username, `guess-${i}`, `10.0.0.${i}`)).code, `attempt ${i + 1}`).to.equal('unauthenticated');
    for (const session of [first, second])
      expect(await attempt(session, city.username, city.password, '10.0.1.1')).to.deep.equal({ code: 'throttled', retryAfter: 900 });
  });

  it('signing in on one process clears the user’s failures on the other', async () => {
    const { examiner } = service.users;
    for (let i = 0; i < 4; i++) expect((await attempt(first, examiner.username, `x-${i}`, '10.0.2.1')).code).to.equal('unauthenticated');
    expect((await attempt(second, examiner.username, examiner.password, '10.0.2.2')).code).to.equal('ok');
    // Four more on the first process: without the clearing, the fifth failure in the window would have locked.
    for (let i = 0; i < 4; i++) expect((await attempt(first, examiner.username, `y-${i}`, '10.0.2.1')).code).to.equal('unauthenticated');
    expect((await attempt(first, examiner.username, examiner.password, '10.0.2.3')).code).to.equal('ok');
  });

  it('twenty failures from one address on made-up names, ten through each process, lock the address on both', async () => {
    for (let i = 0; i < 20; i++)
      expect((await attempt(i % 2 === 0 ? first : second, `nobody-${i}`, 'x', '10.0.3.1')).code, `attempt ${i + 1}`).to.equal('unauthenticated');
    const { auditor } = service.users;
    for (const session of [first, second])
      expect(await attempt(session, auditor.username, auditor.password, '10.0.3.1')).to.deep.equal({ code: 'throttled', retryAfter: 900 });
    expect((await attempt(second, auditor.username, auditor.password, '10.0.3.2')).code).to.equal('ok');
  });

  it('failures counted at the same moment in both processes are all kept', async () => {
    const { admin } = service.users;
    // Two at once, one in each process, twice: four failures whichever process wins each race.
    for (let round = 0; round < 2; round++) {
      const both = await Promise.all([attempt(first, admin.username, `a-${round}`, '10.0.4.1'), attempt(second, admin.username, `b-${round}`, '10.0.4.2')]);
      expect(both.map((r) => r.code)).to.deep.equal(['unauthenticated', 'unauthenticated']);
    }
    const kept = await service.stores.signInFailures.get(`user:${admin.username}`);
    expect(kept?.state.failures).to.have.length(4);
    expect((await attempt(first, admin.username, 'c', '10.0.4.3')).code).to.equal('unauthenticated');
    expect(await attempt(second, admin.username, admin.password, '10.0.4.4')).to.deep.equal({ code: 'throttled', retryAfter: 900 });
  });

  it('housekeeping forgets a key once its lock has ended and a whole window has passed quietly, not before', async () => {
    const keys = ['user:nobody-0', `user:${service.users.city.username}`, 'address:10.0.3.1'];
    expect((await settleInterrupted(service.stores, service.clock)).forgottenSignInKeys).to.equal(0);
    service.clock.set('2016-01-15T09:20:00.000Z');
    // The failure of nobody-0 is older than the window; the locks (until 09:15) have ended but were seen at 09:15.
    await settleInterrupted(service.stores, service.clock);
    expect(await service.stores.signInFailures.get('user:nobody-0')).to.equal(null);
    expect(await service.stores.signInFailures.get(`user:${service.users.city.username}`)).not.to.equal(null);
    service.clock.set('2016-01-15T09:31:00.000Z');
    await settleInterrupted(service.stores, service.clock);
    for (const key of keys) expect(await service.stores.signInFailures.get(key), key).to.equal(null);
  });
});
