/** Stage 5: vetoes (一票否决). A triggered veto forces the result; the score stays as computed. */
import type { PreparedEvidence } from '../evidence/index.js';
import { type TraceValues, truthy } from '../logic/index.js';
import type { Rubric } from '../rubric/index.js';

export function checkVetoes(rubric: Rubric, inputs: PreparedEvidence, trace: TraceValues | null): { values: unknown[]; triggered: boolean[] } {
  const values: unknown[] = [];
  const triggered: boolean[] = [];
  for (const veto of rubric.vetoes) {
    // A veto whose finding was not recorded cannot be applied; it is reported as missing.
    const present = inputs.vetoStates[veto.index] === 'present';
    const value = present ? veto.rule.evaluate(inputs.values, trace) : null;
    values.push(value);
    triggered.push(present && truthy(value));
  }
  return { values, triggered };
}
