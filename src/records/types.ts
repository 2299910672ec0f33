/**
 * The stored records: what the service keeps and the audit trail speaks of, as plain
 * data. Services, the audit bundle and the storage adapters all use these types; this
 * folder imports nothing but the core (test/architecture/layers.test.ts).
 */

export type Role = 'examiner' | 'city' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['examiner', 'city', 'auditor', 'admin'];

/** Every mutable record carries `version`; a write names the version it read, and a stale one is refused. */
export interface Versioned {
  readonly version: number;
}

export interface UserRecord extends Versioned {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  /** For role `city`: the one unit it speaks for. */
  readonly unitCode?: string;
  /** `scrypt$<salt>$<hash>` (base64). */
  readonly passwordHash: string;
  readonly createdAt: string;
  /**
   * Set when the password was given to the user by someone else (created, reset by an
   * admin): a browser session may do nothing but change it. Absent (records stored
   * before it existed) counts as false.
   */
  readonly mustChangePassword?: boolean;
  /** A disabled user cannot sign in, and its sessions and tokens are refused. Absent counts as false. */
  readonly disabled?: boolean;
  readonly passwordChangedAt?: string;
}

/**
 * A browser session. The cookie carries a random 256-bit secret; only its SHA-256 is
 * stored, so that reading the database does not let anyone act as a signed-in user.
 */
export interface SessionRecord {
  /** Hex SHA-256 of the cookie's secret. */
  readonly sessionHash: string;
  readonly userId: string;
  readonly createdAt: string;
  /** The last request seen (written at most once a minute): the idle timeout counts from it. */
  readonly lastSeenAt: string;
}

export interface TokenRecord {
  readonly tokenId: string;
  readonly userId: string;
  /** `sha256$<salt>$<hash>` of the token's secret part. */
  readonly secretHash: string;
  readonly createdAt: string;
}

export interface UnitRecord {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
}

export interface RubricRecord extends Versioned {
  /** Content hash of the rubric JSON: the rubric's identity once published. */
  readonly hash: string;
  readonly rubricId: string;
  readonly rubricVersion: string;
  readonly year: number;
  readonly title: string;
  readonly status: 'draft' | 'published';
  /** The rubric file's JSON text. */
  readonly source: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly publishedAt?: string;
  readonly publishedBy?: string;
}

export interface CycleRecord extends Versioned {
  readonly year: number;
  readonly rubricHash: string;
  readonly rubricId: string;
  /** ISO date-time after which submissions are refused. */
  readonly deadline: string;
  /** ISO date-time after which units can no longer file targets (目标备案); absent: filing is open until `deadline`. */
  readonly targetDeadline?: string;
  /** Whom units ask about the assessment (office, person, telephone), printed on the templates' covers. */
  readonly contact?: string;
  /** The assessing government's unit code (GB/T 2260); absent on cycles stored before bodies: the tree's root. */
  readonly body?: string;
  /** The codes of the units assessed, within the body's subtree; absent on cycles stored before bodies: the register's. */
  readonly units?: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Reopening {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export interface SubmissionRecord extends Versioned {
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly unitCode: string;
  readonly state: 'draft' | 'submitted';
  /** JSON text of the evidence items ({code: {values, selfScore, note, materials, …}}). */
  readonly items: string;
  readonly selfTotal?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly submittedAt?: string;
  readonly submittedBy?: string;
  readonly reopenings: readonly Reopening[];
}

/** A material's file in storage, not yet (or never) recorded: where it is, its size and its SHA-256 (hex). */
export interface StoredFile {
  readonly fileId: string;
  readonly size: number;
  readonly sha256: string;
}

export interface MaterialRecord {
  readonly id: string;
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly originalName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface ReviewRecord extends Versioned {
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly unitCode: string;
  /** JSON text: {code: {values?, finding?, adjustment?: {score, justification}}}. */
  readonly items: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface RunRecord extends Versioned {
  readonly runId: string;
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly seq: number;
  readonly status: 'draft' | 'final';
  readonly rubricHash: string;
  readonly engineVersion: string;
  /** JSON text of the evidence documents scored, one per unit. */
  readonly inputs: string;
  readonly inputsHash: string;
  /** results.json text. */
  readonly results: string;
  readonly resultsHash: string;
  /**
   * When the rubric reads last year (`previous`): the run of the year before whose stored
   * inputs were last year's evidence (its latest finalised run when this run was made),
   * and their hash. Absent for a rubric that reads no last year.
   */
  readonly previousRun?: string;
  readonly previousInputsHash?: string;
  /** The rubric reads last year, but the year before had no finalised run: scored without last year's evidence. */
  readonly previousMissing?: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly finalizedAt?: string;
  readonly finalizedBy?: string;
}

/**
 * A third-party evaluator's finding on a unit, or on one of its checkpoints (itemCode),
 * optionally about one run: agree or disagree, and why. Recorded, shown beside the
 * scores and carried in audit bundles as they are (bundle.ts AuditorNote); never
 * an input to a run, so it cannot change a score. Never edited: a second thought is another note.
 */
export interface NoteRecord {
  readonly id: string;
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly runId?: string;
  readonly verdict: 'agree' | 'disagree';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  /** What changed, e.g. "submission:2015/620100". */
  readonly subject: string;
  readonly year?: number;
  readonly unitCode?: string;
  /** Content hashes of the subject before and after (empty string when it did not exist). */
  readonly beforeHash: string;
  readonly afterHash: string;
  /** A short human-readable detail (a reason, a file name). */
  readonly detail?: string;
  readonly prevHash: string;
  /** SHA-256 over the canonical JSON of every field above: each entry seals the one before. */
  readonly hash: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/**
 * A write announced before it is made (write-ahead): the audit entry it will append,
 * whole but for its place in the chain. A crash between the write and its entry
 * leaves the intent behind, and recovery (services/journal.ts) completes or drops it.
 */
export interface WriteIntent {
  readonly writeId: string;
  readonly event: NewAuditEvent;
  readonly createdAt: string;
  /** Until then the writer may still be at work; an intent whose write never landed is dropped only after it. */
  readonly leaseUntil: string;
}
