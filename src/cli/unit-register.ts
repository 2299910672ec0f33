/**
 * Matching evidence to the register of units: a registered unit with no evidence
 * still appears, with every checkpoint missing (it did not submit); evidence from a
 * unit that is not registered, or under another name, is refused.
 */
import type { UnitRegister } from '../adapters/files/units.js';
import { InputError } from '../adapters/files/input-error.js';
import { type EvidenceDocument, type PreparedEvidence, type Problem, type Rubric, prepareEvidence } from '../core/index.js';

export function withRegister(rubric: Rubric, register: UnitRegister, prepared: readonly PreparedEvidence[], registerFile: string): PreparedEvidence[] {
  const byCode = new Map(register.units.map((u) => [u.code, u]));
  const evidences = prepared.map((p) => p.evidence);
  const problems = evidences.flatMap((e): Problem[] => {
    const known = byCode.get(e.unit.code);
    if (!known) return [{ code: 'evidence_unknown_item', path: '$.units', message: `证据中的单位 ${e.unit.code}（${e.unit.name}）不在单位名录中` }];
    if (known.name !== e.unit.name)
      return [{ code: 'evidence_mismatch', path: '$.units', message: `单位 ${e.unit.code} 在名录中名为“${known.name}”，证据中却为“${e.unit.name}”` }];
    return [];
  });
  if (problems.length > 0) throw new InputError([{ file: registerFile, problems }], '证据与单位名录不符');
  const submitted = new Set(evidences.map((e) => e.unit.code));
  const absent = register.units
    .filter((u) => !submitted.has(u.code))
    .map((u): EvidenceDocument => ({ kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit: { code: u.code, name: u.name }, items: {} }));
  return [...prepared, ...absent.map((e) => prepareEvidence(rubric, e))];
}
