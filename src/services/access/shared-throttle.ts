/**
 * Sign-in failures counted by every service process together (the rule:
 * sign-in-throttle.ts). Behind a load balancer a guesser's attempts land on all
 * processes; counted apart, each would allow its own five. Each key's state (its
 * failures in the window, its lock) is kept in the database, read and replaced at a
 * revision so that failures counted at once in two processes are both kept, and a
 * sign-in on one process clears the count on all. Attempts in flight are counted in
 * the process that runs them (they last one scrypt): admitting one is checked and
 * counted without a pause between, so that a burst at one process cannot slip past.
 */
import type { Stores } from '../ports.js';
import { type FailureState, NO_FAILURES, type ThrottleLimits, afterFailure, secondsToWait } from './sign-in-throttle.js';

/** Replacing a key's state lost to another process this many times in a row: a storm; the failure is dropped rather than the request held. */
const MAX_ATTEMPTS = 8;

export interface SignInThrottle {
  /** Admits an attempt of the key (0) or answers the seconds to wait; an admitted attempt must end. */
  admit(key: string, now: number): Promise<number>;
  /** An admitted attempt ended; a failure is counted and may lock the key: the state it left. */
  end(key: string, now: number, failed: boolean): Promise<FailureState>;
  /** Forgets the key's failures and locks (a user who signed in). */
  clear(key: string): Promise<void>;
  /** Seconds to wait in a state, this process's attempts in flight aside. */
  waitIn(state: FailureState, now: number): number;
}

export function signInThrottle(store: Stores['signInFailures'], kind: 'user' | 'address', limits: ThrottleLimits): SignInThrottle {
  const idOf = (key: string) => `${kind}:${key}`;
  const inFlight = new Map<string, number>();

  async function countFailure(key: string, now: number): Promise<FailureState> {
    let state = NO_FAILURES;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const kept = await store.get(idOf(key));
      state = afterFailure(kept?.state ?? NO_FAILURES, now, limits);
      if (await store.put(idOf(key), state, kept?.rev ?? 0)) return state;
    }
    return state;
  }

  return {
    async admit(key, now) {
      const state = (await store.get(idOf(key)))?.state ?? NO_FAILURES;
      const wait = secondsToWait(state, inFlight.get(key) ?? 0, now, limits);
      if (wait === 0) inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      return wait;
    },
    async end(key, now, failed) {
      // Still in flight until its failure is in the store: an attempt admitted meanwhile counts one or the other.
      try {
        return failed ? await countFailure(key, now) : NO_FAILURES;
      } finally {
        const left = (inFlight.get(key) ?? 1) - 1;
        if (left > 0) inFlight.set(key, left);
        else inFlight.delete(key);
      }
    },
    async clear(key) {
      await store.remove(idOf(key));
    },
    waitIn(state, now) {
      return secondsToWait(state, 0, now, limits);
    },
  };
}
