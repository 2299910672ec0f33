/**
 * A unit of an audit bundle as the service exports it: the evidence the run scored,
 * with the unit's stored submission, review, materials and target filing. Shared by
 * the bundle made in memory (bundles.ts) and the streamed one (bundle-stream.ts), so
 * that both write the same bytes.
 */
import type { BundleUnit } from '../../audit/bundle.js';
import type { EvidenceDocument } from '../../core/index.js';
import type { CycleKey, MaterialRecord, ReviewRecord, SubmissionRecord, TargetFilingRecord } from '../../records/index.js';
import type { Stores } from '../ports.js';

/** A key's submissions, reviews and target filings, by unit code. */
export interface UnitRecords {
  readonly submissions: ReadonlyMap<string, SubmissionRecord>;
  readonly reviews: ReadonlyMap<string, ReviewRecord>;
  readonly filings: ReadonlyMap<string, TargetFilingRecord>;
}

export async function unitRecordsOf(stores: Stores, key: CycleKey): Promise<UnitRecords> {
  const [submissions, reviews, filings] = await Promise.all([stores.submissions.list(key), stores.reviews.list(key), stores.targets.list(key)]);
  return {
    submissions: new Map(submissions.map((s) => [s.unitCode, s])),
    reviews: new Map(reviews.map((r) => [r.unitCode, r])),
    filings: new Map(filings.map((f) => [f.unitCode, f])),
  };
}

/** The bundle's unit for the evidence a run scored (the exact object: re-serialised, it gives back the stored text). */
export function bundleUnitOf(evidence: EvidenceDocument, records: UnitRecords, materials: readonly MaterialRecord[]): BundleUnit {
  const code = evidence.unit.code;
  const targets = records.filings.get(code);
  return {
    code,
    name: evidence.unit.name,
    evidence,
    submission: records.submissions.get(code) ?? null,
    review: records.reviews.get(code) ?? null,
    materials,
    ...(targets !== undefined ? { targets } : {}),
  };
}
