/**
 * An Idempotency-Key whose request died is not held for ever: while the request could
 * still be running a retry is told to wait (409, Retry-After); once the key's lease has
 * passed, a retry takes it over and runs; start-up releases the keys of dead requests.
 * Real FerretDB; the died request is one whose work never finishes.
 */
import { expect } from 'chai';
import type { Actor } from '../../src/services/access/actor.js';
import { ServiceError } from '../../src/services/errors.js';
import { settleInterrupted } from '../../src/services/audit/housekeeping.js';
import { KEY_LEASE_MS } from '../../src/services/idempotency.js';
import { type TestService, startService } from '../support/service.js';

const examiner: Actor = { userId: 'examiner-id', username: 'examiner', role: 'examiner' };
const never = () => new Promise<{ status: number; body: unknown }>(() => undefined);
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

async function refusal(work: Promise<unknown>): Promise<ServiceError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(ServiceError);
    return error as ServiceError;
  }
  return expect.fail('the retry should have been refused');
}

describe('idempotency keys of requests that died (real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;
  const start = '2016-01-15T09:00:00.000Z';

  before(async () => {
    service = await startService({ now: start });
  });
  after(async () => {
    await service.close();
  });

  it('a retry within the lease is told to wait, with how long; after it, the retry runs and its answer is kept', async () => {
    const idempotent = service.services.idempotent;
    void idempotent(examiner, 'run-2015-a', 'post', '/api/cycles/2015/runs', 'h1', never);
    await new Promise((r) => setTimeout(r, 200));

    const early = await refusal(idempotent(examiner, 'run-2015-a', 'post', '/api/cycles/2015/runs', 'h1', async () => ({ status: 201, body: 'second' })));
    expect(early.code).to.equal('conflict');
    expect(early.message).to.match(/正在处理中，请 \d+ 秒后重试/);
    expect(early.retryAfterSeconds).to.be.within(1, KEY_LEASE_MS / 1000);

    service.clock.set(later(start, KEY_LEASE_MS + 1000));
    const taken = await idempotent(examiner, 'run-2015-a', 'post', '/api/cycles/2015/runs', 'h1', async () => ({ status: 201, body: { runId: '2015-9' } }));
    expect(taken).to.deep.equal({ status: 201, body: { runId: '2015-9' } });
    const replayed = await idempotent(examiner, 'run-2015-a', 'post', '/api/cycles/2015/runs', 'h1', async () => ({ status: 201, body: 'not run' }));
    expect(replayed).to.deep.equal({ status: 201, body: { runId: '2015-9' } });
  });

  it('another request under a dead key is still refused as another request', async () => {
    const other = await refusal(service.services.idempotent(examiner, 'run-2015-a', 'post', '/api/cycles/2015/runs', 'h2', async () => ({ status: 201 })));
    expect(other.code).to.equal('idempotency_mismatch');
  });

  it('start-up releases keys whose requests died, and leaves finished and running ones', async () => {
    const now = service.clock.now().toISOString();
    const claim = (key: string, leaseUntil: string) =>
      service.stores.idempotency.claim({ key, actor: 'x', method: 'post', path: '/p', requestHash: 'h', status: 0, body: '', createdAt: now, leaseUntil });
    await claim('dead', later(now, -1000));
    await claim('alive', later(now, KEY_LEASE_MS));
    const settled = await settleInterrupted(service.stores, service.clock);
    expect(settled.releasedKeys).to.equal(1);
    expect(await service.stores.idempotency.get('x', 'dead')).to.equal(null);
    expect(await service.stores.idempotency.get('x', 'alive')).to.include({ status: 0 });
    expect(await service.stores.idempotency.get(examiner.userId, 'run-2015-a')).to.include({ status: 201 });
  });
});
