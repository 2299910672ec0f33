/**
 * Collections and their indexes: one index for every query path, unique where a
 * duplicate would be a bug. Mongoose schemas stay in this folder.
 */
import { type Connection, type Model, Schema } from 'mongoose';
import { giveCycleKeys } from './cycle-filter.js';

const strict = { versionKey: false as const, strict: 'throw' as const };

export function defineModels(c: Connection) {
  const tokens = c.model(
    'Token',
    // _id: the token's id (keyed-by-id.ts); documents stored before have an ObjectId.
    new Schema({ _id: Schema.Types.Mixed, tokenId: String, userId: String, secretHash: String, createdAt: String }, strict).index(
      { tokenId: 1 },
      { unique: true },
    ),
    'tokens',
  );
  const sessions = c.model(
    'Session',
    // _id: the session's hash (keyed-by-id.ts); documents stored before have an ObjectId.
    new Schema({ _id: Schema.Types.Mixed, sessionHash: String, userId: String, createdAt: String, lastSeenAt: String }, strict)
      .index({ sessionHash: 1 }, { unique: true })
      .index({ userId: 1 }),
    'sessions',
  );
  const units = c.model('Unit', new Schema({ code: String, name: String, kind: String }, strict).index({ code: 1 }, { unique: true }), 'units');
  const rubrics = c.model(
    'Rubric',
    new Schema(
      {
        hash: String,
        rubricId: String,
        rubricVersion: String,
        year: Number,
        title: String,
        status: String,
        source: String,
        createdBy: String,
        createdAt: String,
        publishedAt: String,
        publishedBy: String,
        version: Number,
      },
      strict,
    )
      .index({ hash: 1 }, { unique: true })
      .index({ rubricId: 1, rubricVersion: 1 }),
    'rubrics',
  );
  const cycles = c.model(
    'Cycle',
    new Schema(
      {
        year: Number,
        rubricHash: String,
        rubricId: String,
        deadline: String,
        targetDeadline: String,
        contact: String,
        body: String,
        cycleKey: String,
        // No default: a cycle stored without units reads as the register's (services/cycles/cycle-units.ts).
        units: { type: [String], default: undefined },
        createdBy: String,
        createdAt: String,
        version: Number,
      },
      strict,
    ).index({ cycleKey: 1 }, { unique: true }),
    'cycles',
  );
  const submissions = c.model(
    'Submission',
    new Schema(
      {
        // "<cycle id>/<unit code>" (unit-record-ids.ts); documents stored before keep an ObjectId.
        _id: String,
        year: Number,
        body: String,
        cycleKey: String,
        unitCode: String,
        state: String,
        items: String,
        selfTotal: Number,
        createdAt: String,
        updatedAt: String,
        updatedBy: String,
        submittedAt: String,
        submittedBy: String,
        reopenings: [{ _id: false, at: String, by: String, reason: String }],
        version: Number,
      },
      strict,
    ).index({ cycleKey: 1, unitCode: 1 }, { unique: true }),
    'submissions',
  );
  const materials = c.model(
    'Material',
    new Schema(
      {
        fileId: Schema.Types.ObjectId,
        year: Number,
        body: String,
        cycleKey: String,
        unitCode: String,
        itemCode: String,
        originalName: String,
        contentType: String,
        size: Number,
        sha256: String,
        uploadedBy: String,
        uploadedAt: String,
      },
      strict,
    ).index({ cycleKey: 1, unitCode: 1 }),
    'materials',
  );
  const reviews = c.model(
    'Review',
    new Schema(
      // _id as a submission's (unit-record-ids.ts).
      { _id: String, year: Number, body: String, cycleKey: String, unitCode: String, items: String, updatedBy: String, updatedAt: String, version: Number },
      strict,
    ).index({ cycleKey: 1, unitCode: 1 }, { unique: true }),
    'reviews',
  );
  const runs = c.model(
    'Run',
    new Schema(
      {
        runId: String,
        year: Number,
        body: String,
        cycleKey: String,
        seq: Number,
        status: String,
        rubricHash: String,
        engineVersion: String,
        // Runs stored before run_texts kept their texts here; they are still read.
        inputs: String,
        inputsHash: String,
        results: String,
        resultsHash: String,
        previousRun: String,
        previousInputsHash: String,
        previousMissing: Boolean,
        /** The run_texts document holding inputs and results (runs stored before run pieces). */
        textsId: Schema.Types.ObjectId,
        /** The run_frames document (and its run_unit_chunks, or run_units before chunks) holding the run's texts in pieces. */
        piecesId: String,
        createdBy: String,
        createdAt: String,
        finalizedAt: String,
        finalizedBy: String,
        version: Number,
      },
      strict,
    )
      .index({ runId: 1 }, { unique: true })
      .index({ cycleKey: 1, seq: 1 }, { unique: true })
      .index({ cycleKey: 1, status: 1, seq: 1 }),
    'runs',
  );
  /**
   * A run's two large texts (about 1.3 MB for the 14 Gansu units), apart from the
   * run, so that finding runs never reads them: FerretDB v1 decodes every document a
   * query scans (only _id lookups are pushed down to SQLite), and it scans on any
   * other field. Read by _id; written once, before its run. runId is for people reading the database.
   */
  const runTexts = c.model('RunTexts', new Schema({ runId: String, inputs: String, results: String }, strict), 'run_texts');
  /**
   * A run's texts in pieces (services/runs/run-pieces.ts), so that no document grows with
   * the number of units beyond its ranking rows: the frame (_id: the run's piecesId) and
   * one document per unit (_id: "<piecesId>/<unit code>"). Every read is by _id, the one
   * lookup FerretDB v1 pushes down; written before their run, which is what makes them live.
   * createdAt lets housekeeping tell a stray frame (its run never written) from one being written.
   */
  const runFrames = c.model(
    'RunFrame',
    new Schema(
      {
        _id: String,
        runId: String,
        resultsHead: String,
        resultsTail: String,
        inputCodes: { type: [String], default: undefined },
        // Where each chunk of units begins in inputCodes (run-piece-store.ts); absent: a document per unit.
        chunkStarts: { type: [Number], default: undefined },
        // Two series of chunks instead: evidence in inputCodes order, results in ranking order (run-piece-store.ts).
        evidenceStarts: { type: [Number], default: undefined },
        resultStarts: { type: [Number], default: undefined },
        ranking: String,
        createdAt: String,
      },
      strict,
    ).index({ createdAt: 1 }),
    'run_frames',
  );
  const runUnits = c.model('RunUnit', new Schema({ _id: String, evidence: String, result: String }, strict), 'run_units');
  // Consecutive units of a run in one document: `_id` "<piecesId>#e<chunk>" (evidence) or "#r<chunk>" (results); "#<chunk>" both, before two series (run-piece-store.ts).
  const runUnitChunks = c.model(
    'RunUnitChunk',
    new Schema({ _id: String, evidence: { type: [String], default: undefined }, result: { type: [String], default: undefined } }, strict),
    'run_unit_chunks',
  );
  const notes = c.model(
    'Note',
    new Schema(
      {
        id: String,
        year: Number,
        body: String,
        cycleKey: String,
        unitCode: String,
        itemCode: String,
        runId: String,
        verdict: String,
        reason: String,
        by: String,
        at: String,
      },
      strict,
    )
      .index({ id: 1 }, { unique: true })
      .index({ cycleKey: 1, unitCode: 1, at: 1 }),
    'notes',
  );
  const audit = c.model(
    'AuditEvent',
    new Schema(
      {
        // The entry's position, String(seq), for entries appended since positions became ids: the
        // one lookup FerretDB answers without decoding the trail (audit-store.ts). Older entries keep an ObjectId.
        _id: String,
        seq: Number,
        at: String,
        actor: String,
        action: String,
        subject: String,
        year: Number,
        unitCode: String,
        beforeHash: String,
        afterHash: String,
        detail: String,
        prevHash: String,
        hash: String,
        // Not sealed: which write intent the entry completes, so that a write is logged once
        // even when its writer and crash recovery both append it (services/journal.ts).
        writeId: String,
      },
      strict,
    )
      .index({ seq: 1 }, { unique: true })
      .index({ writeId: 1 }, { unique: true })
      .index({ subject: 1, seq: 1 })
      .index({ year: 1, seq: 1 })
      .index({ unitCode: 1, seq: 1 })
      .index({ actor: 1, seq: 1 })
      .index({ at: 1 }),
    'audit_events',
  );
  // Where the audit chain ends, as a hint for an appender that has not appended yet (audit-store.ts).
  const auditHead = c.model('AuditHead', new Schema({ _id: String, seq: Number }, strict), 'audit_head');
  const idempotency = c.model(
    'IdempotencyKey',
    new Schema(
      {
        key: String,
        actor: String,
        method: String,
        path: String,
        requestHash: String,
        status: Number,
        body: String,
        createdAt: String,
        leaseUntil: String,
        // Absent until the request notes its first journaled write (releaseExpired keeps keys that have one).
        writes: { type: [String], default: undefined },
      },
      strict,
    ).index({ actor: 1, key: 1 }, { unique: true }),
    'idempotency_keys',
  );
  // One row per versioned write: the unique index lets exactly one writer take a record
  // from version n to n + 1 (FerretDB v1 does not apply a conditional update atomically).
  const claims = c.model(
    'WriteClaim',
    new Schema({ subject: String, version: Number, at: String }, strict).index({ subject: 1, version: 1 }, { unique: true }),
    'write_claims',
  );
  // Write intents (write-ahead): see services/journal.ts. The event is kept as its JSON text.
  const journal = c.model(
    'WriteIntent',
    // subject: the record written, so that a writer can find the intents of earlier writes to it (subject-order.ts).
    new Schema({ writeId: String, subject: String, event: String, createdAt: String, leaseUntil: String }, strict)
      .index({ writeId: 1 }, { unique: true })
      .index({ subject: 1, createdAt: 1 })
      .index({ createdAt: 1 }),
    'write_intents',
  );
  return {
    tokens,
    sessions,
    units,
    rubrics,
    cycles,
    submissions,
    materials,
    reviews,
    runs,
    runTexts,
    runFrames,
    runUnits,
    runUnitChunks,
    notes,
    audit,
    auditHead,
    idempotency,
    claims,
    journal,
  };
}

export type Models = ReturnType<typeof defineModels>;

/**
 * Indexes of databases made before a year could have several cycles (one per body):
 * their unique keys would refuse a second body's cycle, submission or run of a year.
 */
const SUPERSEDED_INDEXES: Readonly<Record<string, readonly string[]>> = {
  cycles: ['year_1'],
  submissions: ['year_1_unitCode_1'],
  materials: ['year_1_unitCode_1'],
  reviews: ['year_1_unitCode_1'],
  runs: ['year_1_seq_1', 'year_1_status_1_seq_1'],
  notes: ['year_1_unitCode_1_at_1'],
  target_filings: ['year_1_unitCode_1'],
};

/** Creates every index (idempotent) and drops the superseded ones. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    // Keys first: a unique index on (cycleKey, …) over documents without one would refuse them on MongoDB.
    if (CYCLE_KEYED.has(model.collection.collectionName)) await giveCycleKeys(model as Model<unknown>);
    await dropSupersededIndexes(model as Model<unknown>);
    await model.createIndexes();
  }
}

/** The collections whose documents belong to a cycle (adapters/mongo/cycle-filter.ts). */
export const CYCLE_KEYED: ReadonlySet<string> = new Set(['cycles', 'submissions', 'materials', 'reviews', 'runs', 'notes', 'target_filings']);

/** Drops a collection's superseded indexes, if it still has them. */
export async function dropSupersededIndexes(model: Model<unknown>): Promise<void> {
  const names = SUPERSEDED_INDEXES[model.collection.collectionName] ?? [];
  if (names.length === 0) return;
  const existing = new Set((await model.collection.indexes().catch(() => [])).map((i) => i.name));
  for (const name of names) if (existing.has(name)) await model.collection.dropIndex(name);
}
