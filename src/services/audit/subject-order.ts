/**
 * The entries about one record in the order of its writes, whichever process wrote them.
 *
 * A write lands before its entry is appended (journal.ts). With several service
 * processes, a second writer can read the record in that gap, write on top and append
 * first, so that the trail would tell the later write before the earlier one. The
 * database already orders the writes (each version is claimed under a unique index);
 * this makes the trail follow that order: an entry is appended only once the record's
 * latest entry ends where this write began (its afterHash is the write's beforeHash).
 *
 * What fills the gap is known: a write whose entry is missing still has its intent
 * open, announcing the hash it wrote. So the waiting writer appends those entries
 * itself, oldest first, under their own writeIds (their writers' appends then return
 * the same entries), and closes those intents. Only when the intents do not lead to
 * it (a writer whose record came out other than announced) does it wait for them,
 * with bounded backoff. With no other intent open for the record, as within one
 * process whose writers of a record queue, it costs one read of the open intents.
 */
import type { AuditEvent, NewAuditEvent, WriteIntent } from '../../records/index.js';
import type { Stores } from '../ports.js';

/** How many times to look again for the missing entries before appending regardless (under 9 s in all). */
const MAX_WAITS = 40;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(250, 5 * 2 ** attempt) * (0.5 + Math.random() / 2)));

/** The open intents that lead from `from` to `to`, oldest write first; null when they do not. */
export function intentsBetween(intents: readonly WriteIntent[], from: string, to: string): WriteIntent[] | null {
  const path: WriteIntent[] = [];
  let hash = to;
  while (hash !== from) {
    // A record's hash includes its version, so at most one landed write produced it.
    const producer = intents.find((i) => i.event.afterHash === hash && !path.includes(i));
    if (!producer || path.length >= intents.length) return null;
    path.unshift(producer);
    hash = producer.event.beforeHash;
  }
  return path;
}

/**
 * Appends, in order, the entries of the earlier writes of `event`'s record that are not
 * yet in the trail, so that `event` can follow them. Returns when the trail ends where
 * `event` begins, when nothing in flight can make it, or after the bounded wait; the
 * entries it appended.
 */
export async function catchUpSubject(stores: Stores, event: NewAuditEvent, writeId: string): Promise<AuditEvent[]> {
  const appended: AuditEvent[] = [];
  for (let attempt = 0; attempt < MAX_WAITS; attempt++) {
    const others = (await stores.journal.pending(event.subject)).filter((i) => i.writeId !== writeId);
    // An intent closes only after its entry is in the trail: with none open, every earlier write is logged.
    if (others.length === 0) return appended;
    const logged = (await stores.audit.latest(event.subject))?.afterHash ?? '';
    if (logged === event.beforeHash) return appended;
    const missing = intentsBetween(others, logged, event.beforeHash);
    if (missing === null) {
      await pause(attempt);
      continue;
    }
    for (const intent of missing) {
      appended.push(await stores.audit.append(intent.event, intent.writeId));
      // Logged: the intent has done its work, whether its writer is still there to close it or not.
      await stores.journal.end(intent.writeId);
    }
  }
  return appended;
}
