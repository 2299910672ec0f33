/**
 * An evidence document with some fields' values replaced, the rest shared with the
 * original: how every analysis makes the variant it scores (a draw, an imputation, a
 * what-if). The original is never changed.
 */
import type { EvidenceDocument } from '../core/index.js';

export interface ValueChange {
  /** The item's (or veto's) code. */
  readonly item: string;
  /** The field's key. */
  readonly field: string;
  readonly value: number | boolean | string | readonly string[];
}

export function withValues(evidence: EvidenceDocument, changes: readonly ValueChange[]): EvidenceDocument {
  const items = { ...evidence.items };
  for (const { item, field, value } of changes) {
    const entry = items[item] ?? {};
    items[item] = { ...entry, values: { ...entry.values, [field]: value as string[] } };
  }
  return { ...evidence, items };
}
