/** What every part of the benchmark measures with: medians, paired ratios, garbage collection between samples. */

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
