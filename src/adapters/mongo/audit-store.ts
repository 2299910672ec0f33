/**
 * The audit chain on MongoDB (or FerretDB): one linear chain of entries (seq, prevHash).
 *
 * FerretDB v1 (SQLite) checks an insert against unique indexes in SQLite's own indexes (4 ms
 * with 50,000 entries), hands SQLite a filter that is exactly `{ _id: value }` (which the build
 * of scripts/install-ferretdb.sh answers from the `_id` index; a stock build goes over the rows
 * without making documents of them: 200 ms on 50,000 entries) and decodes every document for
 * any other filter or sort, indexed or not (2.6–3.3 s on the same entries by `seq`, by
 * `subject` or for the last entry). So an append
 * reads nothing while this process appended last (an insert, and an update of a one-document
 * collection: a cost that does not grow with the trail), each entry's `_id` is its position
 * (`String(seq)`), and the reads an append needs otherwise are by `_id`:
 *
 * - where the chain ends is kept in this process (the entry it appended last) and, for a
 *   process that has not appended yet, in a head document (`audit_head`, `{ _id: 'audit',
 *   seq }`) advanced after the inserts (after each, unless more are queued). Both are hints:
 *   the head is used only through the entry found at its position, and the unique indexes
 *   (`_id`, seq) refuse a position already taken;
 * - when the position is taken (another process appended, or a crash came between an insert
 *   and the head's advance), the appender walks forward entry by entry, by `_id`, to the true
 *   end. Only when the chain holds entries not keyed by position (appended before this store)
 *   does it read the end the slow way, once.
 *
 * Within one process appends queue (one appender), so that its writers do not collide with
 * each other; across processes the database decides, as above.
 */
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { type AuditEvent, GENESIS, type NewAuditEvent, sealEvent } from '../../records/index.js';
import type { Stores } from '../../services/ports.js';
import type { Models } from './models.js';

const DUPLICATE_KEY = 11000;

/** The head document's `_id`. */
const HEAD = 'audit';

/** How often an append is tried before giving up: every failed try lost its position to another process that appended. */
const APPEND_ATTEMPTS = 200;

/** How many entries a busy appender may append before it advances the head. */
const HEAD_EVERY = 16;

/** How far behind the head an appender walks entry by entry rather than starting from the head. */
const FAR_BEHIND = 64;

interface Tail {
  readonly seq: number;
  readonly hash: string;
}

interface StoredEntry extends AuditEvent {
  readonly writeId?: string;
}

const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

/** The `_id` of the entry at a position of the chain. */
const entryId = (seq: number) => String(seq);

/** An audit entry as stored, less `_id` and the writeId that only deduplicates appends. */
function entry(doc: unknown): AuditEvent {
  const { _id, writeId: _writeId, ...event } = doc as Record<string, unknown>;
  for (const k of Object.keys(event)) if (event[k] === undefined || event[k] === null) delete event[k];
  return event as unknown as AuditEvent;
}

export function auditStore(m: Models): Stores['audit'] {
  const entries = m.audit as unknown as Model<StoredEntry & { _id: string }>;
  /** Where this process believes the chain ends: its last append, or the last entry it read. */
  let known: Tail | null = null;
  /** The append in progress in this process: the next one starts when it is done. */
  let queue: Promise<unknown> = Promise.resolve();
  /** Appends queued behind the one in progress. */
  let waiting = 0;

  const at = async (seq: number) => (await entries.findById(entryId(seq)).lean()) as StoredEntry | null;

  /** The last entry, read the slow way (a sort over the whole trail): only where the chain holds entries not keyed by position. */
  async function scanTail(): Promise<Tail> {
    const last = (await entries.findOne().sort({ seq: -1 }).lean()) as StoredEntry | null;
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  /** Where the head document says the chain ends, as the entry there says it (null: no head, or no entry there by `_id`). */
  async function fromHead(): Promise<Tail | null> {
    const head = (await m.auditHead.findById(HEAD).lean()) as { seq?: number } | null;
    if (typeof head?.seq !== 'number') return null;
    if (head.seq === 0) return { seq: 0, hash: GENESIS };
    const last = await at(head.seq);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  /** Moves the head forward to `seq` (never back). Not atomic on FerretDB: two processes may leave it a step behind, which the next append walks. */
  async function advanceHead(seq: number): Promise<void> {
    try {
      await m.auditHead.updateOne({ _id: { $eq: HEAD }, seq: { $lt: seq } }, { $set: { seq } }, { upsert: true });
    } catch (error) {
      // The head is already at or beyond seq (the upsert found it there): nothing to do.
      if (!isDuplicate(error)) throw error;
    }
  }

  /**
   * From `from` (an entry's position, or 0) forward by `_id` to the chain's end: the end, or
   * the entry already appended for this write if one is met on the way.
   */
  async function walk(from: Tail, writeId: string): Promise<{ end: Tail } | { logged: AuditEvent }> {
    let end = from;
    for (;;) {
      const next = await at(end.seq + 1);
      if (next === null) return { end };
      if (next.writeId === writeId) return { logged: entry(next) };
      end = { seq: next.seq, hash: next.hash };
    }
  }

  async function appendNow(event: NewAuditEvent, writeId: string): Promise<AuditEvent> {
    let tail = known ?? (await fromHead()) ?? (await scanTail());
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const sealed: AuditEvent = sealEvent({ ...event, seq: tail.seq + 1, prevHash: tail.hash });
      try {
        await entries.create({ ...sealed, _id: entryId(sealed.seq), writeId });
        known = { seq: sealed.seq, hash: sealed.hash };
        // The head is advanced when this appender has nothing queued, and at least every
        // HEAD_EVERY entries while it is busy: an insert less for most appends under load, and a
        // process that starts meanwhile walks at most that far (per process appending).
        if (waiting === 0 || sealed.seq % HEAD_EVERY === 0) await advanceHead(sealed.seq);
        return sealed;
      } catch (error) {
        known = null;
        if (!isDuplicate(error)) throw error;
      }
      // Refused: the position is taken, or this write is logged already (its writeId). Walk
      // from here, looking for this write on the way, unless the head is far ahead (this process
      // was idle while others appended): then from the head.
      const head = await fromHead();
      const walked = await walk(head !== null && head.seq > tail.seq + FAR_BEHIND ? head : tail, writeId);
      if ('logged' in walked) return walked.logged;
      if (walked.end.seq > tail.seq) {
        tail = walked.end;
        continue;
      }
      // Nothing by `_id` after the end: this write is logged where the walk did not look, or
      // the next position holds an entry not keyed by position (appended before this store).
      const logged = (await entries.findOne({ writeId: { $eq: writeId } }).lean()) as StoredEntry | null;
      if (logged) return entry(logged);
      tail = await scanTail();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
    throw new Error('audit chain: too many concurrent appends');
  }

  return {
    append(event, writeId = randomUUID()) {
      waiting++;
      const appended = queue.then(() => {
        waiting--;
        return appendNow(event, writeId);
      });
      queue = appended.catch(() => undefined);
      return appended;
    },
    async byWriteId(writeId) {
      const doc = await entries.findOne({ writeId: { $eq: writeId } }).lean();
      return doc ? entry(doc) : null;
    },
    async latest(subject) {
      const doc = await entries
        .findOne({ subject: { $eq: subject } })
        .sort({ seq: -1 })
        .lean();
      return doc ? entry(doc) : null;
    },
    async read(f) {
      const filter: Record<string, unknown> = {};
      if (f.year !== undefined) filter.year = { $eq: f.year };
      if (f.unitCode !== undefined) filter.unitCode = { $eq: f.unitCode };
      if (f.actor !== undefined) filter.actor = { $eq: f.actor };
      if (f.actions !== undefined) filter.action = { $in: [...f.actions] };
      if (f.afterSeq !== undefined) filter.seq = { $gt: f.afterSeq };
      if (f.from !== undefined || f.to !== undefined) {
        filter.at = { ...(f.from === undefined ? {} : { $gte: f.from }), ...(f.to === undefined ? {} : { $lte: f.to }) };
      }
      const docs = await entries
        .find(filter)
        .sort({ seq: 1 })
        .limit(f.limit ?? 1000)
        .lean();
      return docs.map(entry);
    },
    async all() {
      return (await entries.find().sort({ seq: 1 }).lean()).map(entry);
    },
  };
}
