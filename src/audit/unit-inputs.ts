/**
 * What a unit put in for each item and what the examiners set, so that a changed
 * score can be traced to one or the other. A bundle exported from the service keeps
 * both as stored records; a bundle made from files has only the merged evidence,
 * which splitEvidence divides by who fills each field. Split evidence cannot tell a
 * verified value of a unit-filled field from the unit's own value (the merge replaced
 * it): such a correction shows as a change in the evidence.
 */
import type { Rubric } from '../core/index.js';
import { cycleKeyOf, splitEvidence, storedItems, subjects } from '../records/index.js';
import type { BundleUnit, BundleV1 } from './bundle.js';
import { changedAfterRun } from './replay/merge.js';

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

/** Each bundle's chain read once, not once per unit. */
const changedSince = new WeakMap<BundleV1, (subject: string) => boolean>();

/** Whether the bundle's stored records of the unit are those its run scored: none was changed after the run. */
function recordsScored(bundle: BundleV1, unit: BundleUnit): boolean {
  let changed = changedSince.get(bundle);
  if (!changed) changedSince.set(bundle, (changed = changedAfterRun(bundle)));
  const cycle = bundle.run ? cycleKeyOf(bundle.run) : { year: bundle.manifest.year };
  return !changed(subjects.submission(cycle, unit.code)) && !changed(subjects.review(cycle, unit.code));
}

/**
 * Both sides' inputs for one unit, read the same way: from the stored records when
 * both bundles come from the service and carry the records their runs scored, else (or
 * when a record is unreadable) from the evidence each was scored on. A bundle carries
 * the records as they were at its export: one of an older run exported after the unit
 * was reopened and resubmitted holds the new submission, not the scored one. The
 * rubrics are asked for only when the evidence is split (parsing one compiles its rules).
 */
export function unitInputsPair(
  a: { bundle: BundleV1; unit: BundleUnit; rubric: () => Rubric },
  b: { bundle: BundleV1; unit: BundleUnit; rubric: () => Rubric },
): [UnitInputs, UnitInputs] {
  const fromService = a.bundle.manifest.source === 'service' && b.bundle.manifest.source === 'service';
  if (fromService && recordsScored(a.bundle, a.unit) && recordsScored(b.bundle, b.unit)) {
    const [left, right] = [fromRecords(a.unit), fromRecords(b.unit)];
    if (left && right) return [left, right];
  }
  return [fromEvidence(a.unit, a.rubric()), fromEvidence(b.unit, b.rubric())];
}
