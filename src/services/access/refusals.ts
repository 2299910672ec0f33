/**
 * Refused reaches are logged in the audit trail ("access.denied"): an examiner of
 * 兰州市 asking for the province's cycle, a county's clerk asking for its neighbour's
 * submission. Each actor's entries are capped per window in this process, so that a
 * user hammering a forbidden URL cannot flood the trail or slow writers for others.
 */
import type { Clock, Stores } from '../ports.js';
import type { Actor } from './actor.js';

/** At most this many entries per actor in each window; the rest of the window's refusals are answered but not logged. */
const LOGGED_PER_WINDOW = 20;
const WINDOW_MS = 10 * 60_000;
/** Actors remembered at once; past it the oldest windows are forgotten (a fresh window starts for them). */
const ACTORS_KEPT = 10_000;

export function refusalLog(stores: Stores, clock: Clock) {
  const windows = new Map<string, { start: number; count: number }>();

  function admitted(actor: string, now: number): boolean {
    const window = windows.get(actor);
    if (window === undefined || now - window.start >= WINDOW_MS) {
      windows.delete(actor);
      if (windows.size >= ACTORS_KEPT) windows.delete(windows.keys().next().value as string);
      windows.set(actor, { start: now, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= LOGGED_PER_WINDOW;
  }

  return {
    /** Logs that `actor` was refused `what` (a method and path) with `message`; never throws. */
    async log(actor: Actor, what: string, message: string): Promise<void> {
      const now = clock.now();
      if (!admitted(actor.username, now.getTime())) return;
      try {
        await stores.audit.append({
          at: now.toISOString(),
          actor: actor.username,
          action: 'access.denied',
          subject: `user:${actor.username}`,
          ...(actor.unitCode === undefined ? {} : { unitCode: actor.unitCode }),
          beforeHash: '',
          afterHash: '',
          detail: `${what}：${message}`.slice(0, 500),
        });
      } catch {
        // The refusal stands whether or not it could be logged; the caller answers 403 either way.
      }
    },
  };
}
