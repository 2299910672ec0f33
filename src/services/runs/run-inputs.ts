/**
 * What a run scores: the evidence document of every unit the cycle assesses, from its
 * submitted items, its review and its approved targets (目标备案).
 */
import type { EvidenceDocument, Rubric } from '../../core/index.js';
import {
  type CycleKey,
  type CycleRecord,
  type EvidenceItemDocument,
  itemsOf,
  mergeEvidence,
  type ReviewItems,
  type ReviewRecord,
  type SubmissionRecord,
  type UnitTree,
} from '../../records/index.js';
import type { Stores } from '../ports.js';
import { cycleUnitRecords } from '../cycles/cycle-unit-records.js';
import { keyOfCycle } from '../cycles/cycle-lookup.js';
import { runTargets, withTargets } from '../targets/run-targets.js';

/** Every unit the cycle assesses, in unit-code order, with the evidence a run scores for it. */
export async function runEvidence(stores: Stores, rubric: Rubric, cycle: CycleRecord, tree: UnitTree): Promise<EvidenceDocument[]> {
  const key = keyOfCycle(tree, cycle);
  const [units, submissions, reviews, targets] = await Promise.all([
    cycleUnitRecords(stores, tree, cycle),
    stores.submissions.list(key),
    stores.reviews.list(key),
    runTargets(stores, key),
  ]);
  const submitted = new Map<string, SubmissionRecord>(submissions.filter((s) => s.state === 'submitted').map((s) => [s.unitCode, s]));
  const reviewed = new Map<string, ReviewRecord>(reviews.map((r) => [r.unitCode, r]));
  return units.map((unit) => {
    const s = submitted.get(unit.code);
    const r = reviewed.get(unit.code);
    const merged = mergeEvidence(
      rubric,
      unit,
      s ? { items: itemsOf<EvidenceItemDocument>(s), selfTotal: s.selfTotal } : null,
      r ? { items: itemsOf<ReviewItems[string]>(r), by: r.updatedBy } : null,
    );
    return withTargets(merged, targets);
  });
}

/** Last year's evidence a run reads, and where it came from. */
export interface PreviousInputs {
  /** The run of the year before whose stored inputs these are. */
  readonly runId: string;
  readonly inputsHash: string;
  readonly evidence: EvidenceDocument[];
}

/** Whether the rubric's rules read last year's evidence (`previous`). */
export function readsPrevious(rubric: Rubric): boolean {
  return rubric.derivedReads.some((r) => r.kind === 'previous');
}

/**
 * Last year's evidence for a run of a cycle: the stored inputs of the same body's
 * cycle of the year before, its latest finalised run (the evidence documents it
 * scored), or null when that cycle has none.
 */
export async function previousEvidence(stores: Stores, key: CycleKey): Promise<PreviousInputs | null> {
  const head = await stores.runs.latestFinal({ ...key, year: key.year - 1 });
  if (!head) return null;
  // Its evidence only, unit by unit: never its results.
  const pieces = await stores.runs.pieces(head.runId);
  if (!pieces) return null;
  const evidence = (await pieces.evidence(pieces.frame.inputCodes)).map((text) => JSON.parse(text) as EvidenceDocument);
  return { runId: head.runId, inputsHash: head.inputsHash, evidence };
}
