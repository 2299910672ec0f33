/** A share (0.911) as the analysis commands print it: a percentage to one decimal, rounded half-up (91.1%). */
import { type Num, mul, roundTo, toFixed } from '../core/exact/index.js';

export function percentText(share: Num): string {
  return `${toFixed(roundTo(mul(share, 100), 1, 'half-up'), 1)}%`;
}
