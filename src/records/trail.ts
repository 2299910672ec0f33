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

/** An entry that does not begin where the previous entry about its record ended. */
export interface OrderBreak {
  readonly entry: AuditEvent;
  readonly previous: AuditEvent;
}

/**
 * Entries about one record must follow its writes: each begins (beforeHash) where the
 * previous entry about the same record ended (afterHash). An entry logged out of the
 * order of the writes, or one missing between two, breaks this even when the chain of
 * hashes is whole. Entries without record hashes (sign-ins) are passed by.
 */
export function subjectOrderBreaks(events: readonly AuditEvent[]): OrderBreak[] {
  const breaks: OrderBreak[] = [];
  const last = new Map<string, AuditEvent>();
  for (const entry of events) {
    if (entry.beforeHash === '' && entry.afterHash === '') continue;
    const previous = last.get(entry.subject);
    if (previous !== undefined && previous.afterHash !== entry.beforeHash) breaks.push({ entry, previous });
    last.set(entry.subject, entry);
  }
  return breaks;
}

export function describeOrderBreak(b: OrderBreak): string {
  return (
    `审计记录 #${b.entry.seq}（${b.entry.action} ${b.entry.subject}）：所记的修改前内容不是同一记录上一条审计记录 #${b.previous.seq}（${b.previous.action}）所记的修改后内容` +
    '（同一记录的审计记录与写入顺序不一致，或其间有记录缺失）'
  );
}
