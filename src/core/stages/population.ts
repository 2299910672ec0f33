/**
 * Phase 1, for rubrics whose rules read across units or years (logic/derived.ts):
 * before any item is scored, each derived read of the rubric gets its value for every
 * unit, in a value slot of its own, where the rule reads it as it reads a field.
 *
 * - `population`: a statistic of an item's field over the units of this assessment
 *   whose value the rule would read: the item is scored for the unit (answered, not
 *   不涉及, no required value missing) and the field has a value (given or default).
 *   Every other unit is left out. Exact: the mean is a rational, the median of an even
 *   count the mean of the two middle values; ranks are competition ranks (1, 2, 2, 4).
 * - `previous`: the unit's value of the field in last year's evidence (the entry of the
 *   same item code, the same field key), checked against this year's declaration;
 *   absent when there is no such document, entry or value, or the entry is 不涉及.
 *
 * A rubric without derived reads costs nothing here: its prepared evidence is scored
 * as it is. Otherwise each unit's values are copied, so prepared evidence is never
 * changed and can be assessed again in another population.
 */
import { KaoheError, at, problem } from '../errors.js';
import type { EvidenceDocument, PreparedEvidence } from '../evidence/index.js';
import { type Num, add, cmp, div, isNum } from '../exact/index.js';
import { toScaled } from '../logic/fixed-point.js';
import type { Statistic } from '../logic/derived.js';
import { type DerivedRead, Refusal, type Rubric, checkFieldValue } from '../rubric/index.js';

/** The units one population statistic was computed over, and those left out (codes, ascending). */
export interface PopulationColumn {
  readonly units: readonly string[];
  readonly excluded: readonly string[];
}

/** What phase 1 found, for traces: by derived read index, the column of a population read (undefined for `previous`). */
export interface AssessmentContext {
  readonly columns: readonly (PopulationColumn | undefined)[];
}

export interface Derived {
  /** The units' evidence with every derived slot filled (the prepared evidence itself when the rubric has none). */
  readonly inputs: readonly PreparedEvidence[];
  readonly context: AssessmentContext | null;
}

export function deriveInputs(rubric: Rubric, prepared: readonly PreparedEvidence[], previous?: readonly EvidenceDocument[]): Derived {
  const reads = rubric.derivedReads;
  if (reads.length === 0) return { inputs: prepared, context: null };
  const inputs = prepared.map((p) => ({ ...p, values: p.values.slice(), scaled: p.scaled.slice() }));
  const columns: (PopulationColumn | undefined)[] = [];
  const lastYear = reads.some((r) => r.kind === 'previous') ? previousByUnit(rubric, previous ?? []) : new Map<string, Indexed>();
  const byField = new Map<string, Column>();
  for (const read of reads) {
    if (read.kind === 'previous') {
      for (const unit of inputs) store(unit, read.slot, readPrevious(read, rubric, lastYear.get(unit.evidence.unit.code)));
      continue;
    }
    const key = `${read.item}:${read.field.slot}`;
    let column = byField.get(key);
    if (column === undefined) byField.set(key, (column = columnOf(read, inputs)));
    columns[read.index] = { units: column.units, excluded: column.excluded };
    fillStatistic(read, read.statistic as Statistic, column, inputs);
  }
  return { inputs, context: { columns } };
}

function store(unit: PreparedEvidence, slot: number, value: unknown): void {
  if (value === null || value === undefined) return; // absent: the read gives its fallback
  unit.values[slot] = value;
  if (isNum(value)) unit.scaled[slot] = toScaled(value);
}

// ---- population ---------------------------------------------------------------

interface Column {
  readonly units: string[];
  readonly excluded: string[];
  /** The values of the units in it, ascending. */
  readonly sorted: Num[];
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The unit's value of the read's field when the rule would read it (the item is scored), else undefined. */
function ownValue(unit: PreparedEvidence, read: DerivedRead): Num | undefined {
  const value = unit.values[read.field.slot];
  return unit.states[read.item] === 'present' && value !== undefined && value !== null ? (value as Num) : undefined;
}

function columnOf(read: DerivedRead, inputs: readonly PreparedEvidence[]): Column {
  const units: string[] = [];
  const excluded: string[] = [];
  const sorted: Num[] = [];
  for (const unit of inputs) {
    const value = ownValue(unit, read);
    const code = unit.evidence.unit.code;
    if (value === undefined) excluded.push(code);
    else {
      units.push(code);
      sorted.push(value);
    }
  }
  sorted.sort(cmp);
  return { units: units.sort(byCode), excluded: excluded.sort(byCode), sorted };
}

function fillStatistic(read: DerivedRead, statistic: Statistic, column: Column, inputs: readonly PreparedEvidence[]): void {
  if (statistic === 'rank' || statistic === 'rank-asc') {
    for (const unit of inputs) {
      const value = ownValue(unit, read);
      store(unit, read.slot, value === undefined ? null : competitionRank(column.sorted, value, statistic === 'rank'));
    }
    return;
  }
  const value = statisticOf(statistic, column.sorted);
  for (const unit of inputs) store(unit, read.slot, value);
}

/** count, min, max, mean or median of values sorted ascending; null for an empty column (count is then 0). */
export function statisticOf(statistic: Exclude<Statistic, 'rank' | 'rank-asc'>, sorted: readonly Num[]): Num | null {
  const n = sorted.length;
  if (statistic === 'count') return n;
  if (n === 0) return null;
  switch (statistic) {
    case 'min':
      return sorted[0] as Num;
    case 'max':
      return sorted[n - 1] as Num;
    case 'mean':
      return div(
        sorted.reduce<Num>((sum, x) => add(sum, x), 0),
        n,
      );
    case 'median': {
      const middle = Math.floor(n / 2);
      return n % 2 === 1 ? (sorted[middle] as Num) : div(add(sorted[middle - 1] as Num, sorted[middle] as Num), 2);
    }
  }
}

/** 1 + the number of values strictly better (higher when descending): tied values share a rank, the next is skipped. */
export function competitionRank(sorted: readonly Num[], value: Num, descending: boolean): number {
  let lo = 0; // first index whose value is not below `value` (descending: the first above it)
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(sorted[mid] as Num, value);
    if (descending ? c <= 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  return descending ? 1 + sorted.length - lo : 1 + lo;
}

// ---- last year ----------------------------------------------------------------

/** Last year's evidence documents by unit code, with their place in the list (for paths). */
type Indexed = { readonly doc: EvidenceDocument; readonly index: number };

function previousByUnit(rubric: Rubric, previous: readonly EvidenceDocument[]): Map<string, Indexed> {
  const byUnit = new Map<string, Indexed>();
  previous.forEach((doc, index) => {
    const path = at('$.previous', index);
    if (doc.year !== rubric.year - 1) {
      throw new KaoheError([problem('evidence_mismatch', at(path, 'year'), `上年证据的年度应为 ${rubric.year - 1}，实际为 ${doc.year}`)]);
    }
    const code = doc.unit.code;
    if (byUnit.has(code))
      throw new KaoheError([problem('evidence_duplicate_unit', at(at(path, 'unit'), 'code'), `单位 ${code}（${doc.unit.name}）的上年证据出现了不止一份`)]);
    byUnit.set(code, { doc, index });
  });
  return byUnit;
}

const hasOwn = Object.prototype.hasOwnProperty;

function readPrevious(read: DerivedRead, rubric: Rubric, last: Indexed | undefined): unknown {
  const items = last?.doc.items;
  const code = (rubric.allItems[read.item] as { code: string }).code;
  const entry = items !== undefined && hasOwn.call(items, code) ? items[code] : undefined;
  const values = entry?.values;
  if (entry === undefined || entry.notApplicable === true || values === undefined || !hasOwn.call(values, read.field.key)) return null;
  const raw = values[read.field.key];
  if (raw === null || raw === undefined) return null;
  const value = checkFieldValue(read.field, raw);
  if (value instanceof Refusal) {
    const path = at(at(at(at(at('$.previous', (last as Indexed).index), 'items'), code), 'values'), read.field.key);
    throw new KaoheError([problem(value.code, path, `上年证据（单位 ${(last as Indexed).doc.unit.code}）：${value.message}`)]);
  }
  return value;
}
