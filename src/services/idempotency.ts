/**
 * Idempotency keys: a client may send `Idempotency-Key` with a write and safely
 * retry it; the first response is recorded and replayed, so a retry never creates a
 * duplicate. The same key with another request is refused.
 *
 * A key in progress is held under a lease that its request renews while it runs. A
 * request that died (a crash, a lost connection to the database) stops renewing, and
 * once the lease has passed a retry takes the key over instead of getting 409 for
 * ever; start-up releases the keys whose lease has passed.
 *
 * A request that died after its write landed must not run again on a retry (a second
 * run, a second note). Its journaled writes are noted on the key before they begin
 * (idempotency-context.ts, journal.ts); a retry after the lease first asks of each
 * whether it landed. One that did is the answer, recorded for every later retry: 409,
 * naming what was written and its audit entry, since the reply itself was lost with the
 * process. A write still being settled (its intent open within its lease) makes the
 * retry wait; writes that never landed let the retry run. Start-up releases only the
 * dead keys that began no write.
 */
import type { Actor } from './access/actor.js';
import { ServiceError } from './errors.js';
import type { Clock, IdempotencyRecord, Stores } from './ports.js';
import { runHoldingKey } from './idempotency-context.js';
import { recoverInterruptedWrites } from './audit/journal.js';

/** How long a key in progress is held without renewal. */
export const KEY_LEASE_MS = 30_000;
/** How often a running request renews its lease (real time: the service's clock may be fixed in tests). */
const RENEW_EVERY_MS = KEY_LEASE_MS / 3;

export interface Replayable {
  readonly status?: number;
  readonly body?: unknown;
}

function inProgress(until: string | undefined, now: Date): ServiceError {
  const seconds = until === undefined ? 1 : Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  return new ServiceError('conflict', `使用同一 Idempotency-Key 的请求正在处理中，请 ${seconds} 秒后重试`, [], seconds);
}

export function idempotencyService(stores: Stores, clock: Clock) {
  const leaseFrom = (now: Date) => new Date(now.getTime() + KEY_LEASE_MS).toISOString();

  /** Holds the key while `run` runs, renewing its lease; records the reply, or frees the key when `run` fails. */
  async function runHolding<R extends Replayable>(actor: Actor, key: string, run: () => Promise<R>): Promise<R> {
    const renewal = setInterval(() => {
      stores.idempotency.renew(actor.userId, key, leaseFrom(clock.now())).catch(() => undefined);
    }, RENEW_EVERY_MS);
    renewal.unref();
    let reply: R;
    try {
      reply = await runHoldingKey({ actor: actor.userId, key }, run);
    } catch (error) {
      await stores.idempotency.release(actor.userId, key).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
    }
    await stores.idempotency.complete(actor.userId, key, reply.status ?? 200, JSON.stringify(reply.body ?? null));
    return reply;
  }

  return async function idempotent<R extends Replayable>(
    actor: Actor,
    key: string,
    method: string,
    path: string,
    requestHash: string,
    run: () => Promise<R>,
  ): Promise<R> {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(key)) throw new ServiceError('invalid', 'Idempotency-Key 只能由 1–128 个字母、数字和 _ . : - 组成');
    const now = clock.now();
    const record: IdempotencyRecord = {
      key,
      actor: actor.userId,
      method,
      path,
      requestHash,
      status: 0,
      body: '',
      createdAt: now.toISOString(),
      leaseUntil: leaseFrom(now),
    };
    if (await stores.idempotency.claim(record)) return runHolding(actor, key, run);

    const seen = await stores.idempotency.get(actor.userId, key);
    if (!seen || seen.method !== method || seen.path !== path || seen.requestHash !== requestHash) {
      throw new ServiceError('idempotency_mismatch', '这个 Idempotency-Key 已用于另一个请求');
    }
    if (seen.status !== 0) return { status: seen.status, body: JSON.parse(seen.body) as unknown } as R;
    const leaseOver = seen.leaseUntil === undefined || seen.leaseUntil <= now.toISOString();
    if (!leaseOver) throw inProgress(seen.leaseUntil, now);
    const landed = await landedWrites(seen, now);
    if (landed !== null) {
      const reply = { status: 409, body: { code: 'conflict', message: landed } };
      await stores.idempotency.complete(actor.userId, key, reply.status, JSON.stringify(reply.body));
      return reply as R;
    }
    if (await stores.idempotency.takeOver(record, seen.leaseUntil)) return runHolding(actor, key, run);
    throw inProgress(seen.leaseUntil, now);
  };

  /**
   * What a dead request's writes left: words naming those that landed (null: none did,
   * the retry may run). Throws 409 in progress while one is still being settled.
   */
  async function landedWrites(seen: IdempotencyRecord, now: Date): Promise<string | null> {
    const writes = seen.writes ?? [];
    if (writes.length === 0) return null;
    const open = (await stores.journal.pending()).filter((i) => writes.includes(i.writeId));
    if (open.some((i) => i.leaseUntil > now.toISOString())) throw inProgress(open.map((i) => i.leaseUntil).sort()[open.length - 1], now);
    // Intents past their lease: settled now (completed or rolled back), as start-up would.
    if (open.length > 0) await recoverInterruptedWrites(stores, clock);
    const entries = [];
    for (const writeId of writes) {
      const entry = await stores.audit.byWriteId(writeId);
      if (entry) entries.push(entry);
    }
    if (entries.length === 0) return null;
    const what = entries.map((e) => `${e.subject}（审计记录 #${e.seq}）`).join('、');
    return `使用同一 Idempotency-Key 的请求已在服务中断前完成写入：${what}；当时的回复未能送达，请查看结果，不要重复提交`;
  }
}
