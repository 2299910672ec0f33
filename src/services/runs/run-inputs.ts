/**
 * What a run scores: the evidence document of every unit of the register, from its
 * submitted items and its review.
 */
import type { EvidenceDocument, Rubric } from '../../core/index.js';
import { type EvidenceItemDocument, itemsOf, mergeEvidence, type ReviewItems, type ReviewRecord, type SubmissionRecord } from '../../records/index.js';
import type { Stores } from '../ports.js';

/** Every unit of the register, in unit-code order, with the evidence a run scores for it. */
export async function runEvidence(stores: Stores, rubric: Rubric, year: number): Promise<EvidenceDocument[]> {
  const [units, submissions, reviews] = await Promise.all([stores.units.list(), stores.submissions.list(year), stores.reviews.list(year)]);
  const submitted = new Map<string, SubmissionRecord>(submissions.filter((s) => s.state === 'submitted').map((s) => [s.unitCode, s]));
  const reviewed = new Map<string, ReviewRecord>(reviews.map((r) => [r.unitCode, r]));
  return [...units]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((unit) => {
      const s = submitted.get(unit.code);
      const r = reviewed.get(unit.code);
      return mergeEvidence(
        rubric,
        unit,
        s ? { items: itemsOf<EvidenceItemDocument>(s), selfTotal: s.selfTotal } : null,
        r ? { items: itemsOf<ReviewItems[string]>(r), by: r.updatedBy } : null,
      );
    });
}
