/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace,
 * numbers as JavaScript prints them. Two documents with the same content give the
 * same text whatever their formatting or key order, so their hashes agree.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * canonicalJson's text in pieces, in order: the value's outer `depth` levels piece by
 * piece, each subtree below them whole. Joined, the pieces are canonicalJson(value);
 * hashed as they come (sha256OfPieces), a results file of thousands of units is never
 * one string.
 */
export function* canonicalJsonPieces(value: unknown, depth = 2): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object') {
    yield canonicalJson(value);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const v: unknown = value[i];
      yield* canonicalJsonPieces(v === undefined ? null : v, depth - 1);
    }
    yield ']';
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  yield '{';
  for (const [i, k] of keys.entries()) {
    yield `${i > 0 ? ',' : ''}${JSON.stringify(k)}:`;
    yield* canonicalJsonPieces(record[k], depth - 1);
  }
  yield '}';
}
