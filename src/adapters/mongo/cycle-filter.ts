/**
 * The filter for a cycle's records: its year, and its body or, for the tree root's
 * cycle, no body (records/cycle-key.ts: the root's records carry none, as before bodies).
 */
import type { CycleKey } from '../../records/index.js';

export function cycleFilter(key: CycleKey): { year: { $eq: number }; body: { $eq: string } | { $exists: false } } {
  return { year: { $eq: key.year }, body: key.body === undefined ? { $exists: false } : { $eq: key.body } };
}
