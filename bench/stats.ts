/** What every part of the benchmark measures with: rounds, medians, paired ratios, garbage collection between samples. */
import { performance } from 'node:perf_hooks';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * The median over rounds of baseline time / contender time. Pairing each round's two
 * runs cancels the drift a shared machine shows from one second to the next.
 */
export function pairedRatio(baseline: readonly number[], contender: readonly number[]): number {
  return median(baseline.map((b, r) => b / (contender[r] as number)));
}

/** Collects garbage between samples (node --expose-gc) so that no run pays for another's. */
export const collect: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Per contender, its time in each round, after one warm-up run each (compile, JIT).
 * Rounds alternate the contenders, so that drift touches them all alike, and each round
 * starts one contender later than the one before, so that none is always first or last
 * in its round. Garbage is collected before every sample, every contender's alike.
 */
export function measureRounds(contenders: Record<string, () => unknown>, rounds: number): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const entries = Object.entries(contenders);
  for (const [, run] of entries) run();
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < entries.length; c++) {
      const [name, run] = entries[(r + c) % entries.length] as [string, () => unknown];
      collect();
      const t0 = performance.now();
      run();
      (times[name] as number[]).push(performance.now() - t0);
    }
  }
  return times;
}
