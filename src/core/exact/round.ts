/**
 * Rounding and rendering. A rubric states its precision (decimal places) and its
 * rounding mode; scores are rounded once, here, and rendered without ever passing
 * through a binary fraction.
 */
import { type Num, Ratio, bigRatio, ratio, toBig } from './num.js';

/** 四舍五入 (half away from zero), GB/T 8170 修约 (half to even), or 去尾 (toward zero). */
export type RoundingMode = 'half-up' | 'half-even' | 'down';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down'];

/** The value rounded to `places` decimal places; exact input, exact output. */
export function roundTo(x: Num, places: number, mode: RoundingMode): Num {
  if (typeof x === 'number') return x; // integers need no rounding; non-finite stays
  if (x instanceof Ratio) {
    const fast = roundSmall(x, places, mode);
    if (fast !== undefined) return fast;
  }
  const [p, q] = toBig(x);
  const scale = 10n ** BigInt(places);
  const n = p * scale;
  const negative = n < 0n;
  const a = negative ? -n : n;
  let whole = a / q;
  const rest2 = (a % q) * 2n;
  if (mode === 'half-up' && rest2 >= q) whole += 1n;
  if (mode === 'half-even' && (rest2 > q || (rest2 === q && whole % 2n === 1n))) whole += 1n;
  return bigRatio(negative ? -whole : whole, scale);
}

/** The same rounding in safe-integer doubles, when p · 10^places stays safe (almost always). */
function roundSmall(x: Ratio, places: number, mode: RoundingMode): Num | undefined {
  const scale = 10 ** places;
  if (scale % x.q === 0) return x; // already at this precision: nothing to round
  const n = x.p * scale;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(scale)) return undefined;
  const a = n < 0 ? -n : n;
  const q = x.q;
  let whole = Math.floor(a / q);
  // a / q in doubles can land on the wrong side of an integer; the remainder is exact.
  while (whole * q > a) whole--;
  while ((whole + 1) * q <= a) whole++;
  const rest2 = (a - whole * q) * 2;
  if (mode === 'half-up' && rest2 >= q) whole += 1;
  if (mode === 'half-even' && (rest2 > q || (rest2 === q && whole % 2 === 1))) whole += 1;
  return ratio(n < 0 ? -whole : whole, scale);
}

/** True when the value has a finite decimal expansion (its denominator is 2^a·5^b). */
export function isTerminating(x: Num): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  let q = x instanceof Ratio ? BigInt(x.q) : x.q;
  while (q % 2n === 0n) q /= 2n;
  while (q % 5n === 0n) q /= 5n;
  return q === 1n;
}

/**
 * A decimal text signed as a change is printed: "+1.25", "−0.50" with a true minus (U+2212,
 * not the hyphen), and zero unsigned ("0.00", also for a "-0.00" that rounding left).
 */
export function signedText(decimal: string): string {
  if (!/[1-9]/.test(decimal)) return decimal.replace(/^-/, '');
  return decimal.startsWith('-') ? `−${decimal.slice(1)}` : `+${decimal}`;
}

/** toFixed(x, places), signed as a change is printed (signedText). */
export function toSignedFixed(x: Num, places: number): string {
  return signedText(toFixed(x, places));
}

/** Exact decimal text with exactly `places` digits after the point; the value must already be at that precision. */
export function toFixed(x: Num, places: number): string {
  if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
  const [p, q] = toBig(x);
  const scale = 10n ** BigInt(places);
  if ((p * scale) % q !== 0n) throw new RangeError(`toFixed: ${p}/${q} has more than ${places} decimal places`);
  const n = (p * scale) / q;
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${body}` : body;
}

/** Shortest exact decimal text of a terminating value ("0.7", "90", "-1.25"); p/q text otherwise. */
export function toExactText(x: Num): string {
  if (typeof x === 'number') return String(x);
  const [p, q] = toBig(x);
  if (!isTerminating(x)) return `${p}/${q}`;
  let places = 0;
  let scale = 1n;
  while ((p * scale) % q !== 0n) {
    places += 1;
    scale *= 10n;
  }
  return toFixed(x, places);
}

/**
 * A JSON number for a terminating value of at most 15 significant digits: its shortest
 * decimal text is also what JSON.stringify prints, so no binary artefact can appear.
 * Anything else is returned as exact text ("2/3") so that nothing is silently rounded.
 */
export function toJsonValue(x: Num): number | string {
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  const text = toExactText(x);
  if (text.includes('/')) return text;
  const significant = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return significant.length <= 15 ? Number(text) : text;
}
