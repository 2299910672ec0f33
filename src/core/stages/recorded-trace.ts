/**
 * A unit's trace as a traced assessment records it: what each item's fast path knew,
 * not a copy of every sub-expression value. A tabulated rule's values for a table cell
 * are recorded once, by the first unit to reach the cell (stages/item.ts); every unit
 * in that cell keeps only the run's number. A rule that ran for the unit itself (no
 * cell answered, or the item has no table) and the vetoes keep their own values, as
 * trace id and value pairs. The flat trace array (TraceValues) is laid out from these
 * when it is first read: the same values, without an array and a copy per unit during
 * the assessment.
 */
import type { CompiledRule, TraceValues } from '../logic/index.js';
import type { DecisionTable, RecordedRuns } from '../rubric/decision-table.js';
import type { Item, Rubric } from '../rubric/index.js';

/** No table run gave this item's values (not scored, or its rule ran for the unit itself). */
export const NO_RUN = -1;

export class RecordedTrace {
  /** Trace id and value, in turn, of what rules that ran for this unit itself recorded. */
  private readonly own: unknown[] = [];

  /** An instance holding no unit's values, made once with the class: it keeps the class's layout for V8's optimised code (see CompletedUnit in score.ts). Never read. */
  static readonly layoutAnchor = new RecordedTrace(null as unknown as Rubric, new Int32Array(0), 0, []);

  constructor(
    private readonly rubric: Rubric,
    /** By item, from `at`: the run of the item's table that gave its values, or NO_RUN. */
    private readonly runs: Int32Array,
    private readonly at: number,
    /**
     * The assessment's one working trace, every entry undefined between uses: a rule
     * that runs for a unit records into it, and take() moves what it recorded here.
     */
    readonly scratch: TraceValues,
  ) {}

  /** Moves what `rule` recorded into the scratch trace to this unit's own values, leaving the scratch empty again. */
  take(rule: CompiledRule): void {
    const nodes = rule.nodes;
    if (nodes.length === 0) return;
    const first = (nodes[0] as { id: number }).id; // a rule's trace ids are consecutive
    const scratch = this.scratch;
    for (let id = first, end = first + nodes.length; id < end; id++) {
      const value = scratch[id];
      if (value !== undefined) {
        this.own.push(id, value);
        scratch[id] = undefined;
      }
    }
  }

  /** The flat trace: every recorded value at its trace id. */
  values(): TraceValues {
    const trace = new Array<unknown>(this.rubric.traceSize).fill(undefined);
    const items = this.rubric.allItems;
    for (let i = 0; i < items.length; i++) {
      const run = this.runs[this.at + i] as number;
      const item = items[i] as Item;
      const nodes = item.rule.nodes;
      if (run === NO_RUN || nodes.length === 0) continue;
      const first = (nodes[0] as { id: number }).id;
      const recorded = ((item.table as DecisionTable).runs as RecordedRuns).nodes;
      for (let c = 0, from = run * nodes.length; c < nodes.length; c++) trace[first + c] = recorded[from + c];
    }
    const own = this.own;
    for (let k = 0; k < own.length; k += 2) trace[own[k] as number] = own[k + 1];
    return trace;
  }
}
