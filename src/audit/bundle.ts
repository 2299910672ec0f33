/**
 * The audit bundle (bundle/v1): everything a third-party evaluator needs to re-check an
 * assessment without our server, in one JSON file. docs/audit-bundle.md describes it
 * for someone re-scoring it in another language.
 *
 * Records from the service are kept exactly as stored (their JSON-text fields included),
 * so that their hashes can be checked against the audit chain the bundle carries. The
 * evidence each unit was scored on and the results are kept parsed, as a re-scorer
 * reads them; the run's stored texts are their compact JSON (JSON.stringify), which
 * is how the run's inputsHash and resultsHash were computed.
 */
import { z } from 'zod';
import { type EvidenceDocument, type ResultsV1, contentHash, evidenceSchema, resultsSchema } from '../core/index.js';
import type { AuditEvent, MaterialRecord, NoteRecord, ReviewRecord, RunRecord, SubmissionRecord, TargetFilingRecord } from '../records/index.js';

export const BUNDLE_FORMAT = 'bundle/v1';

/** A run as stored, less its inputs and results texts (they are the bundle's evidence and results). */
export type BundleRun = Omit<RunRecord, 'inputs' | 'results'>;

/** An evaluator's finding on a unit or one of its checkpoints, as stored: recorded, shown, never changes a score. */
export type AuditorNote = NoteRecord;

export interface BundleUnit {
  readonly code: string;
  readonly name: string;
  /** The evidence document the run scored (submission merged with the review). */
  readonly evidence: EvidenceDocument;
  /** The unit's submission as stored; null when it made none, or the bundle was made from files. */
  readonly submission: SubmissionRecord | null;
  /** The examiners' review as stored (verified values, findings, adjustments with justifications); null when none. */
  readonly review: ReviewRecord | null;
  /** Uploaded materials: metadata and each file's sha256, not the files. */
  readonly materials: readonly MaterialRecord[];
  /**
   * The unit's target filing (目标备案) as stored, when it has one: its approved targets
   * are the evidence's `targets`. Absent otherwise, so bundles without filings keep their bytes.
   */
  readonly targets?: TargetFilingRecord;
}

/**
 * Last year's evidence, in a bundle whose rubric reads it (`previous`): the documents the
 * assessment read, exactly as given to it, so that replay scores with them again.
 */
export interface BundlePrevious {
  /** The run of the year before whose stored inputs they are; absent for a bundle made from files. */
  readonly runId?: string;
  /** Last year's evidence documents, in the order the assessment was given them (a service run: unit-code order). */
  readonly evidence: readonly EvidenceDocument[];
}

export interface BundleManifest {
  /** The engine that made the bundle. */
  readonly engine: { readonly name: 'kaohe'; readonly version: string };
  readonly year: number;
  /** `service`: exported from the database; `files`: from `kaohe assess` on files (no records, no audit chain). */
  readonly source: 'service' | 'files';
  /** When the bundle was made (absent from files without --as-of, so the same files give the same bundle). */
  readonly createdAt?: string;
  readonly createdBy?: string;
  /** Content hash (sha256 of canonical JSON) of every part, by part name (see bundleParts). */
  readonly parts: Readonly<Record<string, string>>;
}

export interface BundleV1 {
  readonly kaohe: typeof BUNDLE_FORMAT;
  readonly manifest: BundleManifest;
  /** The rubric JSON as published; its content hash is results.rubric.hash. */
  readonly rubric: unknown;
  /** Every unit of the register, in unit-code order. */
  readonly units: readonly BundleUnit[];
  readonly results: ResultsV1;
  /** The run the results are from; null for a bundle made from files. */
  readonly run: BundleRun | null;
  /** The whole audit chain up to the export, in seq order (a subset could not be checked link by link). */
  readonly audit: readonly AuditEvent[];
  readonly notes: readonly AuditorNote[];
  /**
   * Last year's evidence, only when the results read it (they then name its hash,
   * results.previousEvidenceHash). Absent from every other bundle, whose bytes it leaves as they were.
   */
  readonly previous?: BundlePrevious;
}

/** A bundle before it is sealed with its manifest's part hashes. */
export type BundleContent = Omit<BundleV1, 'kaohe' | 'manifest'>;

/** Each part of a bundle by name, as the manifest hashes it: a tampered part is named by its name. */
export function bundleParts(content: BundleContent): Map<string, unknown> {
  const parts = new Map<string, unknown>([
    ['rubric', content.rubric],
    ['results', content.results],
    ['run', content.run],
    ['audit', content.audit],
    ['notes', content.notes],
  ]);
  if (content.previous !== undefined) parts.set('previous', content.previous);
  for (const u of content.units) for (const [name, value] of unitParts(u)) parts.set(name, value);
  return parts;
}

/** One unit's parts by name, in the manifest's order (a streamed export hashes them a unit at a time). */
export function unitParts(u: BundleUnit): [string, unknown][] {
  const parts: [string, unknown][] = [
    [`units/${u.code}/evidence`, u.evidence],
    [`units/${u.code}/submission`, u.submission],
    [`units/${u.code}/review`, u.review],
    [`units/${u.code}/materials`, u.materials],
  ];
  if (u.targets !== undefined) parts.push([`units/${u.code}/targets`, u.targets]);
  return parts;
}

export function sealBundle(content: BundleContent, made: Omit<BundleManifest, 'parts'>): BundleV1 {
  const parts = Object.fromEntries([...bundleParts(content)].map(([name, value]) => [name, contentHash(value)]));
  return { kaohe: BUNDLE_FORMAT, manifest: { ...made, parts }, ...content };
}

/** The run's stored texts, rebuilt from the bundle as the service wrote them. */
export function runTexts(bundle: Pick<BundleV1, 'units' | 'results'>): { inputs: string; results: string } {
  return { inputs: JSON.stringify(bundle.units.map((u) => u.evidence)), results: JSON.stringify(bundle.results) };
}

// --- the schema a bundle is checked against before anything in it is trusted ---

const text = z.string();
const hash = z.string().regex(/^sha256:[0-9a-f]{64}$/, '应为 sha256:<64 位十六进制> 形式的内容哈希');

const reopening = z.object({ at: text, by: text, reason: text });
const submission = z.object({
  version: z.int(),
  year: z.int(),
  unitCode: text,
  state: z.enum(['draft', 'submitted']),
  items: text.describe('JSON text of the submitted items, as stored'),
  selfTotal: z.number().optional(),
  createdAt: text,
  updatedAt: text,
  updatedBy: text,
  submittedAt: text.optional(),
  submittedBy: text.optional(),
  reopenings: z.array(reopening),
});
const review = z.object({
  version: z.int(),
  year: z.int(),
  unitCode: text,
  items: text.describe('JSON text of the review items, as stored'),
  updatedBy: text,
  updatedAt: text,
});
const targetFiling = z.object({
  version: z.int(),
  year: z.int(),
  unitCode: text,
  targets: text.describe('JSON text of the filed targets (item → field → {value, state, filedAt, filedBy, decidedAt?, decidedBy?, reason?}), as stored'),
  createdAt: text,
  updatedAt: text,
  updatedBy: text,
});
const material = z.object({
  id: text,
  year: z.int(),
  unitCode: text,
  itemCode: text.optional(),
  originalName: text,
  contentType: text,
  size: z.int().nonnegative(),
  sha256: text,
  uploadedBy: text,
  uploadedAt: text,
});
const run = z.object({
  version: z.int(),
  runId: text,
  year: z.int(),
  seq: z.int(),
  status: z.enum(['draft', 'final']),
  rubricHash: hash,
  engineVersion: text,
  inputsHash: hash,
  resultsHash: hash,
  previousRun: text.optional(),
  previousInputsHash: hash.optional(),
  previousMissing: z.boolean().optional(),
  createdBy: text,
  createdAt: text,
  finalizedAt: text.optional(),
  finalizedBy: text.optional(),
});
const auditEvent = z.object({
  seq: z.int().positive(),
  at: text,
  actor: text,
  action: text,
  subject: text,
  year: z.int().optional(),
  unitCode: text.optional(),
  beforeHash: z.string(),
  afterHash: z.string(),
  detail: text.optional(),
  prevHash: hash,
  hash,
});
const note = z.object({
  id: text,
  year: z.int(),
  unitCode: text,
  itemCode: text.optional(),
  runId: text.optional(),
  verdict: z.enum(['agree', 'disagree']),
  reason: text.min(1),
  by: text,
  at: text,
});
const unit = z.object({
  code: text.min(1),
  name: text,
  evidence: evidenceSchema,
  submission: submission.nullable(),
  review: review.nullable(),
  materials: z.array(material),
  targets: targetFiling.optional(),
});

export const bundleSchema = z.object({
  kaohe: z.literal(BUNDLE_FORMAT, { error: '不是 Kaohe 审计包（kaohe 字段应为 "bundle/v1"）' }),
  manifest: z.object({
    engine: z.object({ name: z.literal('kaohe'), version: text }),
    year: z.int(),
    source: z.enum(['service', 'files']),
    createdAt: text.optional(),
    createdBy: text.optional(),
    parts: z.record(z.string(), hash),
  }),
  rubric: z.unknown().refine((v) => v !== null && typeof v === 'object' && !Array.isArray(v), '应为考核细则（JSON 对象）'),
  units: z.array(unit),
  results: resultsSchema,
  run: run.nullable(),
  audit: z.array(auditEvent),
  notes: z.array(note),
  previous: z.object({ runId: text.optional(), evidence: z.array(evidenceSchema) }).optional(),
});

// Keeps the schema and the types above from drifting apart.
export const bundleSchemaMatchesType: z.ZodType<BundleV1> = bundleSchema;
