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

function databaseUnavailable(): ServiceError {
  // A write cut short may still have landed (recovery then logs it), so the message does not promise it did not.
  return unavailable('数据库暂时无法连接，请稍后重试；如刚才是在保存，请稍后重新读取，确认是否已经保存', RETRY_AFTER_SECONDS);
}

/** Socket errors the driver lets through as they are when the server vanishes mid-command. */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);

function isUnreachable(error: unknown): boolean {
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
  const waiting = new Set<() => void>();
  const goDown = () => {
    down = true;
    for (const fail of waiting) fail();
    waiting.clear();
  };
  // Mongoose's own state, as its events set it. Not connection.readyState: that getter reads
  // "disconnected" whenever no heartbeat was seen for two heartbeat intervals, so a few
  // seconds of busy event loop (scoring a run of hundreds of units) made the next call a 503.
  let closed = connection.readyState !== CONNECTED;
  connection.on('connected', () => {
    closed = false;
  });
  connection.on('disconnected', () => {
    closed = true;
  });
  const client = connection.getClient();
  client.on('serverHeartbeatFailed', goDown);
  client.on('serverHeartbeatSucceeded', () => {
    down = false;
  });
  // A closed monitoring socket marks the server Unknown at once, before any heartbeat is due.
  client.on('serverDescriptionChanged', (event: { newDescription: { type: string } }) => {
    if (event.newDescription.type === 'Unknown') goDown();
    else down = false;
  });
  return {
    isDown: () => down || closed,
    markDown: goDown,
    /** Calls `fail` if the database goes down before `off()`; a call already waiting for a server would otherwise wait out the driver's selection timeout. */
    onDown(fail: () => void): () => void {
      waiting.add(fail);
      return () => waiting.delete(fail);
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
      return new Promise<R>((resolve, reject) => {
        const off = database.onDown(() => reject(databaseUnavailable()));
        call(...args)
          .then(resolve, (error: unknown) => {
            if (!isUnreachable(error)) return reject(error);
            database.markDown();
            reject(databaseUnavailable());
          })
          .finally(off);
      });
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
