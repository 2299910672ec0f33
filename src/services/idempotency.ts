/**
 * Idempotency keys: a client may send `Idempotency-Key` with a write and safely
 * retry it; the first response is recorded and replayed, so a retry never creates a
 * duplicate. The same key with another request is refused.
 */
import type { Actor } from './actor.js';
import { ServiceError } from './errors.js';
import type { Clock, Stores } from './ports.js';

export interface Replayable {
  readonly status?: number;
  readonly body?: unknown;
}

export function idempotencyService(stores: Stores, clock: Clock) {
  return async function idempotent<R extends Replayable>(actor: Actor, key: string, method: string, path: string, requestHash: string, run: () => Promise<R>): Promise<R> {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(key)) throw new ServiceError('invalid', 'Idempotency-Key 只能由 1–128 个字母、数字和 _ . : - 组成');
    const record = { key, actor: actor.userId, method, path, requestHash, status: 0, body: '', createdAt: clock.now().toISOString() };
    if (!(await stores.idempotency.claim(record))) {
      const seen = await stores.idempotency.get(actor.userId, key);
      if (!seen || seen.method !== method || seen.path !== path || seen.requestHash !== requestHash) {
        throw new ServiceError('idempotency_mismatch', '这个 Idempotency-Key 已用于另一个请求');
      }
      if (seen.status === 0) throw new ServiceError('conflict', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
      return { status: seen.status, body: JSON.parse(seen.body) as unknown } as R;
    }
    let reply: R;
    try {
      reply = await run();
    } catch (error) {
      await stores.idempotency.release(actor.userId, key);
      throw error;
    }
    await stores.idempotency.complete(actor.userId, key, reply.status ?? 200, JSON.stringify(reply.body ?? null));
    return reply;
  };
}
