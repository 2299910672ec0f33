/**
 * Per-item views of a unit's result. The engine keeps a unit's results in arrays;
 * these build the object a report or an explanation wants, on demand.
 */
import { missingFields } from './evidence/index.js';
import type { FieldValue, Field, Item, Rubric, Veto } from './rubric/index.js';
import type { ItemResult, ItemStatus, UnitResult, VetoResult } from './result.js';

function readBack(fields: readonly Field[], unit: UnitResult): { data: Record<string, FieldValue>; defaulted: string[] } {
  const data: Record<string, FieldValue> = {};
  const defaulted: string[] = [];
  for (const f of fields) {
    const v = unit.inputs.values[f.slot];
    if (v === undefined) continue;
    data[f.key] = v as FieldValue;
    if (unit.inputs.defaulted[f.slot] === 1) defaulted.push(f.key);
  }
  return { data, defaulted };
}

const STATUS: Readonly<Record<string, ItemStatus>> = { present: 'scored', missing: 'missing', not_applicable: 'not_applicable' };

export function itemResult(unit: UnitResult, item: Item): ItemResult {
  const i = item.index;
  const status = STATUS[unit.inputs.states[i] as string] as ItemStatus;
  const doc = unit.inputs.evidence.items[item.code];
  const adjustment = unit.inputs.adjustments?.[i];
  const { data, defaulted } = status === 'not_applicable' ? { data: {}, defaulted: [] } : readBack(item.fields, unit);
  return {
    item,
    status,
    adjusted: adjustment !== undefined,
    score: unit.scores[i] as ItemResult['score'],
    computed: unit.computed[i] as ItemResult['computed'],
    raw: unit.raw[i],
    clamped: unit.clamped[i],
    data,
    defaulted,
    missingFields: status === 'missing' ? missingFields(item.fields, unit.inputs) : [],
    selfScore: unit.inputs.selfScores?.[i],
    adjustment,
    note: doc?.note,
    finding: doc?.finding,
    trace: unit.trace,
  };
}

export function itemResults(unit: UnitResult, items: readonly Item[]): ItemResult[] {
  return items.map((item) => itemResult(unit, item));
}

export function vetoResult(unit: UnitResult, veto: Veto): VetoResult {
  const missing = unit.inputs.vetoStates[veto.index] === 'missing';
  const doc = unit.inputs.evidence.items[veto.code];
  return {
    veto,
    triggered: unit.vetoTriggered[veto.index] === true,
    missing,
    value: unit.vetoValues[veto.index],
    ...readBack(veto.fields, unit),
    missingFields: missing ? missingFields(veto.fields, unit.inputs) : [],
    note: doc?.note,
    finding: doc?.finding,
    trace: unit.trace,
  };
}

/** Checkpoints, then bonus items, then deduction items: the order of rubric.allItems. */
export function allItemResults(rubric: Rubric, unit: UnitResult): ItemResult[] {
  return itemResults(unit, rubric.allItems);
}
