/** How the audit chain names a record (its subject) and hashes it. */
import { contentHash } from '../core/index.js';

/** The subject of each kind of record, e.g. "submission:2015/620100". */
export const subjects = {
  rubric: (hash: string) => `rubric:${hash}`,
  cycle: (year: number) => `cycle:${year}`,
  submission: (year: number, unit: string) => `submission:${year}/${unit}`,
  material: (id: string) => `material:${id}`,
  review: (year: number, unit: string) => `review:${year}/${unit}`,
  targets: (year: number, unit: string) => `targets:${year}/${unit}`,
  run: (runId: string) => `run:${runId}`,
  note: (id: string) => `note:${id}`,
};

/** The hash of a stored record as the audit chain records it (empty for "did not exist"). */
export function recordHash(record: object | null | undefined): string {
  return record === null || record === undefined ? '' : contentHash(record);
}
