/**
 * What a unit put in for each item and what the examiners set, so that a changed
 * score can be traced to one or the other. A bundle exported from the service keeps
 * both as stored records; a bundle made from files has only the merged evidence,
 * which splitEvidence divides by who fills each field. Split evidence cannot tell a
 * verified value of a unit-filled field from the unit's own value (the merge replaced
 * it): such a correction shows as a change in the evidence.
 */
import type { Rubric } from '../core/index.js';
import { splitEvidence, storedItems } from '../records/index.js';
import type { BundleUnit, BundleV1 } from './bundle.js';

export interface UnitInputs {
  /** By item code: what the unit submitted (values, 不涉及, self-score, note, materials). */
  readonly submitted: Readonly<Record<string, unknown>>;
  /** By item code: what the examiners set (verified and examiner-filled values, finding, adjustment). */
  readonly review: Readonly<Record<string, unknown>>;
}

/** The stored records' items, or null when a record's items are not a JSON object (the evidence is used instead). */
function fromRecords(unit: BundleUnit): UnitInputs | null {
  // A draft was not scored (mergeEvidence ignores it): it contributed nothing.
  const submitted = unit.submission?.state === 'submitted' ? storedItems(unit.submission.items) : {};
  const review = unit.review ? storedItems(unit.review.items) : {};
  return submitted && review ? { submitted, review } : null;
}

function fromEvidence(unit: BundleUnit, rubric: Rubric): UnitInputs {
  return splitEvidence(rubric, unit.evidence.items ?? {});
}

/**
 * Both sides' inputs for one unit, read the same way: from the stored records when
 * both bundles come from the service, else (or when a record is unreadable, or
 * `evidenceOnly`) from the evidence each was scored on. The rubrics are asked for only
 * then (parsing one compiles its rules).
 */
export function unitInputsPair(
  a: { bundle: BundleV1; unit: BundleUnit; rubric: () => Rubric },
  b: { bundle: BundleV1; unit: BundleUnit; rubric: () => Rubric },
  evidenceOnly = false,
): [UnitInputs, UnitInputs] {
  if (!evidenceOnly && a.bundle.manifest.source === 'service' && b.bundle.manifest.source === 'service') {
    const [left, right] = [fromRecords(a.unit), fromRecords(b.unit)];
    if (left && right) return [left, right];
  }
  return [fromEvidence(a.unit, a.rubric()), fromEvidence(b.unit, b.rubric())];
}
