/**
 * Checking a review against the rubric before it is stored: every item code must be
 * one of the rubric's, every value must fit its field (type, range, step, choices),
 * and every adjustment must lie within [0, cap] at the rubric's precision and carry a
 * justification. The core's own evidence reader does the checking, so a review that
 * passes here cannot make a run fail later.
 */
import { type Problem, type Rubric, readEvidence } from '../../core/index.js';
import type { EvidenceItemDocument, UnitIdentity } from '../../records/index.js';

/** Problems with their paths under `root` (e.g. "$.body.items"); empty when the review fits. */
export function checkReview(rubric: Rubric, unit: UnitIdentity, items: Readonly<Record<string, EvidenceItemDocument>>, root: string): Problem[] {
  const { problems } = readEvidence(rubric, {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: rubric.year,
    unit: { code: unit.code, name: unit.name },
    items: { ...items },
  });
  return problems.map((p) => ({ ...p, path: p.path.startsWith('$.items') ? `${root}${p.path.slice('$.items'.length)}` : p.path }));
}
