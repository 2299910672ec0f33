/**
 * The Stores port on MongoDB (or FerretDB). Every method returns plain records
 * (.lean(), without _id); conditional writes filter on the version the caller read.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import mongoose, { type Connection, type Model } from 'mongoose';
import {
  type CycleRecord,
  cycleIdOf,
  cycleKeyOf,
  type MaterialRecord,
  type RubricRecord,
  type RunRecord,
  type SessionRecord,
  subjects,
  type UnitRecord,
  type WriteIntent,
} from '../../records/index.js';
import { STALE, type Stores } from '../../services/ports.js';
import { auditStore } from './audit-store.js';
import { cycleFilter, giveCycleKeys, withCycleKey } from './cycle-filter.js';
import { keptList, keptRecords } from './kept-records.js';
import { type Models, defineModels, dropSupersededIndexes, ensureIndexes } from './models.js';
import { defineTargetModel } from './target-model.js';
import { defineSignInFailureModel, signInFailureStore } from './sign-in-failure-store.js';
import { failFastWhenDown } from './unavailable.js';
import { fieldKey, keyedById } from './keyed-by-id.js';
import { defineUserModel, userStore } from './user-store.js';
import { defineProgressLineModels, progressLineStore } from './progress-line-store.js';
import { piecesOfWhole, runPieceStore } from './run-piece-store.js';
import { isFerretdb, unitRecordId, unitRecords } from './unit-record-ids.js';

const DUPLICATE_KEY = 11000;

/** A run without its texts: what every query that finds runs returns. */
const RUN_HEAD = { inputs: 0, results: 0, textsId: 0, piecesId: 0 } as const;

function isDuplicate(error: unknown): boolean {
  return (error as { code?: number }).code === DUPLICATE_KEY;
}

/** A lean document as a record: without _id, undefined members dropped. */
function plain<T>(doc: unknown): T {
  // cycleKey is how a document is found (cycle-filter.ts), not part of the record.
  const { _id, cycleKey: _cycleKey, ...rest } = doc as Record<string, unknown>;
  for (const k of Object.keys(rest)) if (rest[k] === undefined || rest[k] === null) delete rest[k];
  return rest as T;
}

async function insertOnce<T>(create: () => Promise<unknown>, read: () => Promise<T | null>): Promise<T | null> {
  try {
    await create();
  } catch (error) {
    if (isDuplicate(error)) return null;
    throw error;
  }
  return read();
}

/** Runs whose texts are weakly held once read (runWithTexts). */
const HELD_RUNS = 8;

/** How long the unit register is kept (kept-records.ts): another process's upsert is seen after it. */
const UNITS_KEPT_MS = 60_000;

/** A claim older than this whose write never landed (the writer died) is given up. */
const ABANDONED_CLAIM_MS = 30_000;

export async function mongoStores(connection: Connection): Promise<Stores> {
  const m: Models = defineModels(connection);
  await giveEntriesWriteIds(m);
  await ensureIndexes(m);
  const targetFilings = defineTargetModel(connection);
  await giveCycleKeys(targetFilings as Model<unknown>);
  await dropSupersededIndexes(targetFilings as Model<unknown>);
  await targetFilings.createIndexes();
  const signInFailures = defineSignInFailureModel(connection);
  await signInFailures.createIndexes();

  /**
   * Claims the move of `subject` from `expected` to `expected + 1`. MongoDB applies a
   * conditional update atomically; FerretDB v1 does not (two writers from one version
   * can both "succeed"). An insert under a unique index is atomic on both, so every
   * versioned write first claims its version here: only one claimant wins.
   */
  async function claim(subject: string, expected: number, currentVersion: () => Promise<number | null>): Promise<boolean> {
    const row = { subject, version: expected + 1, at: new Date().toISOString() };
    try {
      await m.claims.create(row);
      return true;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    // Taken. If the record never reached that version and the claim is old, its writer died: free it once.
    const held = await m.claims.findOne({ subject: { $eq: subject }, version: { $eq: expected + 1 } }).lean();
    if (held && (await currentVersion()) === expected && Date.now() - Date.parse(held.at as string) > ABANDONED_CLAIM_MS) {
      await m.claims.deleteOne({ subject: { $eq: subject }, version: { $eq: expected + 1 }, at: { $eq: held.at } });
      return claim(subject, expected, async () => null);
    }
    return false;
  }
  const versionOf = (model: { findOne(f: object): { lean(): Promise<unknown> } }, filter: object) => async () =>
    ((await model.findOne(filter).lean()) as { version?: number } | null)?.version ?? null;
  // What no longer changes, kept once read (kept-records.ts); the unit register for a while.
  const keptCycles = keptRecords<CycleRecord>(64);
  const keptRubrics = keptRecords<RubricRecord>(32);
  const keptRuns = keptRecords<Omit<RunRecord, 'inputs' | 'results'>>(1024);
  const keptUnits = keptList<UnitRecord>(UNITS_KEPT_MS, (u) => u.code);
  const loadUnits = async () => (await m.units.find().sort({ code: 1 }).lean()).map((d) => plain<UnitRecord>(d));
  const bucket = new mongoose.mongo.GridFSBucket(connection.db as mongoose.mongo.Db, { bucketName: 'material_files' });

  const material = (doc: unknown): MaterialRecord => {
    const { _id, fileId: _fileId, ...rest } = doc as Record<string, unknown> & { _id: mongoose.Types.ObjectId };
    return plain<MaterialRecord>({ ...rest, id: String(_id), _id: undefined });
  };

  // Submissions and reviews by _id (unit-record-ids.ts): a unit's write no longer reads the whole cycle's.
  const ferretdb = await isFerretdb(connection);
  const submissionIds = await unitRecords(m.submissions, ferretdb);
  const reviewIds = await unitRecords(m.reviews, ferretdb);
  const sessionIds = await keyedById(m.sessions, fieldKey('sessionHash'));
  const tokenIds = await keyedById(m.tokens, fieldKey('tokenId'));
  const users = await userStore(defineUserModel(connection));
  const progressLines = progressLineStore(defineProgressLineModels(connection));
  const runPieces = runPieceStore(m);
  await runPieces.sweepStray(new Date());

  /** A run as a record: its texts from its pieces, from run_texts, or from the run itself when it was stored before either. */
  async function runWithTexts(doc: unknown): Promise<RunRecord | null> {
    if (!doc) return null;
    const { textsId, piecesId, ...head } = doc as Record<string, unknown>;
    const whole = head.inputs !== undefined && head.results !== undefined;
    const texts = whole ? null : typeof piecesId === 'string' ? await piecesTexts(piecesId) : textsId ? await m.runTexts.findById(textsId).lean() : null;
    const record = plain<RunRecord>({ ...head, inputs: head.inputs ?? texts?.inputs ?? '', results: head.results ?? texts?.results ?? '' });
    // Held only when both texts are the pieces' (a text written into the run itself is not theirs).
    if (head.inputs === undefined && head.results === undefined && typeof piecesId === 'string') hold(piecesId, record);
    return record;
  }

  /**
   * The texts of runs lately read in pieces, for as long as a reader still holds them: a
   * finalisation reads its run, then gets it back from the write, and a large run's texts
   * are hundreds of unit documents. Weakly held (never kept alive here); they never change.
   */
  const heldTexts = new Map<string, WeakRef<RunRecord>>();
  function hold(piecesId: string, record: RunRecord): void {
    heldTexts.delete(piecesId);
    heldTexts.set(piecesId, new WeakRef(record));
    for (const oldest of heldTexts.keys()) {
      if (heldTexts.size <= HELD_RUNS) break;
      heldTexts.delete(oldest);
    }
  }
  async function piecesTexts(piecesId: string): Promise<Pick<RunRecord, 'inputs' | 'results'>> {
    return heldTexts.get(piecesId)?.deref() ?? runPieces.texts(piecesId);
  }

  return failFastWhenDown(
    {
      users,
      sessions: {
        async create(s) {
          await m.sessions.create({ _id: s.sessionHash, ...s });
        },
        async find(sessionHash) {
          const doc = await sessionIds.find(sessionHash);
          return doc ? plain<SessionRecord>(doc) : null;
        },
        async touch(sessionHash, lastSeenAt) {
          await m.sessions.updateOne(sessionIds.filter(sessionHash), { $set: { lastSeenAt } });
        },
        async delete(sessionHash) {
          await m.sessions.deleteOne(sessionIds.filter(sessionHash));
        },
        async deleteForUser(userId, except) {
          await m.sessions.deleteMany({ userId: { $eq: userId }, ...(except === undefined ? {} : { sessionHash: { $ne: except } }) });
        },
        async deleteExpired(idleBefore, createdBefore) {
          const result = await m.sessions.deleteMany({ $or: [{ lastSeenAt: { $lt: idleBefore } }, { createdAt: { $lt: createdBefore } }] });
          return result.deletedCount;
        },
      },
      tokens: {
        async create(t) {
          await m.tokens.create({ _id: t.tokenId, ...t });
        },
        async find(tokenId) {
          const doc = await tokenIds.find(tokenId);
          return doc ? plain(doc) : null;
        },
      },
      units: {
        async upsertMany(units) {
          // Two processes starting on an empty database upsert the same codes at once; the loser of
          // the insert race gets a duplicate key, and its retry finds the record and updates it.
          const upsertUnit = async (u: UnitRecord) => {
            try {
              await m.units.updateOne({ code: { $eq: u.code } }, { $set: u }, { upsert: true });
            } catch (error) {
              if (!isDuplicate(error)) throw error;
              await m.units.updateOne({ code: { $eq: u.code } }, { $set: u }, { upsert: true });
            }
          };
          keptUnits.clear();
          try {
            for (const u of units) await upsertUnit(u);
          } finally {
            keptUnits.clear();
          }
        },
        // Read each time: GET /api/units is how a client (and the database-down tests) learns the database answers.
        async list() {
          return (await m.units.find().sort({ code: 1 }).lean()).map((d) => plain(d));
        },
        async get(code) {
          const kept = await keptUnits.find(loadUnits, code);
          if (kept) return kept;
          // Not in the register as kept: perhaps added since by another process.
          const doc = await m.units.findOne({ code: { $eq: code } }).lean();
          return doc ? plain(doc) : null;
        },
      },
      rubrics: {
        insert: (r) =>
          insertOnce(
            () => m.rubrics.create({ ...r, version: 1 }),
            async () => plain((await m.rubrics.findOne({ hash: { $eq: r.hash } }).lean()) as unknown),
          ),
        async get(hash) {
          const kept = keptRubrics.get(hash);
          if (kept) return kept;
          const doc = await m.rubrics.findOne({ hash: { $eq: hash } }).lean();
          if (!doc) return null;
          const record = plain<RubricRecord>(doc);
          if (record.status === 'published') keptRubrics.keep(hash, record);
          return record;
        },
        async list() {
          return (await m.rubrics.find().sort({ createdAt: 1 }).lean()).map((d) => plain(d));
        },
        async publish(hash, expectedVersion, at, by) {
          if (!(await m.rubrics.exists({ hash: { $eq: hash } }))) return null;
          if (!(await claim(`rubric:${hash}`, expectedVersion, versionOf(m.rubrics, { hash: { $eq: hash } })))) return STALE;
          const doc = await m.rubrics
            .findOneAndUpdate(
              { hash: { $eq: hash }, version: { $eq: expectedVersion }, status: 'draft' },
              { $set: { status: 'published', publishedAt: at, publishedBy: by }, $inc: { version: 1 } },
              { returnDocument: 'after' },
            )
            .lean();
          if (doc) return plain(doc);
          return (await m.rubrics.exists({ hash: { $eq: hash } })) ? STALE : null;
        },
      },
      cycles: {
        insert(cy) {
          // A copy of the units: mongoose's types take only a mutable array.
          const { units, ...rest } = cy;
          return insertOnce(
            () => m.cycles.create({ ...withCycleKey(rest), ...(units === undefined ? {} : { units: [...units] }), version: 1 }),
            async () => plain((await m.cycles.findOne(cycleFilter(cycleKeyOf(cy))).lean()) as unknown),
          );
        },
        async get(key) {
          const id = cycleIdOf(key);
          const kept = keptCycles.get(id);
          if (kept) return kept;
          const doc = await m.cycles.findOne(cycleFilter(key)).lean();
          if (!doc) return null;
          const record = plain<CycleRecord>(doc);
          keptCycles.keep(id, record);
          return record;
        },
        async list() {
          return (await m.cycles.find().sort({ year: 1, body: 1 }).lean()).map((d) => plain(d));
        },
      },
      submissions: {
        async get(cycle, unitCode) {
          const doc = await submissionIds.find(cycle, unitCode);
          return doc ? plain(doc) : null;
        },
        async list(cycle, unitCode) {
          const filter = unitCode === undefined ? cycleFilter(cycle) : { ...cycleFilter(cycle), unitCode: { $eq: unitCode } };
          return (await m.submissions.find(filter).sort({ unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async all() {
          return (await m.submissions.find().sort({ year: 1, unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async insert(s) {
          // What was written is returned as mongoose cast it: reading it back would be one more round trip to the database.
          try {
            const doc = await m.submissions.create({
              _id: unitRecordId(cycleKeyOf(s), s.unitCode),
              ...withCycleKey(s),
              reopenings: [...s.reopenings],
              version: 1,
            });
            return plain(doc.toObject());
          } catch (error) {
            if (isDuplicate(error)) return null;
            throw error;
          }
        },
        async replace(next, expectedVersion) {
          const key = { ...cycleFilter(cycleKeyOf(next)), unitCode: { $eq: next.unitCode } };
          if (!(await claim(subjects.submission(cycleKeyOf(next), next.unitCode), expectedVersion, versionOf(m.submissions, key)))) return STALE;
          const doc = await submissionIds.replace(cycleKeyOf(next), next.unitCode, expectedVersion, {
            ...withCycleKey(next),
            reopenings: [...next.reopenings],
            version: expectedVersion + 1,
          });
          return doc ? plain(doc) : STALE;
        },
      },
      progressLines,
      materials: {
        async store(source, maxBytes, label) {
          const upload = bucket.openUploadStream(label.name, {
            metadata: { year: label.year, ...(label.body === undefined ? {} : { body: label.body }), unitCode: label.unitCode },
          });
          const hash = createHash('sha256');
          let size = 0;
          try {
            for await (const chunk of source) {
              size += chunk.length;
              if (size > maxBytes) {
                await upload.abort(); // deletes the chunks written so far; the file document was never written
                return 'too_large';
              }
              hash.update(chunk);
              if (!upload.write(chunk)) await once(upload, 'drain');
            }
            await new Promise<void>((resolve, reject) => {
              upload.once('error', reject);
              upload.end(() => resolve());
            });
          } catch (error) {
            if (!upload.writableFinished) await upload.abort().catch(() => undefined);
            throw error;
          }
          return { fileId: String(upload.id), size, sha256: hash.digest('hex') };
        },
        async put(meta, file) {
          // The material takes its file's id, so that its audit subject is known before it is recorded (services/journal.ts).
          const fileId = new mongoose.Types.ObjectId(file.fileId);
          const doc = await m.materials.create({ _id: fileId, ...withCycleKey(meta), size: file.size, sha256: file.sha256, fileId });
          return material(doc.toObject());
        },
        async discard(file) {
          try {
            await bucket.delete(new mongoose.Types.ObjectId(file.fileId));
          } catch (error) {
            if (!/not found/i.test(String((error as Error).message))) throw error;
          }
        },
        async get(id) {
          if (!mongoose.isValidObjectId(id)) return null;
          const doc = await m.materials.findById(id).lean();
          if (!doc) return null;
          return { record: material(doc), data: bucket.openDownloadStream(doc.fileId as mongoose.Types.ObjectId) };
        },
        async list(cycle, unitCode) {
          return (
            await m.materials
              .find({ ...cycleFilter(cycle), unitCode: { $eq: unitCode } })
              .sort({ uploadedAt: 1 })
              .lean()
          ).map(material);
        },
      },
      reviews: {
        async get(cycle, unitCode) {
          const doc = await reviewIds.find(cycle, unitCode);
          return doc ? plain(doc) : null;
        },
        async list(cycle) {
          return (await m.reviews.find(cycleFilter(cycle)).sort({ unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async all() {
          return (await m.reviews.find().sort({ year: 1, unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async save(next, expectedVersion) {
          if (expectedVersion === 0) {
            try {
              await m.reviews.create({ _id: unitRecordId(cycleKeyOf(next), next.unitCode), ...withCycleKey(next), version: 1 });
            } catch (error) {
              if (isDuplicate(error)) return STALE;
              throw error;
            }
            return { ...next, version: 1 };
          }
          const key = { ...cycleFilter(cycleKeyOf(next)), unitCode: { $eq: next.unitCode } };
          if (!(await claim(subjects.review(cycleKeyOf(next), next.unitCode), expectedVersion, versionOf(m.reviews, key)))) return STALE;
          const doc = await reviewIds.replace(cycleKeyOf(next), next.unitCode, expectedVersion, { ...withCycleKey(next), version: expectedVersion + 1 });
          return doc ? plain(doc) : STALE;
        },
      },
      targets: {
        async get(cycle, unitCode) {
          const doc = await targetFilings.findOne({ ...cycleFilter(cycle), unitCode: { $eq: unitCode } }).lean();
          return doc ? plain(doc) : null;
        },
        async list(cycle) {
          return (await targetFilings.find(cycleFilter(cycle)).sort({ unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async all() {
          return (await targetFilings.find().sort({ year: 1, unitCode: 1 }).lean()).map((d) => plain(d));
        },
        async save(next, expectedVersion) {
          if (expectedVersion === 0) {
            try {
              await targetFilings.create({ ...withCycleKey(next), version: 1 });
            } catch (error) {
              if (isDuplicate(error)) return STALE;
              throw error;
            }
            return { ...next, version: 1 };
          }
          const key = { ...cycleFilter(cycleKeyOf(next)), unitCode: { $eq: next.unitCode } };
          if (!(await claim(subjects.targets(cycleKeyOf(next), next.unitCode), expectedVersion, versionOf(targetFilings, key)))) return STALE;
          const doc = await targetFilings
            .findOneAndReplace(
              { ...key, version: { $eq: expectedVersion } },
              { ...withCycleKey(next), version: expectedVersion + 1 },
              { returnDocument: 'after' },
            )
            .lean();
          return doc ? plain(doc) : STALE;
        },
      },
      runs: {
        async insert(r) {
          // The pieces first, so that no reader finds a run without them (the run document is
          // the commit point); a run number lost to another run at the same moment takes its
          // pieces away again. A crash in between leaves pieces no run names (sweepStray).
          // Texts that are not a run's evidence and results file (placeholders) are kept whole in run_texts.
          const { inputs, results, ...head } = r;
          const piecesId = await runPieces.write(r.runId, inputs, results, new Date().toISOString());
          const textsId = piecesId === null ? new mongoose.Types.ObjectId() : undefined;
          if (textsId) await m.runTexts.create({ _id: textsId, runId: r.runId, inputs, results });
          try {
            await m.runs.create({ ...withCycleKey(head), ...(piecesId === null ? { textsId } : { piecesId }), version: 1 });
          } catch (error) {
            if (piecesId !== null) await runPieces.remove(piecesId);
            if (textsId) await m.runTexts.deleteOne({ _id: { $eq: textsId } });
            if (isDuplicate(error)) return null;
            throw error;
          }
          // The pieces were checked to join back to these texts: a large run is not read back whole.
          if (piecesId !== null) return plain<RunRecord>({ ...head, version: 1, inputs, results });
          return runWithTexts(await m.runs.findOne({ runId: { $eq: r.runId } }).lean());
        },
        async pieces(runId) {
          const doc = await m.runs.findOne({ runId: { $eq: runId } }, { piecesId: 1, textsId: 1, inputs: 1, results: 1 }).lean();
          if (!doc) return null;
          if (doc.inputs === undefined && doc.results === undefined && typeof doc.piecesId === 'string') return runPieces.read(doc.piecesId);
          // Stored whole (before pieces): small runs, cut on reading.
          const whole = await runWithTexts(doc);
          return whole ? piecesOfWhole(whole.inputs, whole.results) : null;
        },
        async get(runId) {
          return runWithTexts(await m.runs.findOne({ runId: { $eq: runId } }).lean());
        },
        async list(cycle) {
          const heads = await m.runs.find(cycleFilter(cycle)).sort({ seq: 1 }).lean();
          return Promise.all(heads.map((d) => runWithTexts(d) as Promise<RunRecord>));
        },
        async all() {
          const heads = await m.runs.find().sort({ year: 1, body: 1, seq: 1 }).lean();
          return Promise.all(heads.map((d) => runWithTexts(d) as Promise<RunRecord>));
        },
        async summaries(cycle) {
          return (await m.runs.find(cycleFilter(cycle), RUN_HEAD).sort({ seq: 1 }).lean()).map((d) => plain(d));
        },
        async summary(runId) {
          const kept = keptRuns.get(runId);
          if (kept) return kept;
          const doc = await m.runs.findOne({ runId: { $eq: runId } }, RUN_HEAD).lean();
          if (!doc) return null;
          const head = plain<Omit<RunRecord, 'inputs' | 'results'>>(doc);
          if (head.status === 'final') keptRuns.keep(runId, head);
          return head;
        },
        async latestFinal(cycle) {
          const [doc] = await m.runs
            .find({ ...cycleFilter(cycle), status: { $eq: 'final' } }, RUN_HEAD)
            .sort({ seq: -1 })
            .limit(1)
            .lean();
          return doc ? plain(doc) : null;
        },
        async finalize(runId, expectedVersion, at, by) {
          if (!(await m.runs.exists({ runId: { $eq: runId } }))) return null;
          if (!(await claim(subjects.run(runId), expectedVersion, versionOf(m.runs, { runId: { $eq: runId } })))) return STALE;
          const doc = await m.runs
            .findOneAndUpdate(
              { runId: { $eq: runId }, version: { $eq: expectedVersion }, status: 'draft' },
              { $set: { status: 'final', finalizedAt: at, finalizedBy: by }, $inc: { version: 1 } },
              { returnDocument: 'after' },
            )
            .lean();
          if (doc) return runWithTexts(doc);
          return (await m.runs.exists({ runId: { $eq: runId } })) ? STALE : null;
        },
      },
      notes: {
        async add(note) {
          await m.notes.create(withCycleKey(note));
          return note;
        },
        async get(id) {
          const doc = await m.notes.findOne({ id: { $eq: id } }).lean();
          return doc ? plain(doc) : null;
        },
        async list(cycle, unitCode) {
          const filter = unitCode === undefined ? cycleFilter(cycle) : { ...cycleFilter(cycle), unitCode: { $eq: unitCode } };
          // _id breaks ties between notes of the same instant in the order they were added.
          return (await m.notes.find(filter).sort({ at: 1, _id: 1 }).lean()).map((d) => plain(d));
        },
        async all() {
          return (await m.notes.find().sort({ at: 1, _id: 1 }).lean()).map((d) => plain(d));
        },
      },
      audit: auditStore(m),
      journal: {
        async begin(intent) {
          const { writeId, event, createdAt, leaseUntil } = intent;
          await m.journal.create({ writeId, subject: event.subject, event: JSON.stringify(event), createdAt, leaseUntil });
        },
        async end(writeId) {
          await m.journal.deleteOne({ writeId: { $eq: writeId } });
        },
        async pending(subject) {
          const docs = await m.journal
            .find(subject === undefined ? {} : { subject: { $eq: subject } })
            .sort({ createdAt: 1 })
            .lean();
          return docs.map((d) => ({
            writeId: d.writeId as string,
            event: JSON.parse(d.event as string) as WriteIntent['event'],
            createdAt: d.createdAt as string,
            leaseUntil: d.leaseUntil as string,
          }));
        },
      },
      idempotency: {
        async get(actor, key) {
          const doc = await m.idempotency.findOne({ actor: { $eq: actor }, key: { $eq: key } }).lean();
          return doc ? plain(doc) : null;
        },
        async claim(record) {
          try {
            await m.idempotency.create(record);
            return true;
          } catch (error) {
            if (isDuplicate(error)) return false;
            throw error;
          }
        },
        async complete(actor, key, status, body) {
          await m.idempotency.updateOne({ actor: { $eq: actor }, key: { $eq: key } }, { $set: { status, body } });
        },
        async release(actor, key) {
          await m.idempotency.deleteOne({ actor: { $eq: actor }, key: { $eq: key }, status: 0 });
        },
        async renew(actor, key, leaseUntil) {
          await m.idempotency.updateOne({ actor: { $eq: actor }, key: { $eq: key }, status: { $eq: 0 } }, { $set: { leaseUntil } });
        },
        async takeOver(record, expiredLease) {
          // Deleting exactly the claim that was read (same lease) lets one retry win; the claim below decides between racers.
          const held = { actor: { $eq: record.actor }, key: { $eq: record.key }, status: { $eq: 0 } };
          await m.idempotency.deleteOne(
            expiredLease === undefined ? { ...held, leaseUntil: { $exists: false } } : { ...held, leaseUntil: { $eq: expiredLease } },
          );
          try {
            await m.idempotency.create(record);
            return true;
          } catch (error) {
            if (isDuplicate(error)) return false;
            throw error;
          }
        },
        async noteWrite(actor, key, writeId) {
          await m.idempotency.updateOne({ actor: { $eq: actor }, key: { $eq: key }, status: { $eq: 0 } }, { $push: { writes: writeId } });
        },
        async releaseExpired(now) {
          // A key whose request began a write is settled by its retry, which finds out whether the write landed.
          const result = await m.idempotency.deleteMany({
            status: { $eq: 0 },
            writes: { $exists: false },
            $or: [{ leaseUntil: { $lt: now } }, { leaseUntil: { $exists: false } }],
          });
          return result.deletedCount;
        },
      },
      signInFailures: signInFailureStore(signInFailures),
      async ping() {
        try {
          await connection.db?.admin().ping();
          return true;
        } catch {
          return false;
        }
      },
    },
    connection,
  );
}

/** Entries written before writeIds existed get one of their own, so that the unique index can be built. */
async function giveEntriesWriteIds(m: Models): Promise<void> {
  const missing = await m.audit.find({ writeId: { $exists: false } }, { seq: 1 }).lean();
  for (const doc of missing) await m.audit.updateOne({ seq: { $eq: doc.seq } }, { $set: { writeId: `seq-${String(doc.seq)}` } });
}

/** SHA-256 of bytes, hex: what materials are identified by. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
