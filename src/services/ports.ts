/**
 * What the services need from storage and the outside world, as interfaces over
 * plain records (OPA's Store idea). The MongoDB adapter implements them; nothing
 * mongoose-typed crosses this line. User-supplied JSON (rubrics, evidence, reviews,
 * results) is kept as JSON text: its bytes are what is hashed, and no key in it can
 * ever be read as a database operator or a dotted path.
 */
import type { WorkbookLayout } from '../spreadsheet/workbook-layout.js';
import type { WorkbookRead } from '../spreadsheet/workbook-read.js';
import type {
  CycleKey,
  AuditEvent,
  CycleRecord,
  MaterialRecord,
  NewAuditEvent,
  NoteRecord,
  ReviewRecord,
  RubricRecord,
  RunRecord,
  SessionRecord,
  StoredFile,
  SubmissionRecord,
  TargetFilingRecord,
  TokenRecord,
  UnitRecord,
  UserRecord,
  WriteIntent,
  ProgressLineRecord,
} from '../records/index.js';
import type { RunFrame } from './runs/run-pieces.js';
import type { FailureState } from './access/sign-in-throttle.js';

/**
 * A stored run's texts in pieces: the frame, and its units' slices read on demand. Each
 * kind is stored in the order it is read, so that walking a whole run reads each stored
 * piece once: evidence in input order (frame.inputCodes), results in rank order (frame.ranking).
 */
export interface StoredRunPieces {
  readonly frame: RunFrame;
  /** These units' evidence documents as stored, in the order given (a code the run did not score is an error). */
  evidence(codes: readonly string[]): Promise<string[]>;
  /** These units' entries of results.units as stored, in the order given. */
  results(codes: readonly string[]): Promise<string[]>;
}

export interface AuditFilter {
  readonly year?: number;
  readonly unitCode?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
  /** Only entries of these actions (the actions of one kind, src/audit/audit-actions.ts). */
  readonly actions?: readonly string[];
  /** Only entries after this sequence number (paging). */
  readonly afterSeq?: number;
  readonly limit?: number;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly actor: string;
  readonly method: string;
  readonly path: string;
  /** Hash of the request body: the same key with another body is a client error. */
  readonly requestHash: string;
  readonly status: number;
  /** The response body's JSON text. */
  readonly body: string;
  readonly createdAt: string;
  /** While in progress (status 0): until when the request holds the key; a retry after it takes the key over. */
  readonly leaseUntil?: string;
  /** The journaled writes the request began under the key (their write ids), noted before each began. */
  readonly writes?: string[];
}

/** What an update of a user may change; `unitCode: null` removes the unit. */
export interface UserPatch {
  readonly role?: UserRecord['role'];
  readonly unitCode?: string | null;
  readonly passwordHash?: string;
  readonly passwordChangedAt?: string;
  readonly mustChangePassword?: boolean;
  readonly disabled?: boolean;
}

/**
 * Spreadsheet files (src/adapters/xlsx/workbook-files.ts): a layout written as .xlsx
 * bytes, and an uploaded .xlsx read into plain cells after the checks that make it
 * safe to open (size, rows, encryption, macros, external links). A refusal names
 * the problem in Chinese and nothing is read further.
 */
export interface WorkbookFiles {
  write(layout: WorkbookLayout): Promise<Uint8Array>;
  read(bytes: Uint8Array): Promise<{ readonly ok: true; readonly workbook: WorkbookRead } | { readonly ok: false; readonly reason: string }>;
}

/** A conditional write found another version than the one the caller read. */
export const STALE = Symbol('stale');
export type Stale = typeof STALE;

export interface Stores {
  readonly users: {
    create(user: Omit<UserRecord, 'id' | 'version'>): Promise<UserRecord>;
    findByUsername(username: string): Promise<UserRecord | null>;
    findById(id: string): Promise<UserRecord | null>;
    list(): Promise<UserRecord[]>;
    /** Sets the given fields (role, unit, password, flags) and counts the version up; null when there is no such user. */
    update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  };
  /** Browser sessions, found by the hash of their cookie's secret. */
  readonly sessions: {
    create(session: SessionRecord): Promise<void>;
    find(sessionHash: string): Promise<SessionRecord | null>;
    touch(sessionHash: string, lastSeenAt: string): Promise<void>;
    delete(sessionHash: string): Promise<void>;
    /** Ends every session of a user but the one kept (a password change keeps the session that made it). */
    deleteForUser(userId: string, except?: string): Promise<void>;
    /** Ends the sessions idle since before `idleBefore` or begun before `createdBefore`; how many. */
    deleteExpired(idleBefore: string, createdBefore: string): Promise<number>;
  };
  readonly tokens: {
    create(token: TokenRecord): Promise<void>;
    find(tokenId: string): Promise<TokenRecord | null>;
  };
  readonly units: {
    upsertMany(units: readonly UnitRecord[]): Promise<void>;
    list(): Promise<UnitRecord[]>;
    get(code: string): Promise<UnitRecord | null>;
  };
  readonly rubrics: {
    /** Refuses (returns null) a second draft with the same hash. */
    insert(rubric: Omit<RubricRecord, 'version'>): Promise<RubricRecord | null>;
    get(hash: string): Promise<RubricRecord | null>;
    list(): Promise<RubricRecord[]>;
    publish(hash: string, expectedVersion: number, at: string, by: string): Promise<RubricRecord | Stale | null>;
  };
  readonly cycles: {
    /** Refuses (returns null) a second cycle for the same year and body. */
    insert(cycle: Omit<CycleRecord, 'version'>): Promise<CycleRecord | null>;
    get(key: CycleKey): Promise<CycleRecord | null>;
    list(): Promise<CycleRecord[]>;
  };
  readonly submissions: {
    get(cycle: CycleKey, unitCode: string): Promise<SubmissionRecord | null>;
    list(cycle: CycleKey, unitCode?: string): Promise<SubmissionRecord[]>;
    /** Every submission of every cycle, however it was stored: what `audit verify` checks. */
    all(): Promise<SubmissionRecord[]>;
    /** Refuses (returns null) a second submission for the same unit and cycle. */
    insert(submission: Omit<SubmissionRecord, 'version'>): Promise<SubmissionRecord | null>;
    /** Writes `next` (whole) if the stored version is still `expectedVersion`. */
    replace(next: Omit<SubmissionRecord, 'version'>, expectedVersion: number): Promise<SubmissionRecord | Stale>;
  };
  /** The progress board's line of each version of a submission (submissions/progress-lines.ts). */
  readonly progressLines: {
    /** Keeps a line; a line of the same unit and version kept before stays as it is. */
    put(line: ProgressLineRecord): Promise<void>;
    /** The cycle's lines, the latest version of each unit. */
    latest(cycle: CycleKey): Promise<ProgressLineRecord[]>;
    /** Whether the cycle's lines were made from its submissions (a database older than lines: on the board's first read). */
    built(cycle: CycleKey): Promise<boolean>;
    markBuilt(cycle: CycleKey): Promise<void>;
    /** The cycle's lines are to be made again on the board's next read (crash recovery completed a write of it). */
    markStale(cycle: CycleKey): Promise<void>;
  };
  readonly materials: {
    /**
     * Streams a file into storage, counting and hashing it as it goes; past `maxBytes`
     * removes what was written and answers 'too_large'. Nothing lists a stored file
     * until `put` records it.
     */
    store(
      source: AsyncIterable<Uint8Array>,
      maxBytes: number,
      label: { year: number; body?: string; unitCode: string; name: string },
    ): Promise<StoredFile | 'too_large'>;
    /** Records a stored file as a material (its size and sha256 are the file's). */
    put(meta: Omit<MaterialRecord, 'id' | 'size' | 'sha256'>, file: StoredFile): Promise<MaterialRecord>;
    /** Removes a stored file that no material records; one already gone is no error. */
    discard(file: StoredFile): Promise<void>;
    /** The record and its file's bytes, read as they are sent. */
    get(id: string): Promise<{ record: MaterialRecord; data: AsyncIterable<Uint8Array> } | null>;
    list(cycle: CycleKey, unitCode: string): Promise<MaterialRecord[]>;
  };
  readonly reviews: {
    get(cycle: CycleKey, unitCode: string): Promise<ReviewRecord | null>;
    list(cycle: CycleKey): Promise<ReviewRecord[]>;
    /** Every review of every cycle, however it was stored: what `audit verify` checks. */
    all(): Promise<ReviewRecord[]>;
    /** Creates (expectedVersion 0) or replaces a review if its version is still the one read. */
    save(next: Omit<ReviewRecord, 'version'>, expectedVersion: number): Promise<ReviewRecord | Stale>;
  };
  /** Target filings (目标备案), one per unit and cycle. */
  readonly targets: {
    get(cycle: CycleKey, unitCode: string): Promise<TargetFilingRecord | null>;
    list(cycle: CycleKey): Promise<TargetFilingRecord[]>;
    /** Every filing of every cycle, however it was stored: what `audit verify` checks. */
    all(): Promise<TargetFilingRecord[]>;
    /** Creates (expectedVersion 0) or replaces a filing if its version is still the one read. */
    save(next: Omit<TargetFilingRecord, 'version'>, expectedVersion: number): Promise<TargetFilingRecord | Stale>;
  };
  readonly runs: {
    insert(run: Omit<RunRecord, 'version'>): Promise<RunRecord | null>;
    get(runId: string): Promise<RunRecord | null>;
    list(cycle: CycleKey): Promise<RunRecord[]>;
    /** Every run of every cycle with its texts, however it was stored: what `audit verify` checks. */
    all(): Promise<RunRecord[]>;
    /** The runs of a cycle without their (large) inputs and results. */
    summaries(cycle: CycleKey): Promise<Omit<RunRecord, 'inputs' | 'results'>[]>;
    /** One run without its inputs and results: what access checks and report keys need. */
    summary(runId: string): Promise<Omit<RunRecord, 'inputs' | 'results'> | null>;
    /** The cycle's latest finalised run (the highest seq), without its inputs and results. */
    latestFinal(cycle: CycleKey): Promise<Omit<RunRecord, 'inputs' | 'results'> | null>;
    finalize(runId: string, expectedVersion: number, at: string, by: string): Promise<RunRecord | Stale | null>;
    /**
     * A run's texts in pieces (runs/run-pieces.ts), so that a reader of a large run never
     * holds them whole: its frame (ranking, unit order), and any units' slices by code.
     * Runs stored whole (before pieces) are cut on reading. Null for no such run.
     */
    pieces(runId: string): Promise<StoredRunPieces | null>;
  };
  readonly notes: {
    /** Stores a new note; there is no update and no delete. */
    add(note: NoteRecord): Promise<NoteRecord>;
    get(id: string): Promise<NoteRecord | null>;
    /** The notes of a cycle (or of one unit in it), oldest first. */
    list(cycle: CycleKey, unitCode?: string): Promise<NoteRecord[]>;
    /** Every note of every cycle, however it was stored: what `audit verify` checks. */
    all(): Promise<NoteRecord[]>;
  };
  readonly audit: {
    /**
     * Appends at the end of the chain; there is no update and no delete. With a writeId
     * (the intent's), appending twice is appending once: the second call returns the first entry.
     */
    append(event: NewAuditEvent, writeId?: string): Promise<AuditEvent>;
    /** The entry appended for a write intent, if there is one. */
    byWriteId(writeId: string): Promise<AuditEvent | null>;
    /** The latest entry about a subject. */
    latest(subject: string): Promise<AuditEvent | null>;
    read(filter: AuditFilter): Promise<AuditEvent[]>;
    /** The whole chain in order, for verification. */
    all(): Promise<AuditEvent[]>;
  };
  /** Write intents not yet closed: the writes in flight, and those a crash interrupted. */
  readonly journal: {
    begin(intent: WriteIntent): Promise<void>;
    end(writeId: string): Promise<void>;
    /** Oldest first; with a subject, only the intents of writes to that record. */
    pending(subject?: string): Promise<WriteIntent[]>;
  };
  readonly idempotency: {
    get(actor: string, key: string): Promise<IdempotencyRecord | null>;
    /** Claims the key (status 0: in progress); false when another request holds it already. */
    claim(record: IdempotencyRecord): Promise<boolean>;
    /** Extends the lease of a key still in progress. */
    renew(actor: string, key: string, leaseUntil: string): Promise<void>;
    /** Takes over a key whose request died: succeeds only while it is still in progress with the lease that was read. */
    takeOver(record: IdempotencyRecord, expiredLease: string | undefined): Promise<boolean>;
    /** Notes a journaled write the key's request is about to begin. */
    noteWrite(actor: string, key: string, writeId: string): Promise<void>;
    /** Releases every key still in progress whose lease ended before `now` and that began no write (their requests died); how many. */
    releaseExpired(now: string): Promise<number>;
    /** Records the response of a claimed key. */
    complete(actor: string, key: string, status: number, body: string): Promise<void>;
    /** Releases a claim whose request failed, so that a retry can run. */
    release(actor: string, key: string): Promise<void>;
  };
  /**
   * Failed sign-ins and locks per key ("user:<name>", "address:<client>"), shared by every
   * service process (access/shared-throttle.ts). A key's state is replaced only from the
   * revision it was read at, so two processes counting failures at once lose neither.
   */
  readonly signInFailures: {
    get(key: string): Promise<{ readonly state: FailureState; readonly rev: number } | null>;
    /** Writes the state if the key is still at `rev` (0: not kept); false when another process wrote first. */
    put(key: string, state: FailureState, rev: number): Promise<boolean>;
    remove(key: string): Promise<void>;
    /** Forgets the keys with no lock after `now` and no failure since `quietSince` (ms); how many. */
    forgetQuiet(now: number, quietSince: number): Promise<number>;
  };
  /** Whether the database answers. */
  ping(): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}
