/**
 * While the database cannot be reached, every store call fails at once with the
 * service's `unavailable` error (HTTP 503, a message in Chinese) instead of hanging:
 * the driver is told not to queue commands (connection.ts), a call made while the
 * connection is down is refused before it is sent, and the driver's own network and
 * server-selection errors are translated. The driver keeps reconnecting in the
 * background, so the service recovers by itself when the database is back.
 */
import type { Connection } from 'mongoose';
import { ServiceError, unavailable } from '../../services/errors.js';
import type { Stores } from '../../services/ports.js';

const CONNECTED = 1;
/** What a client should wait before trying again: about one heartbeat of the driver (connection.ts). */
const RETRY_AFTER_SECONDS = 5;

const UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

export function databaseUnavailable(): ServiceError {
  return unavailable('数据库暂时无法连接，本次操作没有执行，请稍后重试', RETRY_AFTER_SECONDS);
}

/** Socket errors the driver lets through as they are when the server vanishes mid-command. */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function isUnreachable(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return (typeof name === 'string' && UNREACHABLE.has(name)) || (typeof code === 'string' && SOCKET_CODES.has(code));
}

/**
 * Whether the database answered last time anyone asked: the driver's heartbeats (every
 * two seconds) say so, and so does a command that failed on the network. Until a
 * heartbeat succeeds again, calls are refused without being sent.
 */
function reachability(connection: Connection) {
  let down = false;
  const client = connection.getClient();
  client.on('serverHeartbeatFailed', () => {
    down = true;
  });
  client.on('serverHeartbeatSucceeded', () => {
    down = false;
  });
  return {
    isDown: () => down || connection.readyState !== CONNECTED,
    markDown: () => {
      down = true;
    },
  };
}

/** The same stores, each call refused quickly while the database is away. */
export function failFastWhenDown(stores: Stores, connection: Connection): Stores {
  const database = reachability(connection);
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (database.isDown()) throw databaseUnavailable();
      try {
        return await call(...args);
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        database.markDown();
        throw databaseUnavailable();
      }
    };
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(stores)) {
    if (typeof member === 'function') {
      guarded[name] = member; // ping(): answers false rather than failing
      continue;
    }
    const group: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(member as Record<string, unknown>)) {
      group[method] = typeof fn === 'function' ? guard((fn as (...args: unknown[]) => Promise<unknown>).bind(member)) : fn;
    }
    guarded[name] = group;
  }
  return guarded as unknown as Stores;
}
