/** Stage 5: vetoes (一票否决). A triggered veto forces the result; the score stays as computed. */
import type { PreparedEvidence } from '../evidence/index.js';
import { type TraceValues, truthy } from '../logic/index.js';
import type { Rubric, Veto } from '../rubric/index.js';

export interface VetoOutcomes {
  readonly values: unknown[];
  readonly triggered: boolean[];
}

/** Up to 3^12 shapes of outcomes (each veto true, false or missing) are shared. */
const MAX_SHARED = 12;
const sharedByRubric = new WeakMap<Rubric, Map<number, VetoOutcomes>>();
/** This unit's values, until they are found shared or copied (rules are synchronous, so one scratch array serves every call). */
const scratch: unknown[] = [];

/**
 * The vetoes' values and whether each triggered. Units whose vetoes came out alike
 * (nearly every unit: none triggered) share one outcomes object, results being
 * immutable: nothing to allocate per unit.
 */
export function checkVetoes(rubric: Rubric, inputs: PreparedEvidence, trace: TraceValues | null): VetoOutcomes {
  const n = rubric.vetoes.length;
  let shape = 0; // the outcomes as a number while every value is true, false or null
  for (let i = 0; i < n; i++) {
    // A veto whose finding was not recorded cannot be applied; it is reported as missing.
    const value = inputs.vetoStates[i] === 'present' ? (rubric.vetoes[i] as Veto).rule.evaluate(inputs.values, trace) : null;
    scratch[i] = value;
    shape = shape * 3 + (value === null ? 0 : value === false ? 1 : value === true ? 2 : NaN);
  }
  let byShape = sharedByRubric.get(rubric);
  const sharable = shape === shape && n <= MAX_SHARED;
  let outcomes = sharable ? byShape?.get(shape) : undefined;
  if (outcomes === undefined) {
    const values = scratch.slice(0, n);
    const triggered = values.map((value, i) => inputs.vetoStates[i] === 'present' && truthy(value));
    outcomes = { values, triggered };
    if (sharable) {
      if (byShape === undefined) sharedByRubric.set(rubric, (byShape = new Map()));
      byShape.set(shape, outcomes);
    }
  }
  return outcomes;
}
