/** How the audit chain names a record (its subject) and hashes it. */
import { contentHash } from '../core/index.js';
import { type CycleKey, cycleIdOf } from './cycle-key.js';

/**
 * The subject of each kind of record, e.g. "submission:2015/620100", or in another
 * body's cycle "submission:2015-620100/620102".
 */
export const subjects = {
  rubric: (hash: string) => `rubric:${hash}`,
  cycle: (key: CycleKey) => `cycle:${cycleIdOf(key)}`,
  submission: (key: CycleKey, unit: string) => `submission:${cycleIdOf(key)}/${unit}`,
  material: (id: string) => `material:${id}`,
  review: (key: CycleKey, unit: string) => `review:${cycleIdOf(key)}/${unit}`,
  targets: (key: CycleKey, unit: string) => `targets:${cycleIdOf(key)}/${unit}`,
  run: (runId: string) => `run:${runId}`,
  note: (id: string) => `note:${id}`,
};

/** The hash of a stored record as the audit chain records it (empty for "did not exist"). */
export function recordHash(record: object | null | undefined): string {
  return record === null || record === undefined ? '' : contentHash(record);
}
