/** Shared by the use cases: how records are hashed for the audit chain, and how a change is logged. */
import { type Rubric, contentHash } from '../core/index.js';
import type { Actor } from './actor.js';
import type { AuditEvent, Clock, RubricRecord, Stores } from './ports.js';

/** The stored form of a parsed rubric: a draft, or (first-start rubrics) already published. */
export function rubricRecord(rubric: Pick<Rubric, 'hash' | 'id' | 'version' | 'year' | 'title'>, source: string, by: string, at: string, published: boolean): Omit<RubricRecord, 'version'> {
  return {
    hash: rubric.hash,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    year: rubric.year,
    title: rubric.title,
    status: published ? 'published' : 'draft',
    source,
    createdBy: by,
    createdAt: at,
    ...(published ? { publishedAt: at, publishedBy: by } : {}),
  };
}

/** The hash of a stored record as the audit chain records it (empty for "did not exist"). */
export function recordHash(record: object | null | undefined): string {
  return record === null || record === undefined ? '' : contentHash(record);
}

export interface Change {
  readonly action: string;
  readonly subject: string;
  readonly year?: number;
  readonly unitCode?: string;
  readonly before: object | null;
  readonly after: object | null;
  readonly detail?: string;
}

/** Appends one change to the audit chain, with the hashes of the record before and after. */
export function logChange(stores: Stores, clock: Clock, actor: Actor, change: Change): Promise<AuditEvent> {
  return stores.audit.append({
    at: clock.now().toISOString(),
    actor: actor.username,
    action: change.action,
    subject: change.subject,
    year: change.year,
    unitCode: change.unitCode,
    beforeHash: recordHash(change.before),
    afterHash: recordHash(change.after),
    detail: change.detail,
  });
}

/** Path-parameter forms shared by the routes. */
export const subjects = {
  rubric: (hash: string) => `rubric:${hash}`,
  cycle: (year: number) => `cycle:${year}`,
  submission: (year: number, unit: string) => `submission:${year}/${unit}`,
  material: (id: string) => `material:${id}`,
  review: (year: number, unit: string) => `review:${year}/${unit}`,
  run: (runId: string) => `run:${runId}`,
  note: (id: string) => `note:${id}`,
};
