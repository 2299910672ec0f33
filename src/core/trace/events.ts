/**
 * The trace of one item, as a closed set of events (as OPA's topdown trace is):
 * what was read, what each sub-expression evaluated to, and every step from the
 * rule's raw value to the score that counts. explain() derives its words from these.
 */
import { type Num, type RoundingMode, cmp, isNum, toJsonValue } from '../exact/index.js';
import type { CompiledRule, TraceValues } from '../logic/index.js';
import type { DerivedValue, ItemResult, VetoResult } from '../assessment-result.js';
import type { Statistic } from '../logic/derived.js';
import type { Field, FieldValue } from '../rubric/index.js';
import type { FiledTargetDocument } from '../evidence/index.js';

/** Where a filed target came from: when the unit filed it, when and by whom it was approved. */
export interface FiledTrace {
  readonly filedAt: string;
  readonly approvedAt: string;
  readonly approvedBy: string;
}

/** A number in a trace: a JSON number when its decimal is exact and short, else exact text such as "2/3". */
export type TraceValue = unknown;

export type TraceEvent =
  /** `target`: an approved filed target (目标备案), with when it was filed and approved and by whom. */
  | { kind: 'read'; field: string; value: TraceValue; source: 'evidence' | 'default' | 'absent' | 'target'; filed?: FiledTrace }
  /** A statistic of a field over the assessment's units (rank: this unit's place), with the units it is over and those left out. */
  | { kind: 'population'; field: string; statistic: Statistic; value: TraceValue; units: string[]; excluded: string[] }
  /** The unit's value of a field last year, or that it had none (the rule then read its fallback). */
  | { kind: 'previous'; field: string; value: TraceValue; source: 'evidence' | 'absent' }
  | { kind: 'missing'; fields: string[] }
  | { kind: 'not_applicable'; score: TraceValue }
  | { kind: 'eval'; path: string; op: string; value: TraceValue }
  | { kind: 'raw'; value: TraceValue }
  | { kind: 'clamp'; from: TraceValue; to: TraceValue; bound: 'floor' | 'cap' }
  | { kind: 'round'; from: TraceValue; to: TraceValue; places: number; mode: RoundingMode }
  | { kind: 'adjust'; from: TraceValue; to: TraceValue; justification: string; by?: string }
  | { kind: 'score'; value: TraceValue };

export const TRACE_EVENT_KINDS = ['read', 'population', 'previous', 'missing', 'not_applicable', 'eval', 'raw', 'clamp', 'round', 'adjust', 'score'] as const;

/** Exact numbers as JSON-safe values, deeply. */
export function traceValue(value: unknown): TraceValue {
  if (isNum(value)) return toJsonValue(value);
  if (Array.isArray(value)) return value.map(traceValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, traceValue(v)]));
  }
  return value === undefined ? null : value;
}

function readEvents(
  fields: readonly Field[],
  data: Readonly<Record<string, FieldValue>>,
  defaulted: readonly string[],
  filed: Readonly<Record<string, FiledTargetDocument>>,
): TraceEvent[] {
  return fields.map((f) => {
    const has = Object.prototype.hasOwnProperty.call(data, f.key);
    const target = has && Object.prototype.hasOwnProperty.call(filed, f.key) ? filed[f.key] : undefined;
    if (target !== undefined) {
      const { filedAt, approvedAt, approvedBy } = target;
      return { kind: 'read', field: f.key, value: traceValue(data[f.key]), source: 'target', filed: { filedAt, approvedAt, approvedBy } };
    }
    const source = !has ? 'absent' : defaulted.includes(f.key) ? 'default' : 'evidence';
    return { kind: 'read', field: f.key, value: has ? traceValue(data[f.key]) : null, source };
  });
}

function derivedEvents(derived: readonly DerivedValue[]): TraceEvent[] {
  return derived.map(({ read, value, column }) => {
    const shown = traceValue(value);
    if (read.kind === 'previous') return { kind: 'previous', field: read.field.key, value: shown, source: value === undefined ? 'absent' : 'evidence' };
    const units = column === undefined ? [] : [...column.units];
    const excluded = column === undefined ? [] : [...column.excluded];
    return { kind: 'population', field: read.field.key, statistic: read.statistic as Statistic, value: shown, units, excluded };
  });
}

/** Sub-expression values in evaluation order, relative to the rule's own root. */
function evalEvents(rule: CompiledRule, values: TraceValues | null): TraceEvent[] {
  if (values === null) return [];
  return [...rule.nodes]
    .filter((n) => values[n.id] !== undefined)
    .sort((a, b) => a.order - b.order)
    .map((n) => ({ kind: 'eval', path: `$${n.path.slice(rule.path.length)}`, op: n.op, value: traceValue(values[n.id]) }));
}

export function itemTrace(r: ItemResult, places: number, mode: RoundingMode): TraceEvent[] {
  const events: TraceEvent[] = readEvents(r.item.fields, r.data, r.defaulted, r.filed);
  if (r.status === 'not_applicable') {
    events.length = 0;
    events.push({ kind: 'not_applicable', score: traceValue(r.computed) });
  } else if (r.status === 'missing') {
    events.push({ kind: 'missing', fields: [...r.missingFields] });
  } else {
    events.push(...derivedEvents(r.derived), ...evalEvents(r.item.rule, r.trace));
    const raw = r.raw as Num;
    const clamped = r.clamped as Num;
    events.push({ kind: 'raw', value: traceValue(raw) });
    if (cmp(raw, clamped) !== 0) {
      events.push({ kind: 'clamp', from: traceValue(raw), to: traceValue(clamped), bound: cmp(raw, 0) < 0 ? 'floor' : 'cap' });
    }
    if (cmp(clamped, r.computed) !== 0) {
      events.push({ kind: 'round', from: traceValue(clamped), to: traceValue(r.computed), places, mode });
    }
  }
  const adjustment = r.adjustment;
  if (r.adjusted && adjustment) {
    events.push({ kind: 'adjust', from: traceValue(r.computed), to: traceValue(r.score), justification: adjustment.justification, by: adjustment.by });
  }
  events.push({ kind: 'score', value: traceValue(r.score) });
  return events;
}

export function vetoTrace(v: VetoResult): TraceEvent[] {
  const events: TraceEvent[] = readEvents(v.veto.fields, v.data, v.defaulted, v.filed);
  if (v.missing) events.push({ kind: 'missing', fields: [...v.missingFields] });
  else events.push(...evalEvents(v.veto.rule, v.trace), { kind: 'raw', value: traceValue(v.value) });
  return events;
}
