/** Stage 5: vetoes (一票否决). A triggered veto forces the result; the score stays as computed. */
import type { PreparedEvidence } from '../evidence/index.js';
import { type TraceValues, truthy } from '../logic/index.js';
import type { Rubric, Veto } from '../rubric/index.js';

export function checkVetoes(rubric: Rubric, inputs: PreparedEvidence, trace: TraceValues | null): { values: unknown[]; triggered: boolean[] } {
  const n = rubric.vetoes.length;
  const values = new Array<unknown>(n);
  const triggered = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    // A veto whose finding was not recorded cannot be applied; it is reported as missing.
    const present = inputs.vetoStates[i] === 'present';
    const value = present ? (rubric.vetoes[i] as Veto).rule.evaluate(inputs.values, trace) : null;
    values[i] = value;
    triggered[i] = present && truthy(value);
  }
  return { values, triggered };
}
