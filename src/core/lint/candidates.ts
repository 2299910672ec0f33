/**
 * Evidence a linter tries: for each field, its boundaries, the values just around
 * every number the rule compares against, and a few seeded random values; then
 * every combination when there are few, or a seeded sample when there are many.
 */
import { type Num, add, cmp, div, fromDouble, isNum, mul, parseDecimal, sub, toExactText, trunc } from '../exact/index.js';
import { showValue } from '../excerpt.js';
import { isLogic } from '../logic/index.js';
import { type Field, type FieldValue, isAskedByKey } from '../rubric/index.js';
import type { Random } from '../seeded-random.js';

export const ABSENT = Symbol('absent');
export type Candidate = FieldValue | typeof ABSENT;

const DEFAULT_LOW = -1000;
const DEFAULT_HIGH = 1_000_000;
const MAX_COMBINATIONS = 4096;

/** Every number written in a rule: thresholds and targets are where scores change. */
function ruleNumbers(rule: unknown, out: Num[] = []): Num[] {
  if (typeof rule === 'number' && Number.isFinite(rule)) out.push(fromDouble(rule));
  else if (Array.isArray(rule)) rule.forEach((r) => ruleNumbers(r, out));
  else if (isLogic(rule)) ruleNumbers(Object.values(rule)[0], out);
  return out;
}

function granularity(field: Field): Num {
  if (field.type === 'integer') return 1;
  return field.step ?? parseDecimal('0.01');
}

/** Snaps to the field's grid (multiples of step, or integers), toward zero. */
function snap(value: Num, field: Field): Num {
  const g = granularity(field);
  return mul(trunc(div(value, g)), g);
}

function numericCandidates(field: Field, numbers: readonly Num[], random: Random): Num[] {
  const low = field.min ?? DEFAULT_LOW;
  const high = field.max ?? DEFAULT_HIGH;
  const g = granularity(field);
  const raw: Num[] = [low, high, add(low, g), sub(high, g)];
  for (const x of numbers) raw.push(x, sub(x, g), add(x, g));
  const span = sub(high, low);
  for (let i = 0; i < 4; i++) raw.push(add(low, mul(span, fromDouble(Math.round(random() * 1000) / 1000))));
  const seen = new Set<string>();
  const out: Num[] = [];
  for (const candidate of raw) {
    const value = snap(candidate, field);
    if (cmp(value, low) < 0 || cmp(value, high) > 0) continue;
    const key = toExactText(value);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}

function subsets(values: readonly string[], random: Random): string[][] {
  if (values.length <= 6) {
    const all: string[][] = [];
    for (let mask = 0; mask < 1 << values.length; mask++) all.push(values.filter((_, i) => mask & (1 << i)));
    return all;
  }
  const out: string[][] = [[], [...values]];
  values.forEach((v) =>
    out.push(
      [v],
      values.filter((w) => w !== v),
    ),
  );
  for (let i = 0; i < 8; i++) out.push(values.filter(() => random() < 0.5));
  return out;
}

export function fieldCandidates(field: Field, rule: unknown, random: Random): Candidate[] {
  const list: Candidate[] = (() => {
    switch (field.type) {
      case 'boolean':
        return [false, true];
      case 'enum':
        return [...(field.values ?? [])];
      case 'set':
        return subsets(field.values ?? [], random);
      default:
        return numericCandidates(field, ruleNumbers(rule), random);
    }
  })();
  if (!field.required && field.default === undefined) list.push(ABSENT);
  return list;
}

/**
 * Evidence objects for the rule: all combinations, or corners plus a seeded sample;
 * at most `limit` of them (a costly rule is tried on fewer).
 */
export function* combinations(
  fields: readonly Field[],
  candidates: readonly Candidate[][],
  random: Random,
  limit: number = MAX_COMBINATIONS + 2,
): Generator<Record<string, FieldValue>> {
  // A conditional field has a value exactly when it is asked: not asked, it is absent; asked
  // and absent, the item is missing and its rule never runs, so that evidence is not tried.
  const build = (pick: (i: number) => Candidate): Record<string, FieldValue> | undefined => {
    const data: Record<string, FieldValue> = {};
    fields.forEach((f, i) => {
      const v = pick(i);
      if (v !== ABSENT) data[f.key] = v;
      else if (f.default !== undefined) data[f.key] = f.default;
    });
    for (const f of fields) {
      if (f.requiredWhen === undefined) continue;
      if (!isAskedByKey(f, data)) delete data[f.key];
      else if (!(f.key in data)) return undefined;
    }
    return data;
  };
  const total = candidates.reduce((n, c) => n * Math.max(1, c.length), 1);
  if (total <= Math.min(MAX_COMBINATIONS, limit)) {
    const index = candidates.map(() => 0);
    for (let k = 0; k < total; k++) {
      const data = build((i) => (candidates[i] as Candidate[])[index[i] as number] as Candidate);
      if (data) yield data;
      for (let i = 0; i < index.length; i++) {
        index[i] = (index[i] as number) + 1;
        if ((index[i] as number) < (candidates[i] as Candidate[]).length) break;
        index[i] = 0;
      }
    }
    return;
  }
  const first = build((i) => (candidates[i] as Candidate[])[0] as Candidate);
  if (first) yield first;
  const last = build((i) => {
    const c = candidates[i] as Candidate[];
    return c[c.length - 1] as Candidate;
  });
  if (last) yield last;
  for (let k = 0; k < Math.min(MAX_COMBINATIONS, limit - 2); k++) {
    const data = build((i) => {
      const c = candidates[i] as Candidate[];
      return c[Math.floor(random() * c.length)] as Candidate;
    });
    if (data) yield data;
  }
}

export function showEvidence(data: Record<string, FieldValue>): string {
  const shown = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isNum(v) ? Number(toExactText(v)) : v]));
  return showValue(shown);
}
