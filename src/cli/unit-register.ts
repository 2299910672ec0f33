/**
 * Matching evidence to the register of units: a registered unit with no evidence
 * still appears, with every checkpoint missing (it did not submit); evidence from a
 * unit that is not registered, or under another name, is refused.
 */
import type { UnitRegister } from '../adapters/files/units.js';
import { InputError } from '../adapters/files/input-error.js';
import type { EvidenceDocument, Problem, Rubric } from '../core/index.js';

export function withRegister(rubric: Rubric, register: UnitRegister, evidences: readonly EvidenceDocument[], registerFile: string): EvidenceDocument[] {
  const byCode = new Map(register.units.map((u) => [u.code, u]));
  const problems = evidences.flatMap((e): Problem[] => {
    const known = byCode.get(e.unit.code);
    if (!known) return [{ code: 'evidence_unknown_item', path: '$.units', message: `证据中的单位 ${e.unit.code}（${e.unit.name}）不在单位名录中` }];
    if (known.name !== e.unit.name) return [{ code: 'evidence_mismatch', path: '$.units', message: `单位 ${e.unit.code} 在名录中名为“${known.name}”，证据中却为“${e.unit.name}”` }];
    return [];
  });
  if (problems.length > 0) throw new InputError([{ file: registerFile, problems }], '证据与单位名录不符');
  const submitted = new Set(evidences.map((e) => e.unit.code));
  const absent: EvidenceDocument[] = register.units
    .filter((u) => !submitted.has(u.code))
    .map((u) => ({ kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit: { code: u.code, name: u.name }, items: {} }));
  return [...evidences, ...absent];
}
