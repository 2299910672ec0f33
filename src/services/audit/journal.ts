/**
 * A write and its audit entry as one recoverable unit, without multi-document
 * transactions (FerretDB v1 has none).
 *
 * Write-ahead: before a record is written, the audit entry it will append is stored
 * as an intent (with the hash the record will have). Then the record is written, the
 * entry appended (under the intent's writeId, so appending it twice appends it once),
 * and the intent closed. A crash can stop this anywhere; what it leaves is one of:
 *
 * - the record as it was, an intent open: the write never landed. Once the intent's
 *   lease has passed (its writer is surely gone) recovery drops it: rolled back;
 * - the record as the intent says, no entry: recovery appends the entry: completed;
 * - the entry appended, the intent open: recovery closes it.
 *
 * Anything else (the record matches neither the intent nor its latest entry) is not
 * a crash's doing, and `kaohe audit verify` reports it as tampering. Recovery runs
 * when the service starts, every minute while it runs, and at the start of verify.
 *
 * With several service processes, another writer may write the record on top before
 * an entry is appended; entries are then appended in the order of the writes, the
 * earlier ones from their intents (subject-order.ts), by the live writer or by recovery.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { type AuditEvent, type NewAuditEvent, parseCycleId, recordHash, type WriteIntent } from '../../records/index.js';
import { type Clock, STALE, type Stale, type Stores } from '../ports.js';
import { catchUpSubject, intentsBetween } from './subject-order.js';
import { heldKey } from '../idempotency-context.js';

/** Longer than any write takes; after it, an intent whose write never landed is dropped. */
const INTENT_LEASE_MS = 60_000;

/** A change to one record, as its audit entry will tell it: the record before (null: new) and after (null: removed). */
export interface Change {
  readonly action: string;
  readonly subject: string;
  readonly year?: number;
  readonly unitCode?: string;
  readonly before: object | null;
  readonly after: object | null;
  readonly detail?: string;
}

export interface PlannedWrite<T> {
  /** What the entry will say; `after` is the record exactly as it will be stored. */
  readonly change: Change;
  /** Writes the record: the stored record, or null / STALE when it did not happen (nothing changed). */
  readonly write: () => Promise<T | Stale | null>;
}

function eventOf(clock: Clock, actor: Actor, change: Change): NewAuditEvent {
  return {
    at: clock.now().toISOString(),
    actor: actor.username,
    action: change.action,
    subject: change.subject,
    year: change.year,
    unitCode: change.unitCode,
    beforeHash: recordHash(change.before),
    afterHash: recordHash(change.after),
    detail: change.detail,
  };
}

/**
 * Makes one audited write: returns the stored record (null or STALE, untouched, when
 * the write did not happen). If it throws, the write may or may not have landed, and
 * recovery settles which.
 */
export async function journaledWrite<T extends object>(stores: Stores, clock: Clock, actor: Actor, plan: PlannedWrite<T>): Promise<T | Stale | null> {
  const event = eventOf(clock, actor, plan.change);
  const writeId = randomUUID();
  const now = clock.now();
  // Under an Idempotency-Key, the key learns of the write before it can land: a retry after a crash then asks whether it did.
  const key = heldKey();
  if (key !== undefined) await stores.idempotency.noteWrite(key.actor, key.key, writeId);
  await stores.journal.begin({ writeId, event, createdAt: now.toISOString(), leaseUntil: new Date(now.getTime() + INTENT_LEASE_MS).toISOString() });
  const stored = await plan.write();
  if (stored === null || stored === STALE) {
    await stores.journal.end(writeId);
    return stored;
  }
  // The entry states what the database holds; it is what the intent announced unless the database changed the record.
  const entry = { ...event, afterHash: recordHash(stored) };
  await catchUpSubject(stores, entry, writeId);
  await stores.audit.append(entry, writeId);
  await stores.journal.end(writeId);
  return stored;
}

/** What a subject's record is now, as the audit chain hashes it (null: it does not exist). */
export async function currentRecord(stores: Stores, event: NewAuditEvent): Promise<object | null> {
  const colon = event.subject.indexOf(':');
  const kind = event.subject.slice(0, colon);
  const id = event.subject.slice(colon + 1);
  const [cycleId, unitCode] = id.split('/') as [string, string];
  const cycle = parseCycleId(cycleId);
  switch (kind) {
    case 'rubric':
      return stores.rubrics.get(id);
    case 'cycle':
      return cycle && stores.cycles.get(cycle);
    case 'submission':
      return cycle && stores.submissions.get(cycle, unitCode);
    case 'review':
      return cycle && stores.reviews.get(cycle, unitCode);
    case 'targets':
      return cycle && stores.targets.get(cycle, unitCode);
    case 'run':
      return stores.runs.get(id);
    case 'note':
      return stores.notes.get(id);
    case 'material':
      // The stream of its bytes is opened only when read, so finding the record reads no file.
      return (await stores.materials.get(id))?.record ?? null;
    default:
      return null;
  }
}

/**
 * A write that landed without its entry may have landed without what is derived from its
 * record too: a submission's line on the progress board (submissions/progress-lines.ts),
 * which the board's next read makes again.
 */
async function markDerivedStale(stores: Stores, event: NewAuditEvent): Promise<void> {
  if (!event.subject.startsWith('submission:')) return;
  const cycle = parseCycleId(event.subject.slice('submission:'.length).split('/')[0] ?? '');
  if (cycle) await stores.progressLines.markStale(cycle);
}

export interface Unresolved {
  readonly writeId: string;
  readonly subject: string;
  readonly reason: string;
}

export interface RecoveryReport {
  /** Writes that had landed without their entry: the entry was appended. */
  readonly completed: readonly AuditEvent[];
  /** Writes that never landed: their intents were dropped. */
  readonly rolledBack: number;
  /** Intents still within their lease whose write has not landed: in flight, left alone. */
  readonly inFlight: number;
  /** Intents whose record matches neither the intent nor the trail. */
  readonly unresolved: readonly Unresolved[];
}

/** Completes or rolls back every write a crash interrupted (see the header); safe to run at any time, and again. */
export async function recoverInterruptedWrites(stores: Stores, clock: Clock): Promise<RecoveryReport> {
  const completed: AuditEvent[] = [];
  const unresolved: Unresolved[] = [];
  let rolledBack = 0;
  let inFlight = 0;
  const now = clock.now().toISOString();
  for (const intent of await stores.journal.pending()) {
    const outcome = await settle(stores, intent, now);
    if (outcome === 'in-flight') inFlight++;
    else if (outcome === 'rolled-back') rolledBack++;
    else if (typeof outcome === 'string') unresolved.push({ writeId: intent.writeId, subject: intent.event.subject, reason: outcome });
    else if (outcome !== null) completed.push(...outcome);
  }
  return { completed, rolledBack, inFlight, unresolved };
}

/**
 * Whether the write landed and later writes, whose entries are also missing, went on
 * from it: open intents lead from what it wrote to what the record is now. (Another
 * service process may have written on top before this writer died.)
 */
async function landedBeneath(stores: Stores, intent: WriteIntent, current: string): Promise<boolean> {
  const later = (await stores.journal.pending(intent.event.subject)).filter((i) => i.writeId !== intent.writeId);
  return intentsBetween(later, intent.event.afterHash, current) !== null;
}

/**
 * One intent: the entries it appended (its own, after those of earlier writes to the
 * record it had to log first; null: it had been appended already), or what became of it.
 */
async function settle(stores: Stores, intent: WriteIntent, now: string): Promise<AuditEvent[] | null | 'in-flight' | 'rolled-back' | string> {
  const { event, writeId } = intent;
  if (await stores.audit.byWriteId(writeId)) {
    await stores.journal.end(writeId);
    return null;
  }
  const current = recordHash(await currentRecord(stores, event));
  if (current === event.afterHash || (await landedBeneath(stores, intent, current))) {
    // Before the entry, which is what tells a later recovery that this write was settled.
    await markDerivedStale(stores, event);
    const earlier = await catchUpSubject(stores, event, writeId);
    const appended = await stores.audit.append({ ...event, detail: `${event.detail ?? ''}（写入后服务中断，恢复时补记）` }, writeId);
    await stores.journal.end(writeId);
    return [...earlier, appended];
  }
  if (current === event.beforeHash) {
    if (intent.leaseUntil > now) return 'in-flight';
    await stores.journal.end(writeId);
    return 'rolled-back';
  }
  // The record moved on under a logged write (this one can no longer land, its version is taken): nothing to recover.
  const latest = await stores.audit.latest(event.subject);
  if (latest !== null && latest.afterHash === current) {
    await stores.journal.end(writeId);
    return 'rolled-back';
  }
  return `记录 ${event.subject} 的当前内容既不是中断的写入（${event.action}，${event.at}）之前的，也不是之后的`;
}
