/**
 * score(): one unit's evidence through every stage, without ranking.
 */
import { type EvidenceDocument, type PreparedEvidence, prepareEvidence } from './evidence/index.js';
import type { Num } from './exact/index.js';
import { finalGrade, gradeByBandsInSteps, scoreGrade } from './grading/grade.js';
import type { BonusGroupResult, SectionResult, UnitResult } from './assessment-result.js';
import type { Rubric } from './rubric/index.js';
import { type ItemScores, adjustedScores, scoreItems } from './stages/item.js';
import type { ItemFactors } from './stages/item-factors.js';
import type { TraceValues } from './logic/index.js';
import { type Totals, stepsOnGrid, unitTotals } from './stages/totals.js';
import { type VetoOutcomes, checkVetoes } from './stages/vetoes.js';
import { RecordedTrace } from './stages/recorded-trace.js';
import { type AssessmentContext, deriveInputs } from './stages/population.js';

export interface ScoreOptions {
  /** Record sub-expression values during the run (default false; item-views.ts recomputes them on demand). */
  readonly trace?: boolean;
  /**
   * Given by assess(): the inputs already carry the assessment's derived values
   * (stages/population.ts) and this says who they were computed over. Without it, a
   * rubric whose rules read across units scores the unit as an assessment of its own.
   */
  readonly context?: AssessmentContext | null;
}

export function score(rubric: Rubric, evidence: EvidenceDocument, options: ScoreOptions = {}): UnitResult {
  return scorePrepared(rubric, prepareEvidence(rubric, evidence), options);
}

/** Scores evidence that prepareEvidence() has already checked and laid out. */
export function scorePrepared(rubric: Rubric, prepared: PreparedEvidence, options: ScoreOptions = {}): UnitResult {
  if (options.context === undefined && rubric.derivedReads.length > 0) {
    const alone = deriveInputs(rubric, [prepared]);
    return scorePrepared(rubric, alone.inputs[0] as PreparedEvidence, { ...options, context: alone.context });
  }
  const trace = options.trace === true ? new Array<unknown>(rubric.traceSize).fill(undefined) : null;
  return completeUnit(rubric, prepared, scoreItems(rubric, prepared, trace), trace, options.context ?? null);
}

/**
 * Stages 2–5 and the result, from a unit's item scores. `trace`: the values the items'
 * rules recorded, as one flat array or as a traced assessment recorded them
 * (RecordedTrace, laid out when first read); the vetoes' values are recorded into it.
 */
export function completeUnit(
  rubric: Rubric,
  inputs: PreparedEvidence,
  items: ItemScores,
  trace: TraceValues | RecordedTrace | null,
  context: AssessmentContext | null = null,
): UnitResult {
  const recorded = trace instanceof RecordedTrace ? trace : null;
  const vetoes = checkVetoes(rubric, inputs, recorded === null ? (trace as TraceValues | null) : recorded.scratch);
  if (recorded !== null) for (const veto of rubric.vetoes) recorded.take(veto.rule);
  return completed(rubric, inputs, inputs, context, items, trace, vetoes);
}

/**
 * The result of a variant of a scored unit (its evidence with other values in some
 * fields), for analyses that score thousands of variants (src/analysis) without
 * scoring every item of each again. `computedSteps`: every item's score before
 * adjustments as the variant gives it: itemSteps() of each item owning a changed field,
 * `previous`'s computedSteps for the rest (a rule reads only its own item's fields). The
 * adjustments, unit and self-total are previous's: a variant changes values only.
 * `variant` is the variant's evidence, whose vetoes are then checked; or, when no veto
 * owns a changed field, a function making it: the vetoes are then previous's and the
 * evidence is made only if the result's inputs are read. `factors`: item points scaled, as
 * assessPrepared() takes them. Not for a rubric with derived
 * reads, where one unit's values move every unit's inputs: assess such variants afresh.
 */
export function rescoreUnit(
  rubric: Rubric,
  previous: UnitResult,
  computedSteps: Float64Array,
  variant: PreparedEvidence | (() => PreparedEvidence),
  factors: ItemFactors | null = null,
): UnitResult {
  const submitted = previous.inputs;
  const adjusted = adjustedScores(rubric, submitted, computedSteps);
  const items = factors === null ? adjusted : factors.apply(adjusted);
  const vetoes = typeof variant === 'function' ? { values: previous.vetoValues, triggered: previous.vetoTriggered } : checkVetoes(rubric, variant, null);
  return completed(rubric, variant, submitted, previous.context, items, null, vetoes);
}

/** Stages 2–5 from the item scores and vetoes; `submitted` gives the unit and its self-total. */
function completed(
  rubric: Rubric,
  inputs: PreparedEvidence | (() => PreparedEvidence),
  submitted: Pick<PreparedEvidence, 'unit' | 'selfTotal'>,
  context: AssessmentContext | null,
  items: ItemScores,
  trace: TraceValues | RecordedTrace | null,
  vetoes: VetoOutcomes,
): UnitResult {
  const totals = unitTotals(rubric, items.steps);
  const { base, bonus, deductions, total, sections } = totals;
  const fromScore =
    rubric.result.rule === undefined
      ? gradeByBandsInSteps(rubric, total, totals.totalSteps)
      : scoreGrade(rubric, { base, bonus: bonus.bonus, deductions, total, sections, steps: items.steps }, submitted.unit.code);
  const vetoed = vetoes.triggered.includes(true);
  const grade = vetoed ? finalGrade(rubric, fromScore, vetoes.triggered) : fromScore;
  return new CompletedUnit(inputs, submitted, context, items, trace, vetoes, totals, vetoed, fromScore, grade);
}

/** A unit's total in whole precision steps (NaN off the grid), without reading the rational when completeUnit() made the result. */
export function totalStepsOf(unit: UnitResult, scale: number): number {
  return unit instanceof CompletedUnit ? unit.totalSteps : stepsOnGrid(unit.total, scale);
}

/** A UnitResult whose trace, when recorded in pieces, is laid out the first time it is read. */
class CompletedUnit implements UnitResult {
  readonly unit: { readonly code: string; readonly name: string };
  readonly context: AssessmentContext | null;
  readonly steps: Float64Array;
  readonly computedSteps: Float64Array;
  readonly vetoValues: unknown[];
  readonly vetoTriggered: boolean[];
  readonly sections: readonly SectionResult[];
  readonly base: Num;
  readonly bonusClaimed: Num;
  readonly bonus: Num;
  readonly bonusGroups?: readonly BonusGroupResult[];
  readonly deductionsClaimed: Num;
  readonly deductions: Num;
  readonly total: Num;
  readonly vetoed: boolean;
  readonly scoreGrade: string;
  readonly grade: string;
  readonly selfTotal?: Num;
  /** `total` in whole precision steps, NaN when not on the grid: what ranking reads (totalStepsOf). */
  readonly totalSteps: number;
  #trace: TraceValues | RecordedTrace | null;
  #inputs: PreparedEvidence | (() => PreparedEvidence);

  /**
   * An instance holding no unit's data, made once with the class. V8's optimised code
   * holds the layout (map) of the objects it makes only weakly, and a class instance's
   * layout is reachable only from instances and the constructor's weak transitions: when
   * every result of an assessment has been dropped (the bench drops them; a service
   * stores them and lets go) a full collection would free the layout and throw away the
   * code built for it, and the next assessment would run unoptimised (twice as slow,
   * measured). This constant keeps the layout; it is never read and never changes.
   */
  static readonly layoutAnchor = new CompletedUnit(
    { unit: { code: '', name: '' }, selfTotal: undefined } as PreparedEvidence,
    { unit: { code: '', name: '' }, selfTotal: undefined },
    null,
    { steps: new Float64Array(0), computedSteps: new Float64Array(0) },
    null,
    { values: [], triggered: [] },
    { sections: [], base: 0, bonus: { claimed: 0, bonus: 0 }, deductionsClaimed: 0, deductions: 0, total: 0, totalSteps: 0 },
    false,
    '',
    '',
  );

  /** `inputs` as a function: made the first time they are read (rescoreUnit's variants). */
  constructor(
    inputs: PreparedEvidence | (() => PreparedEvidence),
    submitted: Pick<PreparedEvidence, 'unit' | 'selfTotal'>,
    context: AssessmentContext | null,
    items: ItemScores,
    trace: TraceValues | RecordedTrace | null,
    vetoes: VetoOutcomes,
    totals: Totals,
    vetoed: boolean,
    fromScore: string,
    grade: string,
  ) {
    this.unit = submitted.unit; // the evidence's own: immutable, and exactly { code, name } (the schema is strict): shared, not copied
    this.#inputs = inputs;
    this.context = context;
    this.steps = items.steps;
    this.computedSteps = items.computedSteps;
    this.#trace = trace;
    this.vetoValues = vetoes.values;
    this.vetoTriggered = vetoes.triggered;
    this.sections = totals.sections;
    this.base = totals.base;
    this.bonusClaimed = totals.bonus.claimed;
    this.bonus = totals.bonus.bonus;
    this.bonusGroups = totals.bonus.groups;
    this.deductionsClaimed = totals.deductionsClaimed;
    this.deductions = totals.deductions;
    this.total = totals.total;
    this.vetoed = vetoed;
    this.scoreGrade = fromScore;
    this.grade = grade;
    this.selfTotal = submitted.selfTotal;
    this.totalSteps = totals.totalSteps;
  }

  get inputs(): PreparedEvidence {
    const inputs = this.#inputs;
    if (typeof inputs !== 'function') return inputs;
    const made = inputs();
    this.#inputs = made;
    return made;
  }

  get trace(): TraceValues | null {
    const trace = this.#trace;
    if (!(trace instanceof RecordedTrace)) return trace;
    const values = trace.values();
    this.#trace = values;
    return values;
  }
}
