/**
 * What the second evaluator reads from a rubric: each item's and veto's rule, points,
 * cap and 不涉及 score as the document states them, by code. It takes them from the
 * document (not from the core's compiled rules and exact numbers) so that nothing the
 * core computed about a rule is reused when the rule is evaluated again.
 */
import type { Rubric } from '../../core/index.js';

export interface ScoredEntryDocument {
  readonly code: string;
  readonly points: number;
  readonly cap?: number;
  readonly rule: unknown;
  readonly notApplicable?: { readonly score: 'full' | number };
}

export interface VetoEntryDocument {
  readonly code: string;
  readonly rule: unknown;
}

export function scoredEntries(rubric: Rubric): Map<string, ScoredEntryDocument> {
  const doc = rubric.document;
  const entries: ScoredEntryDocument[] = [
    ...doc.sections.flatMap((s) => s.indicators.flatMap((i) => i.checkpoints)),
    ...(doc.bonus?.items ?? []),
    ...(doc.deductions?.items ?? []),
  ];
  return new Map(entries.map((e) => [e.code, e]));
}

export function vetoEntries(rubric: Rubric): Map<string, VetoEntryDocument> {
  return new Map(rubric.document.vetoes.map((v) => [v.code, v]));
}
