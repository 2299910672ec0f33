/**
 * Where each unit's evidence may vary, and how: for every declared source and every unit,
 * the values the field may take, each with its exact probability. The value as submitted
 * is always among them; a field without a value (missing) does not vary, since what is
 * missing is another source (scenarios, not draws).
 */
import type { EvidenceDocument, Item, Veto } from '../../core/index.js';
import { type Problem, problem } from '../../core/errors.js';
import { type Num, add, cmp, div, fromDouble, mul, neg, ratio, sub, toJsonValue, trunc } from '../../core/exact/index.js';
import type { Field, Rubric } from '../../core/rubric/index.js';
import { type FieldVariation, type UncertaintySpec, UncertaintySpecError } from './spec.js';

export type VariedValue = number | boolean | string;

export interface Outcome {
  readonly value: VariedValue;
  readonly probability: Num;
}

/** One field of one unit that varies, with every value it may take. */
export interface Variation {
  /** Position of the unit among the evidence documents. */
  readonly unit: number;
  readonly item: string;
  readonly field: string;
  /** The field's declaration. */
  readonly declared: Field;
  /** Whether another field of its item is asked depending on it: then a variant is read again in full. */
  readonly conditional: boolean;
  readonly submitted: VariedValue;
  readonly outcomes: readonly Outcome[];
}

/** No field may take more values than this: a tolerance split finer is refused, not slowed down for. */
export const MAX_OUTCOMES = 1001;

interface Source {
  readonly path: string;
  readonly owner: Item | Veto;
  readonly field: Field;
  readonly outcomes: (value: Num | boolean | string) => Outcome[] | Problem;
}

/** Every unit's variations, in unit order then source order; or the problems of a spec that does not fit the rubric. */
export function resolveVariations(rubric: Rubric, evidences: readonly EvidenceDocument[], spec: UncertaintySpec): Variation[] {
  const problems: Problem[] = [];
  const sources = sourcesOf(rubric, spec, problems);
  const variations: Variation[] = [];
  evidences.forEach((evidence, unit) => {
    for (const source of sources) {
      const submitted = submittedValue(evidence, source.owner.code, source.field);
      if (submitted === undefined) continue;
      const outcomes = source.outcomes(typeof submitted === 'number' ? fromDouble(submitted) : submitted);
      if (!Array.isArray(outcomes)) {
        problems.push({ ...outcomes, message: `${evidence.unit.name}（${evidence.unit.code}）：${outcomes.message}` });
        continue;
      }
      if (outcomes.length > 1) {
        const conditional = source.owner.fields.some((f) => f.requiredWhen?.some((c) => c.key === source.field.key) === true);
        variations.push({ unit, item: source.owner.code, field: source.field.key, declared: source.field, conditional, submitted, outcomes });
      }
    }
  });
  if (problems.length > 0) throw new UncertaintySpecError(problems);
  return variations;
}

function submittedValue(evidence: EvidenceDocument, code: string, field: Field): VariedValue | undefined {
  const entry = evidence.items?.[code];
  if (entry?.notApplicable === true) return undefined;
  const value = entry?.values?.[field.key] ?? field.default;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : undefined;
}

function sourcesOf(rubric: Rubric, spec: UncertaintySpec, problems: Problem[]): Source[] {
  const sources: Source[] = [];
  const judgement = spec.judgement;
  if (judgement !== undefined) {
    const p = fromDouble(judgement.probability);
    const refs =
      judgement.fields?.map((ref, i) => ({ ...ref, path: `$.judgement.fields[${i}]` })) ??
      ownersOf(rubric).flatMap((owner) =>
        owner.fields.filter((f) => f.filledBy === 'examiner' && f.type === 'enum').map((f) => ({ item: owner.code, field: f.key, path: '$.judgement' })),
      );
    for (const ref of refs) {
      const found = findField(rubric, ref.item, ref.field, ref.path, problems);
      if (found === undefined) continue;
      if (found.field.filledBy !== 'examiner') {
        problems.push(
          problem(
            'schema_invalid',
            `${ref.path}.field`,
            `字段“${found.field.label}”（${ref.field}）由${found.field.filledBy === 'unit' ? '被考核单位' : '目标备案'}填写，不是考核组的评价`,
          ),
        );
        continue;
      }
      if (found.field.type === 'set' || (found.field.type === 'number' && found.field.step === undefined)) {
        problems.push(
          problem('schema_invalid', `${ref.path}.field`, `字段“${found.field.label}”（${ref.field}）没有相邻等级：只有枚举、是否、整数和带 step 的数值可以`),
        );
        continue;
      }
      sources.push({ path: ref.path, ...found, outcomes: (value) => adjacentOutcomes(found.field, value, p) });
    }
  }
  spec.fields.forEach((variation, i) => {
    const path = `$.fields[${i}]`;
    const found = findField(rubric, variation.item, variation.field, path, problems);
    if (found === undefined) return;
    const { field } = found;
    if (field.type !== 'number' && field.type !== 'integer') {
      problems.push(problem('schema_invalid', `${path}.field`, `字段“${field.label}”（${field.key}）不是数值，不能按容差或范围变化`));
      return;
    }
    if (variation.range === true && (field.min === undefined || field.max === undefined)) {
      problems.push(problem('schema_invalid', `${path}.range`, `字段“${field.label}”（${field.key}）没有声明取值范围（min 和 max）`));
      return;
    }
    sources.push({ path, ...found, outcomes: (value) => gridOutcomes(field, variation, value as Num, path) });
  });
  return sources;
}

function ownersOf(rubric: Rubric): (Item | Veto)[] {
  return [...rubric.allItems, ...rubric.vetoes];
}

function findField(rubric: Rubric, code: string, key: string, path: string, problems: Problem[]): { owner: Item | Veto; field: Field } | undefined {
  const owner = rubric.items.get(code) ?? rubric.vetoes.find((v) => v.code === code);
  if (owner === undefined) {
    problems.push(problem('schema_invalid', `${path}.item`, `考核细则中没有编码为“${code}”的考核要点或否决项`));
    return undefined;
  }
  const field = owner.fieldsByKey.get(key);
  if (field === undefined) {
    problems.push(problem('schema_invalid', `${path}.field`, `“${code}”没有字段“${key}”（有：${owner.fields.map((f) => f.key).join('、') || '无'}）`));
    return undefined;
  }
  return { owner, field };
}

/** Stay with 1 − p; move to each adjacent level with an equal share of p. */
function adjacentOutcomes(field: Field, value: Num | boolean | string, p: Num): Outcome[] {
  const neighbours = adjacentLevels(field, value);
  const stay: Outcome = { value: plain(value), probability: neighbours.length === 0 ? 1 : sub(1, p) };
  const share = div(p, neighbours.length || 1);
  return [stay, ...neighbours.map((v) => ({ value: v, probability: share }))].filter((o) => cmp(o.probability, 0) > 0);
}

function adjacentLevels(field: Field, value: Num | boolean | string): VariedValue[] {
  if (field.type === 'boolean') return [!(value as boolean)];
  if (field.type === 'enum') {
    const values = field.values ?? [];
    const at = values.indexOf(value as string);
    return [values[at - 1], values[at + 1]].filter((v): v is string => v !== undefined && at >= 0);
  }
  const step = field.step ?? 1;
  return [sub(value as Num, step), add(value as Num, step)].filter((v) => inRange(field, v)).map(plain);
}

/** Every point of the field's grid within the tolerance (or range), equally likely. */
function gridOutcomes(field: Field, variation: FieldVariation, value: Num, path: string): Outcome[] | Problem {
  const [low, high] =
    variation.range === true
      ? [field.min as Num, field.max as Num]
      : ((tolerance) => [sub(value, tolerance), add(value, tolerance)])(
          variation.absolute !== undefined ? fromDouble(variation.absolute) : div(mul(abs(value), fromDouble(variation.percent as number)), 100),
        );
  // The grid runs from the submitted value both ways: it is on the field's step, so every point is.
  const spacing = field.step ?? (field.type === 'integer' ? 1 : div(sub(high, low), 2 * variation.levels));
  if (cmp(spacing, 0) === 0) return [{ value: plain(value), probability: 1 }];
  const first = neg(trunc(div(sub(value, low), spacing)));
  const last = trunc(div(sub(high, value), spacing));
  const count = (last as number) - (first as number) + 1;
  if (count > MAX_OUTCOMES) {
    return problem('schema_invalid', path, `字段“${field.label}”（${field.key}）在此容差内有 ${count} 个取值，超过上限 ${MAX_OUTCOMES}：请缩小容差或加大 step`);
  }
  const values: VariedValue[] = [];
  for (let k = first as number; k <= (last as number); k++) {
    const v = add(value, mul(k, spacing));
    if (!inRange(field, v)) continue;
    const json = toJsonValue(v);
    if (typeof json === 'string') {
      return problem(
        'schema_invalid',
        path,
        `字段“${field.label}”（${field.key}）的容差分成 ${variation.levels} 份后不是有限小数：请换一个 levels 或给字段声明 step`,
      );
    }
    values.push(json);
  }
  const probability = ratio(1, values.length);
  return values.map((v) => ({ value: v, probability }));
}

function inRange(field: Field, v: Num): boolean {
  return (field.min === undefined || cmp(v, field.min) >= 0) && (field.max === undefined || cmp(v, field.max) <= 0);
}

function abs(v: Num): Num {
  return cmp(v, 0) < 0 ? neg(v) : v;
}

function plain(value: Num | boolean | string): VariedValue {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  const json = toJsonValue(value);
  return typeof json === 'number' ? json : Number(json);
}
