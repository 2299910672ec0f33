/**
 * The second evaluator's own reading across units and years (docs/rubric-format.md,
 * "Reading the other units and last year"), for rules that use `population` and
 * `previous`. Nothing here comes from the core's stages/population.ts: the statistics
 * are computed again, in decimal.js, from the values each unit's evidence gives.
 *
 * Who counts, as documented: a unit whose item is scored (answered, not 不涉及, no
 * required value missing: the evidence reading's `present`) and whose field has a value
 * (given, or its default). Every other unit is left out: it is not 0, takes no place,
 * and its own rank is null. Ranks are competition ranks: 1 + the units strictly better.
 * The mean is the decimal quotient at 60 significant digits (the core's is a rational;
 * the rule's result is read to fewer digits before rounding, so the two agree on every
 * score unless one of them is wrong).
 *
 * Last year: the unit's document of the year before (by unit code), the entry of the
 * same item code, the value of the same field key; null when any of these is absent,
 * null, or the entry is 不涉及. Defaults are not applied to last year's values.
 */
import { Decimal } from 'decimal.js';
import type { EvidenceDocument } from '../../core/index.js';
import { isNum, toExactText } from '../../core/exact/index.js';
import type { PreparedEvidence } from '../../core/evidence/index.js';
import type { Item } from '../../core/rubric/index.js';
import { Dec, type DerivedReader } from './decimal-logic.js';

/** A unit's value of a field as a decimal, or undefined when it is not a number. */
function decimalOf(value: unknown): Decimal | undefined {
  if (isNum(value)) return new Dec(toExactText(value));
  if (typeof value === 'number' && Number.isFinite(value)) return new Dec(String(value));
  return undefined;
}

interface Column {
  /** By unit code: the unit's value, for the units that count. */
  readonly values: ReadonlyMap<string, Decimal>;
  readonly sorted: readonly Decimal[];
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The values every rule of one assessment reads across units and years, computed on demand and kept. */
export class Population {
  private readonly columns = new Map<string, Column>();
  private readonly lastYear: ReadonlyMap<string, EvidenceDocument>;

  constructor(
    private readonly units: readonly PreparedEvidence[],
    previous: readonly EvidenceDocument[] | undefined,
  ) {
    this.lastYear = new Map((previous ?? []).map((e) => [e.unit.code, e]));
  }

  /** The column of an item's field: the units whose value the rule would read, ascending. */
  private column(item: Item, key: string): Column {
    const id = `${item.code}\u0000${key}`;
    const known = this.columns.get(id);
    if (known) return known;
    const field = item.fields.find((f) => f.key === key);
    const values = new Map<string, Decimal>();
    if (field !== undefined) {
      for (const unit of this.units) {
        if (unit.states[item.index] !== 'present') continue;
        const value = unit.values[field.slot];
        if (value === undefined || value === null) continue;
        const decimal = decimalOf(value);
        if (decimal !== undefined) values.set(unit.evidence.unit.code, decimal);
      }
    }
    const sorted = [...values.values()].sort((a, b) => a.cmp(b));
    const column = { values, sorted };
    this.columns.set(id, column);
    return column;
  }

  /** A statistic of the column for one unit (rank and rank-asc are the unit's own place, null when it is left out). */
  statistic(item: Item, key: string, statistic: string, unitCode: string): Decimal | number | null {
    const { values, sorted } = this.column(item, key);
    const n = sorted.length;
    if (statistic === 'count') return n;
    if (statistic === 'rank' || statistic === 'rank-asc') {
      const own = values.get(unitCode);
      if (own === undefined) return null;
      const better = sorted.filter((v) => (statistic === 'rank' ? v.greaterThan(own) : v.lessThan(own))).length;
      return 1 + better;
    }
    if (n === 0) return null;
    switch (statistic) {
      case 'min':
        return sorted[0] as Decimal;
      case 'max':
        return sorted[n - 1] as Decimal;
      case 'mean':
        return sorted.reduce((sum, v) => sum.plus(v), new Dec(0)).dividedBy(n);
      case 'median': {
        const middle = Math.floor(n / 2);
        return n % 2 === 1 ? (sorted[middle] as Decimal) : (sorted[middle - 1] as Decimal).plus(sorted[middle] as Decimal).dividedBy(2);
      }
      default:
        throw new Error(`不认识的统计量 ${statistic}`);
    }
  }

  /** The unit's value of an item's field last year, as its document gives it (numbers as decimals), or null. */
  previous(item: Item, key: string, unitCode: string): unknown {
    const entry = this.lastYear.get(unitCode)?.items?.[item.code];
    if (entry === undefined || entry.notApplicable === true || entry.values === undefined || !hasOwn.call(entry.values, key)) return null;
    const raw = entry.values[key];
    if (raw === null || raw === undefined) return null;
    const field = item.fields.find((f) => f.key === key);
    const numeric = field !== undefined && (field.type === 'number' || field.type === 'integer') ? decimalOf(raw) : undefined;
    return numeric ?? raw;
  }

  /** What one unit's rule of `item` reads through `population` and `previous`. */
  reader(item: Item, unitCode: string): DerivedReader {
    return {
      population: (key, statistic) => this.statistic(item, key, statistic, unitCode),
      previous: (key) => this.previous(item, key, unitCode),
    };
  }
}
