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
  // Appended in loops rather than mapped and joined: replay hashes every part of a bundle
  // (about 160 MB of canonical text at 2,851 units), and the arrays of entries cost as
  // much as the text.
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      text += `${i === 0 ? '' : ','}${v === undefined ? 'null' : canonicalJson(v)}`;
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const k of Object.keys(record).sort()) {
    const v = record[k];
    if (v !== undefined) text += `${text.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${text}}`;
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
