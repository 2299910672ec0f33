/**
 * The target fields of a rubric (`"filledBy": "target"`), and a filing's targets
 * checked against them: each value as the field declares it, exactly as the core will
 * read it in a run (core/rubric/field-values.ts), so a bad target is refused when it
 * is filed, not when the assessment runs.
 */
import type { Rubric } from '../../core/index.js';
import { at, problem, type Problem } from '../../core/errors.js';
import { type Field, Refusal, checkFieldValue } from '../../core/rubric/index.js';
import type { TargetValue } from '../../records/index.js';

export interface TargetField {
  readonly itemCode: string;
  readonly itemTitle: string;
  readonly field: Field;
}

/** Every target field of the rubric, in the rubric's order of items. */
export function targetFields(rubric: Rubric): TargetField[] {
  const out: TargetField[] = [];
  for (const item of rubric.allItems) {
    for (const field of item.fields) if (field.filledBy === 'target') out.push({ itemCode: item.code, itemTitle: item.title, field });
  }
  return out;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The target field at item code and field key, if the rubric declares one there. */
export function targetField(rubric: Rubric, itemCode: string, key: string): Field | undefined {
  const field = rubric.items.get(itemCode)?.fieldsByKey.get(key);
  return field?.filledBy === 'target' ? field : undefined;
}

/** Filed values (item → field → value) against the rubric's target fields; paths under `root` (e.g. `$.body.targets`). */
export function targetValueProblems(rubric: Rubric, targets: Readonly<Record<string, Readonly<Record<string, TargetValue>>>>, root: string): Problem[] {
  const problems: Problem[] = [];
  for (const code of Object.keys(targets)) {
    const item = rubric.items.get(code);
    if (item === undefined) {
      problems.push(problem('evidence_unknown_item', at(root, code), `考核细则中没有编码为 "${code}" 的考核要点`));
      continue;
    }
    const values = targets[code] ?? {};
    for (const key of Object.keys(values)) {
      const path = at(at(root, code), key);
      const field = item.fieldsByKey.get(key);
      if (field === undefined) {
        problems.push(problem('evidence_unknown_field', path, `考核要点 ${code} 没有字段 "${key}"`));
      } else if (field.filledBy !== 'target') {
        problems.push(problem('evidence_not_allowed', path, `“${field.label}”（${key}）不是需要备案的目标，应在填报中填写`));
      } else if (hasOwn(values, key)) {
        const checked = checkFieldValue(field, values[key]);
        if (checked instanceof Refusal) problems.push(problem(checked.code, path, checked.message));
      }
    }
  }
  return problems;
}
