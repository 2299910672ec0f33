import { KaoheError } from '../errors.js';
import { parseWith } from '../validation.js';
import { type EvidenceDocument, evidenceSchema } from './schema.js';

/** Structural validation only; values are checked against the rubric when scoring. */
export function parseEvidence(json: unknown): EvidenceDocument {
  const parsed = parseWith(evidenceSchema, json);
  if (!parsed.ok) throw new KaoheError(parsed.problems);
  return parsed.value;
}
