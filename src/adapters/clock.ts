/** The clock adapters: the system clock, and a fixed one for tests. The core never sees either. */
import type { Clock } from '../services/ports.js';

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now.getTime()),
    set(next: string) {
      now = new Date(next);
    },
  };
}
