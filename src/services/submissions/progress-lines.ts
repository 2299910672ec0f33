/**
 * The progress board's lines (records/progress-status.ts): what the board shows of each
 * unit's submission, kept apart from it, so that a board of 2,851 units reads 2,851 small
 * documents instead of every submission with its items (1.6–1.9 s at 2,851 units).
 *
 * A line is put with each write of a submission, after the record and before the write's
 * audit entry (journal.ts): a write whose entry is in the trail has its line. A write that
 * landed without its entry is completed by crash recovery, which marks the cycle's lines
 * stale first; the board's next read then makes them again from the submissions, as it
 * does on its first read of a cycle (a database older than lines, a cycle new to the board).
 */
import type { Rubric } from '../../core/index.js';
import { type CycleKey, itemsOf, type ProgressLineRecord, type SubmissionRecord, type UnitItem } from '../../records/index.js';
import { STALE, type Stale, type Stores } from '../ports.js';
import { missingItems } from './submission-checks.js';
import { itemsWithoutMaterials } from './submission-evidence.js';

/** The board's line of a stored submission. */
export function progressLineOf(rubric: Rubric, record: SubmissionRecord): ProgressLineRecord {
  return {
    year: record.year,
    ...(record.body === undefined ? {} : { body: record.body }),
    unitCode: record.unitCode,
    version: record.version,
    state: record.state,
    reopened: record.reopenings.length > 0,
    missing: missingItems(rubric, itemsWithoutMaterials(itemsOf<UnitItem>(record))).length,
    ...(record.selfTotal === undefined ? {} : { selfTotal: record.selfTotal }),
    ...(record.updatedAt === undefined ? {} : { updatedAt: record.updatedAt }),
    ...(record.submittedAt === undefined ? {} : { submittedAt: record.submittedAt }),
  };
}

/** A write of a submission followed by its line, when it landed. */
export function writeWithLine(
  stores: Stores,
  rubric: Rubric,
  write: () => Promise<SubmissionRecord | Stale | null>,
): () => Promise<SubmissionRecord | Stale | null> {
  return async () => {
    const stored = await write();
    if (stored !== null && stored !== STALE) await stores.progressLines.put(progressLineOf(rubric, stored));
    return stored;
  };
}

/** The latest line of each unit of the cycle that saved anything, by unit code; made from the submissions when not built or marked stale. */
export async function cycleProgressLines(stores: Stores, key: CycleKey, rubric: Rubric): Promise<Map<string, ProgressLineRecord>> {
  if (!(await stores.progressLines.built(key))) {
    for (const record of await stores.submissions.list(key)) await stores.progressLines.put(progressLineOf(rubric, record));
    // Marked only once every line is put, so that a process stopped half-way leaves the cycle to be made again. (A
    // recovery that marks the cycle stale in between, for a write that landed after the list was read, is undone here;
    // that write's unit shows its previous version until its next write.)
    await stores.progressLines.markBuilt(key);
  }
  return new Map((await stores.progressLines.latest(key)).map((line) => [line.unitCode, line]));
}
