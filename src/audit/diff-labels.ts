/**
 * The rubric's label of each evidence field a diff names, so that its reader sees
 * “新开工大中型工程项目质量监督覆盖率” where the diff records `values.supervisionCoverage`:
 * a city official knows the field by what the form asked, not by its key.
 */
import type { ItemDiff } from './diff.js';
import { isJsonObject } from './json-changes.js';
import { rubricEntries } from './rubric-changes.js';

/** The field keys an item's diff names: changed values and approved targets, and last year's fields read. */
function namedFields(item: ItemDiff): string[] {
  const keys = [...item.changes.evidence, ...item.changes.review].flatMap((change) => /^(?:values|targets)\.(.+)$/.exec(change)?.[1] ?? []);
  return [...new Set([...keys, ...(item.lastYear ?? [])])];
}

/** An item's evidence fields that have a label, as [key, label]. */
function labelsOf(entry: Record<string, unknown> | undefined): [string, string][] {
  return (Array.isArray(entry?.fields) ? entry.fields : [])
    .filter(isJsonObject)
    .flatMap((f) => (typeof f.key === 'string' && typeof f.label === 'string' && f.label.trim() !== '' ? [[f.key, f.label] as [string, string]] : []));
}

/** A rubric's field labels: (item code, field key) → the label, or the key where the rubric gives none. */
export function fieldLabelsOf(rubric: unknown): (itemCode: string, key: string) => string {
  const entries = rubricEntries(rubric);
  const byItem = new Map<string, Map<string, string>>();
  return (itemCode, key) => {
    let labels = byItem.get(itemCode);
    if (labels === undefined) byItem.set(itemCode, (labels = new Map(labelsOf(entries.get(itemCode)))));
    return labels.get(key) ?? key;
  };
}

/** Each item's field labels by key, B's rubric first (the later wording), A's for a field B no longer has. */
export function fieldLabeller(rubricA: unknown, rubricB: unknown): (item: ItemDiff) => ItemDiff {
  const [left, right] = [rubricEntries(rubricA), rubricEntries(rubricB)];
  return (item) => {
    const keys = namedFields(item);
    if (keys.length === 0) return item;
    const known = new Map([...labelsOf(left.get(item.code)), ...labelsOf(right.get(item.code))]);
    const labels = Object.fromEntries(keys.flatMap((k) => (known.has(k) ? [[k, known.get(k) as string]] : [])));
    return Object.keys(labels).length > 0 ? { ...item, labels } : item;
  };
}
