/** Stage 5: vetoes (一票否决). A triggered veto forces the result; the score stays as computed. */
import type { ItemInput } from '../evidence/index.js';
import { truthy } from '../logic/index.js';
import type { VetoResult } from '../result.js';
import type { Veto } from '../rubric/index.js';

export function checkVeto(veto: Veto, input: ItemInput, traced: boolean): VetoResult {
  // A veto whose finding was not recorded cannot be applied; it is reported as missing.
  if (input.state !== 'present') return { veto, input, triggered: false, value: null, trace: null };
  const trace = traced ? new Array<unknown>(veto.rule.nodes.length) : null;
  const value = veto.rule.evaluate(input.data, trace);
  return { veto, input, triggered: truthy(value), value, trace };
}
