/**
 * A record against the audit trail: what it is now must hash to the afterHash of the
 * latest entry about it. One check for `kaohe audit verify` (records in the database)
 * and `kaohe audit replay` (records in a bundle); each says in its own words where.
 */
import { recordHash } from './subjects.js';
import type { AuditEvent } from './types.js';

/** The latest entry about each subject. */
export function latestEntries(events: readonly AuditEvent[]): Map<string, AuditEvent> {
  const latest = new Map<string, AuditEvent>();
  for (const e of events) latest.set(e.subject, e);
  return latest;
}

export type TrailMismatch =
  /** The record exists but no entry speaks of it: it was not written through the service. */
  | { readonly kind: 'unlogged'; readonly hash: string }
  /** The record is not what the latest entry says (null: the entry says it exists, and it does not). */
  | { readonly kind: 'changed'; readonly entry: AuditEvent; readonly hash: string };

/** How a record (null: absent) stands against the trail; null when it matches. */
export function trailMismatch(latest: ReadonlyMap<string, AuditEvent>, subject: string, record: object | null): TrailMismatch | null {
  const entry = latest.get(subject);
  const hash = recordHash(record);
  if (!entry) return record === null ? null : { kind: 'unlogged', hash };
  return entry.afterHash === hash ? null : { kind: 'changed', entry, hash };
}
