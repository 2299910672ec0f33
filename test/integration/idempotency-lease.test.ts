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
import { GANSU_HASH } from '../support/cycle-fixtures.js';
import { journaledWrite } from '../../src/services/audit/journal.js';

const examiner: Actor = { userId: 'examiner-id', username: 'examiner', role: 'examiner' };
const never = () => new Promise<{ status: number; body: unknown }>(() => undefined);
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 50));
}

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

  it('a request that died after its write landed is not run again: the retry answers 409 naming the write, as every later retry does', async () => {
    const idempotent = service.services.idempotent;
    const cycle = { year: 2015, rubric: GANSU_HASH, deadline: '2016-03-31T23:59:59+08:00' };
    // Dies after the cycle is written and logged, before its reply is recorded.
    void idempotent(examiner, 'cycle-2015', 'post', '/api/cycles', 'c1', async () => {
      await service.services.cycles.create(examiner, cycle);
      return never();
    });
    await until(async () => (await service.stores.cycles.get({ year: 2015 })) !== null && (await service.stores.journal.pending()).length === 0);
    service.clock.set(later(service.clock.now().toISOString(), KEY_LEASE_MS + 1000));
    let ranAgain = false;
    const retry = () =>
      idempotent(examiner, 'cycle-2015', 'post', '/api/cycles', 'c1', async () => {
        ranAgain = true;
        return { status: 201, body: 'second' };
      });
    const first: { status: number; body: unknown } = await retry();
    expect(first.status).to.equal(409);
    expect((first.body as { message: string }).message).to.match(/^使用同一 Idempotency-Key 的请求已在服务中断前完成写入：cycle:2015（审计记录 #\d+）；/);
    expect(await retry()).to.deep.equal(first);
    expect(ranAgain).to.equal(false);
    // Housekeeping leaves it: the key has its answer.
    await settleInterrupted(service.stores, service.clock);
    expect(await retry()).to.deep.equal(first);
  });

  it('a retry waits while the dead request’s write is still being settled, and runs once it is known never to have landed', async () => {
    const idempotent = service.services.idempotent;
    const change = { action: 'note.add', subject: 'note:never-written', before: null, after: { text: '未写入' } };
    // Dies after announcing its write, before the write lands.
    void idempotent(examiner, 'note-a', 'post', '/api/notes', 'n1', async () => {
      await journaledWrite(service.stores, service.clock, examiner, { change, write: never });
      return { status: 201 };
    });
    await until(async () => (await service.stores.journal.pending('note:never-written')).length === 1);
    const start = service.clock.now().toISOString();
    service.clock.set(later(start, KEY_LEASE_MS + 1000));
    const run = async () => ({ status: 201, body: { note: 'second attempt' } });
    const waiting = await refusal(idempotent(examiner, 'note-a', 'post', '/api/notes', 'n1', run));
    expect(waiting.code).to.equal('conflict');
    expect(waiting.message).to.match(/正在处理中/);
    // Past the write's own lease: it never landed, so the retry runs.
    service.clock.set(later(start, 61_000));
    expect(await idempotent(examiner, 'note-a', 'post', '/api/notes', 'n1', run)).to.deep.equal({ status: 201, body: { note: 'second attempt' } });
    expect(await service.stores.journal.pending('note:never-written')).to.deep.equal([]);
  });
});
