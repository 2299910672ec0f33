/**
 * Missing evidence, two scenarios (issue 13): as published, a missing item scores 0; here
 * each missing value the unit should have given is imputed from the other units that gave
 * one, and the units are scored and ranked again. What moves shows how much a rank rests
 * on what was not submitted rather than on what was.
 *
 * Imputation, per field, from the values the other units gave for it (defaults not
 * counted): a number or integer takes the lower median (the middle value, the lower of the
 * two middle ones for an even count: a value someone gave, so on the field's grid); an
 * enum, boolean or set takes the most common value, ties to the one given first in unit
 * order. A field no other unit gave stays missing; a conditional field is imputed only when
 * the imputed values ask for it.
 */
import { type AssessOptions, type PreparedEvidence, type Rubric, assessPrepared, prepareEvidence } from '../../core/index.js';
import { type Num, cmp, fromDouble, isNum } from '../../core/exact/index.js';
import type { Field, Item } from '../../core/rubric/index.js';
import { withValues } from '../evidence-values.js';

type Given = number | boolean | string | readonly string[];

export interface ImputedValue {
  readonly item: string;
  readonly field: string;
  readonly value: Given;
}

export interface MissingScenarioUnit {
  readonly code: string;
  readonly name: string;
  readonly published: { readonly rank: number; readonly grade: string; readonly total: Num };
  readonly imputed: { readonly rank: number; readonly grade: string; readonly total: Num };
  /** The items that were missing, and the values put in. */
  readonly missingItems: readonly string[];
  readonly values: readonly ImputedValue[];
}

export interface MissingScenario {
  /** Every unit, in published rank order; only those with missing items have imputed values. */
  readonly units: readonly MissingScenarioUnit[];
}

export function imputedScenario(rubric: Rubric, prepared: readonly PreparedEvidence[], options: AssessOptions): MissingScenario {
  const scoring = { ...options, trace: false };
  const published = assessPrepared(rubric, prepared, scoring);
  const imputations = prepared.map((unit) => imputeUnit(rubric, unit, prepared));
  const imputedPrepared = prepared.map((unit, u) =>
    (imputations[u] as ImputedValue[]).length === 0 ? unit : prepareEvidence(rubric, withValues(unit.evidence, imputations[u] as ImputedValue[])),
  );
  const imputed = new Map(assessPrepared(rubric, imputedPrepared, scoring).units.map((r) => [r.result.unit.code, r]));
  const positions = new Map(prepared.map((p, i) => [p.unit.code, i]));
  return {
    units: published.units.map((ranked) => {
      const code = ranked.result.unit.code;
      const after = imputed.get(code) as (typeof published.units)[number];
      const u = positions.get(code) as number;
      return {
        code,
        name: ranked.result.unit.name,
        published: { rank: ranked.rank, grade: ranked.result.grade, total: ranked.result.total },
        imputed: { rank: after.rank, grade: after.result.grade, total: after.result.total },
        missingItems: rubric.allItems.filter((item) => (prepared[u] as PreparedEvidence).states[item.index] === 'missing').map((item) => item.code),
        values: imputations[u] as ImputedValue[],
      };
    }),
  };
}

function imputeUnit(rubric: Rubric, unit: PreparedEvidence, all: readonly PreparedEvidence[]): ImputedValue[] {
  const values: ImputedValue[] = [];
  for (const item of rubric.allItems) {
    if (unit.states[item.index] !== 'missing') continue;
    const given = { ...(unit.evidence.items?.[item.code]?.values ?? {}) } as Record<string, unknown>;
    for (const field of item.fields) {
      if (field.filledBy !== 'unit' || (given[field.key] ?? null) !== null) continue;
      if (field.requiredWhen !== undefined && !field.requiredWhen.every((c) => c.values.some((v) => sameValue(v, given[c.key])))) continue;
      const value = typicalValue(field, othersGave(item, field, unit, all));
      if (value === undefined) continue;
      given[field.key] = value;
      values.push({ item: item.code, field: field.key, value });
    }
  }
  return values;
}

/** What the other units gave for this field of this item, in unit order (defaults not counted). */
function othersGave(item: Item, field: Field, unit: PreparedEvidence, all: readonly PreparedEvidence[]): Given[] {
  const values: Given[] = [];
  for (const other of all) {
    if (other === unit || other.states[item.index] !== 'present') continue;
    const value = other.evidence.items?.[item.code]?.values?.[field.key];
    if (value !== undefined && value !== null) values.push(value);
  }
  return values;
}

function typicalValue(field: Field, values: readonly Given[]): Given | undefined {
  if (values.length === 0) return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const sorted = [...(values as number[])].sort((a, b) => cmp(fromDouble(a), fromDouble(b)));
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }
  const counts = new Map<string, { value: Given; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  let best: { value: Given; count: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best?.value;
}

/** A condition's value (numbers exact, as the rubric holds them) against a value as given. */
function sameValue(condition: unknown, given: unknown): boolean {
  if (typeof given === 'number' && isNum(condition)) return cmp(condition, fromDouble(given)) === 0;
  return condition === given;
}
