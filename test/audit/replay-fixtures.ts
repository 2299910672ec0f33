/**
 * Bundles for the replay tests, made in memory: one from files (as `kaohe assess
 * --bundle` makes it) and one shaped like a service export, with stored submissions and
 * reviews split from the seed evidence, a run scored from their merge, auditor notes
 * and an audit chain sealed entry by entry, as the service writes them. Tampering
 * helpers change one thing and optionally reseal the manifest, as a careful tamperer would.
 */
import { readFileSync } from 'node:fs';
import { type AuditorNote, type BundleContent, bundleFromFiles, type BundleV1, sealBundle } from '../../src/audit/index.js';
import { type EvidenceDocument, type ResultsV1, assess, buildResults, contentHash, parseEvidence, parseRubric } from '../../src/core/index.js';
import {
  type AuditEvent,
  type MaterialRecord,
  mergeEvidence,
  recordHash,
  type ReviewRecord,
  type RunRecord,
  sealEvent,
  splitEvidence,
  subjects,
  type SubmissionRecord,
} from '../../src/records/index.js';
import { scoreRun } from '../../src/services/runs/run-scoring.js';
import { seedRubric } from '../support/cli.js';
import { seedEvidenceJson } from '../support/seeds.js';

export const rubricJson = (): unknown => JSON.parse(readFileSync(seedRubric, 'utf8'));

/** A deep copy, to tamper with without touching the original. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The seeds as `kaohe assess --bundle` bundles them. */
export function filesBundle(): BundleV1 {
  const rubric = parseRubric(rubricJson());
  const evidence = seedEvidenceJson().map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
  return copy(bundleFromFiles({ rubric: rubricJson(), evidence, results, engineVersion: 'test' }));
}

const AT = '2016-01-10T08:00:00.000Z';

/** Appends entries to a chain the way the audit store does: numbered, each sealing the one before. */
export function chainOf(entries: readonly Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>[]): AuditEvent[] {
  const chain: AuditEvent[] = [];
  for (const entry of entries) {
    const prevHash = chain.at(-1)?.hash ?? 'sha256:0000000000000000000000000000000000000000000000000000000000000000';
    chain.push(sealEvent({ ...entry, seq: chain.length + 1, prevHash }));
  }
  return copy(chain);
}

/** The seeds as a service would export them after a material upload, every unit's submission, the examiners' reviews, a run and a note. */
export function serviceBundle(): BundleV1 {
  const raw = rubricJson();
  const rubric = parseRubric(raw);
  const year = rubric.year;
  const records = seedEvidenceJson().map((doc: EvidenceDocument) => {
    const { submitted, review } = splitEvidence(rubric, doc.items ?? {});
    const submission: SubmissionRecord = {
      version: 2,
      year,
      unitCode: doc.unit.code,
      state: 'submitted',
      items: JSON.stringify(submitted),
      ...(doc.selfTotal !== undefined && { selfTotal: doc.selfTotal }),
      createdAt: AT,
      updatedAt: AT,
      updatedBy: `city-${doc.unit.code}`,
      submittedAt: AT,
      submittedBy: `city-${doc.unit.code}`,
      reopenings: [],
    };
    const reviewRecord: ReviewRecord | null =
      Object.keys(review).length === 0
        ? null
        : { version: 1, year, unitCode: doc.unit.code, items: JSON.stringify(review), updatedBy: 'examiner', updatedAt: AT };
    const evidence = mergeEvidence(
      rubric,
      doc.unit,
      { items: submitted, ...(doc.selfTotal !== undefined && { selfTotal: doc.selfTotal }) },
      reviewRecord ? { items: review, by: reviewRecord.updatedBy } : null,
    );
    return { unit: doc.unit, submission, review: reviewRecord, evidence };
  });
  const scored = scoreRun(
    rubric,
    records.map((r) => r.evidence),
    'test',
  );
  if (!scored.ok) throw new Error('the seeds do not score');
  const run: RunRecord = {
    version: 1,
    runId: `${year}-1`,
    year,
    seq: 1,
    status: 'draft',
    rubricHash: rubric.hash,
    engineVersion: 'test',
    ...scored.run,
    createdBy: 'examiner',
    createdAt: AT,
  };
  const material: MaterialRecord = {
    id: 'material-1',
    year,
    unitCode: '620100',
    itemCode: 'G10.1',
    originalName: '质量监督台账.pdf',
    contentType: 'application/pdf',
    size: 1024,
    sha256: 'ab'.repeat(32),
    uploadedBy: 'city-620100',
    uploadedAt: AT,
  };
  const note: AuditorNote = { id: 'note-1', year, unitCode: '620100', itemCode: 'G10.1', verdict: 'agree', reason: '复核一致', by: 'auditor', at: AT };
  const audit = chainOf([
    {
      at: AT,
      actor: 'system',
      action: 'rubric.publish',
      subject: subjects.rubric(rubric.hash),
      year,
      beforeHash: '',
      afterHash: contentHash({ rubric: rubric.hash }),
    },
    {
      at: AT,
      actor: material.uploadedBy,
      action: 'material.upload',
      subject: subjects.material(material.id),
      year,
      unitCode: material.unitCode,
      beforeHash: '',
      afterHash: recordHash(material),
      detail: material.originalName,
    },
    ...records.flatMap((r) => [
      {
        at: AT,
        actor: r.submission.updatedBy,
        action: 'submission.submit',
        subject: subjects.submission({ year: year }, r.unit.code),
        year,
        unitCode: r.unit.code,
        beforeHash: '',
        afterHash: recordHash(r.submission),
      },
      ...(r.review
        ? [
            {
              at: AT,
              actor: 'examiner',
              action: 'review.save',
              subject: subjects.review({ year: year }, r.unit.code),
              year,
              unitCode: r.unit.code,
              beforeHash: '',
              afterHash: recordHash(r.review),
            },
          ]
        : []),
    ]),
    { at: AT, actor: 'examiner', action: 'run.create', subject: subjects.run(run.runId), year, beforeHash: '', afterHash: recordHash(run) },
    { at: AT, actor: 'auditor', action: 'note.add', subject: `note:${note.id}`, year, unitCode: note.unitCode, beforeHash: '', afterHash: recordHash(note) },
  ]);
  const { inputs: _inputs, results, ...runWithoutTexts } = run;
  const content: BundleContent = {
    rubric: raw,
    units: records.map((r) => ({
      code: r.unit.code,
      name: r.unit.name,
      evidence: r.evidence,
      submission: r.submission,
      review: r.review,
      materials: r.unit.code === material.unitCode ? [material] : [],
    })),
    results: JSON.parse(results) as ResultsV1,
    run: runWithoutTexts,
    audit,
    notes: [note],
  };
  // Through JSON, as a reader of the bundle file gets it (key order as the service wrote it).
  return JSON.parse(
    JSON.stringify(sealBundle(content, { engine: { name: 'kaohe', version: 'test' }, year, source: 'service', createdAt: AT, createdBy: 'auditor' })),
  ) as BundleV1;
}

/** The manifest recomputed after tampering: the tamperer covers the change in the manifest too. */
export function resealed(bundle: BundleV1): BundleV1 {
  const { kaohe: _k, manifest, ...content } = bundle;
  const { parts: _p, ...made } = manifest;
  return copy(sealBundle(content, made));
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
