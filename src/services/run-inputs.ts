/**
 * Reading what a review or a run works on: the cycle's published rubric (parsed
 * once per hash: a published rubric never changes), and for a run the evidence
 * document of every unit of the register, from its submitted items and its review.
 */
import { type EvidenceDocument, type Rubric, parseRubric } from '../core/index.js';
import { ServiceError, notFound } from './errors.js';
import { type CycleRecord, type EvidenceItemDocument, itemsOf, mergeEvidence, type ReviewItems, type ReviewRecord, type SubmissionRecord } from '../records/index.js';
import type { Stores } from './ports.js';

export interface CycleRubric {
  readonly cycle: CycleRecord;
  readonly rubric: Rubric;
}

/** Parsed rubrics by hash. */
export function rubricReader(stores: Stores) {
  const parsed = new Map<string, Rubric>();

  /** The rubric stored under `hash`, parsed; throws when it is gone or no longer parses. */
  async function byHash(hash: string): Promise<Rubric> {
    const cached = parsed.get(hash);
    if (cached) return cached;
    const record = await stores.rubrics.get(hash);
    if (!record) throw notFound(`考核细则 ${hash}`);
    const rubric = parseRubric(JSON.parse(record.source));
    if (record.status === 'published') parsed.set(hash, rubric);
    return rubric;
  }

  /** The cycle of `year` and its rubric, which must be published. */
  async function forCycle(year: number): Promise<CycleRubric> {
    const cycle = await stores.cycles.get(year);
    if (!cycle) throw notFound(`${year} 年度的考核周期`);
    const record = await stores.rubrics.get(cycle.rubricHash);
    if (!record) throw notFound(`${year} 年度考核周期所用的考核细则 ${cycle.rubricHash}`);
    if (record.status !== 'published') throw new ServiceError('conflict', `${year} 年度考核周期所用的考核细则尚未发布`);
    return { cycle, rubric: await byHash(cycle.rubricHash) };
  }

  return { byHash, forCycle };
}

export type RubricReader = ReturnType<typeof rubricReader>;

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
