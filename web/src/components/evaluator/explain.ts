/**
 * A run's numbers in words: the core's own explainItem / explainVeto read the trace the run
 * recorded in results.json, so the page states exactly what `kaohe explain` states and
 * computes nothing of its own.
 */
import { type Item, KaoheError, type Rubric, type Veto, explainItem, explainVeto, parseRubric } from '../../../../src/core/index.js';
import type { ItemResult, VetoResult } from '../../api/evaluator';
import { z } from 'zod';

export type { Item, Rubric, Veto };

// zod compiles fast parsers with new Function() unless told not to; the page's CSP (script-src 'self') forbids eval.
z.config({ jitless: true });

export function loadRubric(document: unknown): Rubric {
  return parseRubric(document);
}

/** A result's points at the rubric's precision ("2.30"): results.json numbers are exact at it already. */
export function pointsText(rubric: Rubric, value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(rubric.precision);
}

/** A rubric number (an exact value whose text is the decimal) at the rubric's precision. */
export function rubricPoints(rubric: Rubric, value: unknown): string {
  return Number(String(value)).toFixed(rubric.precision);
}

function guarded(explain: () => string): string {
  try {
    return explain();
  } catch (e) {
    return e instanceof KaoheError ? e.message : String(e);
  }
}

export function explainResultItem(rubric: Rubric, result: ItemResult, unitName: string): string {
  const item = rubric.items.get(result.code);
  return item ? guarded(() => explainItem(item, result, unitName, rubric.precision)) : `考核细则中没有 ${result.code}`;
}

export function explainResultVeto(rubric: Rubric, result: VetoResult, unitName: string): string {
  const veto = rubric.vetoes.find((v) => v.code === result.code);
  return veto ? guarded(() => explainVeto(veto, result, unitName)) : `考核细则中没有 ${result.code}`;
}
