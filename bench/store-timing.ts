/**
 * A development aid for the mixed-read section (KAOHE_BENCH_MIXED_PROFILE=1): the stores
 * behind a proxy that times every call, so that a sequential, unloaded pass over each kind
 * of read shows which store calls it makes and what they cost.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Stores } from '../src/services/ports.js';

export interface CallTimes {
  /** "tokens.find" → [calls, total ms]. */
  readonly calls: Map<string, [number, number]>;
  reset(): void;
}

export function timedStores(stores: Stores): { stores: Stores; times: CallTimes } {
  const calls = new Map<string, [number, number]>();
  const record = (name: string, ms: number) => {
    const seen = calls.get(name) ?? [0, 0];
    calls.set(name, [seen[0] + 1, seen[1] + ms]);
  };
  const wrap =
    (name: string, fn: (...args: unknown[]) => unknown, self: unknown) =>
    (...args: unknown[]) => {
      const started = performance.now();
      const out = fn.apply(self, args);
      if (out instanceof Promise) return out.finally(() => record(name, performance.now() - started));
      record(name, performance.now() - started);
      return out;
    };
  const timed: Record<string, unknown> = {};
  for (const [group, value] of Object.entries(stores)) {
    if (typeof value === 'function') {
      timed[group] = wrap(group, value as (...args: unknown[]) => unknown, stores);
      continue;
    }
    const methods: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(value as Record<string, unknown>)) {
      methods[name] = typeof fn === 'function' ? wrap(`${group}.${name}`, fn as (...args: unknown[]) => unknown, value) : fn;
    }
    timed[group] = methods;
  }
  return { stores: timed as unknown as Stores, times: { calls, reset: () => calls.clear() } };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
