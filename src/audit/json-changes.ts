/**
 * Which keys of two JSON objects differ, compared by canonical JSON (key order and
 * formatting never count as a change). Used to say *what* changed in an item's
 * evidence, review or rubric definition, not only that something did.
 */
import { canonicalJson } from '../core/index.js';
import { isJsonObject } from '../records/index.js';

export { isJsonObject };

export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Keys whose values differ between `a` and `b` (absent and undefined are alike), in
 * code-unit order. Keys listed in `expand` are objects compared one level further,
 * giving e.g. `values.coverage` instead of `values`.
 */
export function changedKeys(a: unknown, b: unknown, expand: readonly string[] = []): string[] {
  const left = isJsonObject(a) ? a : {};
  const right = isJsonObject(b) ? b : {};
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const changed: string[] = [];
  for (const key of keys) {
    if (sameJson(left[key], right[key])) continue;
    if (expand.includes(key) && (isJsonObject(left[key]) || isJsonObject(right[key]))) {
      changed.push(...changedKeys(left[key], right[key]).map((k) => `${key}.${k}`));
    } else {
      changed.push(key);
    }
  }
  return changed;
}
