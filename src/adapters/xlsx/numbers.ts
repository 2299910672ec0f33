/**
 * The few numbers the workbook shows that results.json holds only as two terms (points
 * lost = max − score, change = this year − last year). Subtracting doubles would show
 * 1.4699999999999989 for 84.35 − 82.88, so the difference is taken exactly and written
 * as the double whose shortest text is that decimal, like every number in results.json.
 */
import { fromDouble, sub, toJsonValue } from '../../core/exact/index.js';

export function difference(a: number, b: number): number {
  const exact = toJsonValue(sub(fromDouble(a), fromDouble(b)));
  // A difference of two decimals is a decimal of no more places, so this is a number.
  return typeof exact === 'number' ? exact : Number(exact);
}
