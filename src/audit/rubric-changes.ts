/**
 * The rubric as published (raw JSON), read for what a diff needs: each item's and
 * veto's definition by code, and the rubric-wide settings that change scores without
 * changing any one item.
 */
import { changedKeys, isJsonObject, sameJson } from './json-changes.js';

type Json = Record<string, unknown>;

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

/** Every checkpoint, bonus item, deduction item and veto of a rubric document, by code. */
export function rubricEntries(rubric: unknown): Map<string, Json> {
  const entries = new Map<string, Json>();
  if (!isJsonObject(rubric)) return entries;
  const add = (e: Json) => {
    if (typeof e.code === 'string') entries.set(e.code, e);
  };
  for (const section of list(rubric.sections)) for (const indicator of list(section.indicators)) list(indicator.checkpoints).forEach(add);
  for (const part of ['bonus', 'deductions']) if (isJsonObject(rubric[part])) list((rubric[part] as Json).items).forEach(add);
  list(rubric.vetoes).forEach(add);
  return entries;
}

/** Rubric-wide settings that change every item's points: the rounding of each item score. */
export const ITEM_WIDE_SETTINGS: readonly string[] = ['precision', 'rounding'];

const omit = (o: unknown, keys: readonly string[]): Json => (isJsonObject(o) ? Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) : {});

/** What a diff reports item by item, set aside when comparing the rest. */
const ITEM_PARTS = ['sections', 'bonus', 'deductions', 'vetoes'];

/**
 * Rubric-wide changes between two rubric documents, as paths: top-level fields
 * (`precision`, `result`, `ranking`, `version`…), the bonus and deduction caps
 * (`bonus.cap`), and sections' and indicators' own fields (`sections.S1.weight`).
 * Changes inside an item or veto are not listed here: the diff reports them on the item.
 */
export function rubricWideChanges(a: unknown, b: unknown): string[] {
  const left = isJsonObject(a) ? a : {};
  const right = isJsonObject(b) ? b : {};
  const changes: string[] = [];
  changes.push(...changedKeys(omit(left, ITEM_PARTS), omit(right, ITEM_PARTS)));
  for (const part of ['bonus', 'deductions']) {
    changes.push(...changedKeys(omit(left[part], ['items']), omit(right[part], ['items'])).map((k) => `${part}.${k}`));
  }
  changes.push(...sectionChanges(list(left.sections), list(right.sections)));
  return changes;
}

/** Sections' and indicators' own fields (points, weight…), their items aside; a section added or removed is named too. */
function sectionChanges(a: Json[], b: Json[]): string[] {
  const byCode = (sections: Json[]) => new Map(sections.map((s) => [String(s.code), s]));
  const [left, right] = [byCode(a), byCode(b)];
  const changes: string[] = [];
  for (const code of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const shell = (s: Json | undefined) =>
      s === undefined
        ? undefined
        : {
            ...omit(s, ['indicators']),
            indicators: list(s.indicators).map((i) => ({ ...omit(i, ['checkpoints']), checkpoints: list(i.checkpoints).map((c) => c.code) })),
          };
    const [l, r] = [shell(left.get(code)), shell(right.get(code))];
    if (l === undefined || r === undefined) changes.push(`sections.${code}`);
    else if (!sameJson(l, r)) changes.push(...changedKeys(l, r).map((k) => `sections.${code}.${k}`));
  }
  return changes;
}
