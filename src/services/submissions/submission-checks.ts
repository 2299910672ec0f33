/**
 * What a unit's draft is checked for against the rubric when it is saved and
 * submitted: values of the right type and range for known items and fields (the
 * core's readEvidence), nothing the examiner fills, and which checkpoints are still
 * unanswered (allowed: missing evidence scores zero, it is not an error).
 */
import { type Problem, type Rubric, readEvidence } from '../../core/index.js';
import { at, problem } from '../../core/errors.js';
import type { Field } from '../../core/rubric/index.js';
import type { UnitItem, UnitItems, UnitRecord } from '../../records/index.js';

/** A draft's items as sent: a unit's items, which may also carry what only examiners record, to be refused by name. */
export type DraftItems = Readonly<Record<string, UnitItem & { readonly finding?: unknown; readonly adjustment?: unknown }>>;

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

function fieldsOf(rubric: Rubric, code: string): ReadonlyMap<string, Field> | undefined {
  return rubric.items.get(code)?.fieldsByKey ?? rubric.vetoes.find((v) => v.code === code)?.fieldsByKey;
}

const EXAMINER_DATA = { finding: '实地核查情况（finding）', adjustment: '分数调整（adjustment）' } as const;

/** Everything in the draft that only the examiner may record, each with its path under `root`. */
export function examinerDataProblems(rubric: Rubric, items: DraftItems, root: string): Problem[] {
  const problems: Problem[] = [];
  for (const code of Object.keys(items)) {
    const item = items[code];
    if (item === undefined) continue;
    const itemPath = at(root, code);
    for (const key of Object.keys(EXAMINER_DATA) as (keyof typeof EXAMINER_DATA)[]) {
      if (item[key] !== undefined) problems.push(problem('evidence_not_allowed', at(itemPath, key), `${EXAMINER_DATA[key]}由考核组填写，市州不能提交`));
    }
    const fields = fieldsOf(rubric, code);
    const values = item.values ?? {};
    for (const key of Object.keys(values)) {
      const field = fields?.get(key);
      if (field?.filledBy === 'examiner' && values[key] !== null) {
        problems.push(problem('evidence_not_allowed', at(at(itemPath, 'values'), key), `字段“${field.label}”（${field.key}）由考核组填写，市州不能填报`));
      }
    }
  }
  return problems;
}

/** Values checked against their fields, exactly as the engine will read them; paths under `root` (e.g. `$.body.items`). */
export function evidenceProblems(rubric: Rubric, unit: UnitRecord, items: UnitItems, root: string): Problem[] {
  const { problems } = readEvidence(rubric, {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: rubric.year,
    unit: { code: unit.code, name: unit.name },
    items,
  });
  return problems.map((p) => (p.path.startsWith('$.items') ? { ...p, path: root + p.path.slice('$.items'.length) } : p));
}

/** Checkpoints with unit-filled fields that the draft does not answer yet (or answers without a required value). */
export function missingItems(rubric: Rubric, items: UnitItems): string[] {
  const missing: string[] = [];
  for (const item of rubric.checkpoints) {
    const unitFields = item.fields.filter((f) => f.filledBy === 'unit');
    if (unitFields.length === 0) continue;
    const doc = hasOwn(items, item.code) ? items[item.code] : undefined;
    if (doc === undefined) {
      missing.push(item.code);
      continue;
    }
    if (doc.notApplicable === true) continue;
    const values = doc.values ?? {};
    const lacking = (f: Field) => f.required && (!hasOwn(values, f.key) || values[f.key] === null || values[f.key] === undefined);
    if (unitFields.some(lacking)) missing.push(item.code);
  }
  return missing;
}
