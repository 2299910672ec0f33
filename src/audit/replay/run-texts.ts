/**
 * The hashes of a service run's stored texts (runTexts: the inputs and the results as
 * JSON.stringify writes them), taken in pieces instead of from the texts whole. At 2,851
 * units the results text is about 150 MB, and the run's record, which holds both texts,
 * is hashed as canonical JSON: one more escaped copy. Here each unit's text is made once
 * and fed to every hash that covers it: the run's inputsHash and resultsHash, the record's
 * hash that the audit chain seals, and one per unit of the results, with which the
 * recomputation compares its own unit (compare-results.ts) without writing the bundle's
 * unit out again.
 */
import { type ContentHash, canonicalJson, runningSha256, sha256 } from '../../core/index.js';
import type { BundleV1 } from '../bundle.js';

export interface RunTextHashes {
  /** sha256 of runTexts(bundle).inputs. */
  readonly inputs: ContentHash;
  /** sha256 of runTexts(bundle).results. */
  readonly results: ContentHash;
  /** recordHash of the run as stored ({ ...bundle.run, inputs, results }), as the audit chain records it. */
  readonly record: ContentHash;
  /** sha256 of JSON.stringify of each unit of the results, by unit code (the last unit of a code, should two share one). */
  readonly units: ReadonlyMap<string, ContentHash>;
}

/** A piece of a JSON text as it is inside a JSON string (no piece splits a string, so none splits an escape or a surrogate pair). */
const escaped = (piece: string) => JSON.stringify(piece).slice(1, -1);

/**
 * JSON.stringify(values) fed to `hashes` element by element; `each` sees every element
 * with its text. An element JSON.stringify leaves out of an array (undefined, a function) is null.
 */
function arrayText(values: readonly unknown[], hashes: readonly ((piece: string) => void)[], each?: (value: unknown, text: string) => void): void {
  const feed = (piece: string) => hashes.forEach((h) => h(piece));
  feed('[');
  values.forEach((value, i) => {
    const text = JSON.stringify(value) ?? 'null';
    each?.(value, text);
    feed(i === 0 ? text : `,${text}`);
  });
  feed(']');
}

/** JSON.stringify(results), its members in their order, its units one by one. */
function resultsText(results: BundleV1['results'], hashes: readonly ((piece: string) => void)[], each: (value: unknown, text: string) => void): void {
  const feed = (piece: string) => hashes.forEach((h) => h(piece));
  feed('{');
  let first = true;
  for (const [key, value] of Object.entries(results)) {
    const text = key === 'units' ? '' : JSON.stringify(value);
    if (key !== 'units' && text === undefined) continue; // a member JSON.stringify leaves out
    feed(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (key === 'units') arrayText(value as unknown[], hashes, each);
    else feed(text);
  }
  feed('}');
}

/** The run's text hashes; null when the bundle has no run. */
export function runTextHashes(bundle: BundleV1): RunTextHashes | null {
  if (!bundle.run) return null;
  const [inputs, results, record] = [runningSha256(), runningSha256(), runningSha256()];
  const units = new Map<string, ContentHash>();
  const toRecord = (piece: string) => void record.update(escaped(piece));
  const unitHash = (unit: unknown, text: string) => {
    const code = (unit as { code?: unknown } | null)?.code;
    if (typeof code === 'string') units.set(code, sha256(text));
  };
  // The record's canonical JSON: its members in code-unit order, the two texts as JSON strings.
  const stored: Record<string, unknown> = { ...bundle.run, inputs: '', results: '' };
  record.update('{');
  let first = true;
  for (const key of Object.keys(stored).sort()) {
    const value = stored[key];
    if (value === undefined) continue;
    record.update(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (key === 'inputs' || key === 'results') {
      record.update('"');
      if (key === 'inputs')
        arrayText(
          bundle.units.map((u) => u.evidence),
          [(p) => void inputs.update(p), toRecord],
        );
      else resultsText(bundle.results, [(p) => void results.update(p), toRecord], unitHash);
      record.update('"');
    } else {
      record.update(canonicalJson(value));
    }
  }
  record.update('}');
  return { inputs: inputs.digest(), results: results.digest(), record: record.digest(), units };
}
