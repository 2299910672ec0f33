/**
 * Per-item views of a unit's result. The engine keeps a unit's results in arrays and,
 * unless asked, does not record how each rule got its value; these views build the
 * object a report or an explanation wants, on demand, re-running the unit's rules to
 * recover the trace when the run did not keep it. Rules are pure functions of the
 * prepared evidence, so what is recovered is exactly what the run computed.
 */
import { type FiledTargetDocument, missingFields } from './evidence/index.js';
import { type Num, ratio } from './exact/index.js';
import type { TraceValues } from './logic/index.js';
import type { DerivedValue, ItemResult, ItemStatus, UnitResult, VetoResult } from './assessment-result.js';
import type { Field, FieldValue, Item, Rubric, Veto } from './rubric/index.js';
import { clampToItem, ruleNumber, traceRule } from './stages/item.js';

/** What re-running a unit's rules with tracing on recovers. */
interface Retrace {
  readonly trace: TraceValues;
  /** Each item's rule result, by item index (scored items only). */
  readonly raw: (Num | undefined)[];
}

const retraces = new WeakMap<UnitResult, Retrace>();

/**
 * The unit's rules run again with tracing on (a tabulated rule's recorded run is
 * copied: stages/item.ts, traceRule); memoised per unit. (Not the audit's replay,
 * which re-runs a whole bundle to check its results.)
 */
function retrace(rubric: Rubric, unit: UnitResult): Retrace {
  const known = retraces.get(unit);
  if (known) return known;
  const trace = unit.trace ?? new Array<unknown>(rubric.traceSize).fill(undefined);
  const raw: (Num | undefined)[] = [];
  const { values, states, vetoStates } = unit.inputs;
  for (const item of rubric.allItems) {
    if (states[item.index] === 'present') raw[item.index] = ruleNumber(traceRule(item, unit.inputs, trace), item, unit.unit.code);
  }
  for (const veto of rubric.vetoes) if (vetoStates[veto.index] === 'present') veto.rule.evaluate(values, trace);
  const result = { trace, raw };
  retraces.set(unit, result);
  return result;
}

const NOTHING_FILED: Readonly<Record<string, FiledTargetDocument>> = Object.freeze({});

function readBack(
  code: string,
  fields: readonly Field[],
  unit: UnitResult,
): { data: Record<string, FieldValue>; defaulted: string[]; filed: Readonly<Record<string, FiledTargetDocument>> } {
  const data: Record<string, FieldValue> = {};
  const defaulted: string[] = [];
  let filed = NOTHING_FILED;
  for (const f of fields) {
    const v = unit.inputs.values[f.slot];
    if (v === undefined) continue;
    data[f.key] = v as FieldValue;
    if (unit.inputs.defaulted[f.slot] === 1) defaulted.push(f.key);
    else if (f.filledBy === 'target') {
      const target = filedTarget(unit, code, f.key);
      if (target !== undefined) filed = { ...filed, [f.key]: target };
    }
  }
  return { data, defaulted, filed };
}

/** The evidence's approved target for a field (own keys only). */
function filedTarget(unit: UnitResult, code: string, key: string): FiledTargetDocument | undefined {
  const targets = unit.inputs.evidence.targets;
  const ofItem = targets !== undefined && Object.prototype.hasOwnProperty.call(targets, code) ? targets[code] : undefined;
  return ofItem !== undefined && Object.prototype.hasOwnProperty.call(ofItem, key) ? ofItem[key] : undefined;
}

function ownEntry(unit: UnitResult, code: string) {
  const items = unit.inputs.evidence.items;
  return items !== undefined && Object.prototype.hasOwnProperty.call(items, code) ? items[code] : undefined;
}

function derivedValues(item: Item, unit: UnitResult): DerivedValue[] {
  return item.derivedReads.map((read) => ({ read, value: unit.inputs.values[read.slot], column: unit.context?.columns[read.index] }));
}

const STATUS: Readonly<Record<string, ItemStatus>> = { present: 'scored', missing: 'missing', not_applicable: 'not_applicable' };

export function itemResult(rubric: Rubric, unit: UnitResult, item: Item): ItemResult {
  const i = item.index;
  const status = STATUS[unit.inputs.states[i] as string] as ItemStatus;
  const doc = ownEntry(unit, item.code);
  const adjustment = unit.inputs.adjustments?.[i];
  const { data, defaulted, filed } = status === 'not_applicable' ? { data: {}, defaulted: [], filed: NOTHING_FILED } : readBack(item.code, item.fields, unit);
  const { trace, raw } = retrace(rubric, unit);
  const rawValue = raw[i];
  return {
    item,
    status,
    adjusted: adjustment !== undefined,
    score: ratio(unit.steps[i] as number, 10 ** rubric.precision),
    computed: ratio(unit.computedSteps[i] as number, 10 ** rubric.precision),
    raw: rawValue,
    clamped: rawValue === undefined ? undefined : clampToItem(rawValue, item),
    data,
    defaulted,
    filed,
    derived: status === 'scored' ? derivedValues(item, unit) : [],
    missingFields: status === 'missing' ? missingFields(item.fields, unit.inputs) : [],
    selfScore: unit.inputs.selfScores?.[i],
    adjustment,
    note: doc?.note,
    finding: doc?.finding,
    trace,
  };
}

export function itemResults(rubric: Rubric, unit: UnitResult, items: readonly Item[]): ItemResult[] {
  return items.map((item) => itemResult(rubric, unit, item));
}

/** Checkpoints, then bonus items, then deduction items: the order of rubric.allItems. */
export function allItemResults(rubric: Rubric, unit: UnitResult): ItemResult[] {
  return itemResults(rubric, unit, rubric.allItems);
}

export function vetoResult(rubric: Rubric, unit: UnitResult, veto: Veto): VetoResult {
  const missing = unit.inputs.vetoStates[veto.index] === 'missing';
  const doc = ownEntry(unit, veto.code);
  return {
    veto,
    triggered: unit.vetoTriggered[veto.index] === true,
    missing,
    value: unit.vetoValues[veto.index],
    ...readBack(veto.code, veto.fields, unit),
    missingFields: missing ? missingFields(veto.fields, unit.inputs) : [],
    note: doc?.note,
    finding: doc?.finding,
    trace: retrace(rubric, unit).trace,
  };
}
