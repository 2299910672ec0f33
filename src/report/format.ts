/** Numbers as published: always at the rubric's precision, from exact decimals. */
import { fromDouble, toFixed } from '../core/exact/index.js';

export function fixed(value: number, places: number): string {
  return toFixed(fromDouble(value), places);
}

export const ROUNDING_WORDS: Readonly<Record<string, string>> = {
  'half-up': '四舍五入',
  'half-even': '四舍六入五成双（GB/T 8170）',
  down: '去尾',
};
