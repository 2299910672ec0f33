/**
 * Numbers a chart derives from results.json (a share of a maximum, an average, a
 * change since last year), computed on exact decimals and rounded with the rubric's
 * own rule, so a label never shows a binary-float artefact such as 0.30000000000000004.
 * Drawing positions stay plain doubles: only the text has to be exact.
 */
import type { ResultsV1 } from '../../core/index.js';
import { type Num, type RoundingMode, add, div, fromDouble, mul, roundTo, signedText, sub, toFixed, toNumber } from '../../core/exact/index.js';

export interface Precision {
  readonly places: number;
  readonly mode: RoundingMode;
}

export function precisionOf(results: ResultsV1): Precision {
  return { places: results.rubric.precision, mode: results.rubric.rounding as RoundingMode };
}

function text(x: Num, p: Precision): string {
  return toFixed(roundTo(x, p.places, p.mode), p.places);
}

export interface Derived {
  /** For drawing. */
  readonly value: number;
  /** For reading: exact, at the rubric's precision. */
  readonly text: string;
}

/** Σ scores as a percentage of Σ maxima (one unit's share, or an average share). */
export function percentOf(scores: readonly number[], maxima: readonly number[], p: Precision): Derived {
  const sum = (xs: readonly number[]) => xs.reduce<Num>((a, x) => add(a, fromDouble(x)), 0);
  const whole = sum(maxima);
  if (toNumber(whole) === 0) return { value: 0, text: text(0, p) };
  const share = div(mul(sum(scores), 100), whole);
  return { value: toNumber(share), text: text(share, p) };
}

/** now − before, signed as the reports sign it ("+1.25", "−0.50" with a true minus, U+2212, "0.00"). */
export function change(now: number, before: number, p: Precision): Derived {
  const d = sub(fromDouble(now), fromDouble(before));
  const t = text(d, p);
  return { value: toNumber(d), text: signedText(t) };
}

/**
 * Axis graduations (0, 10, … or 0.1, 0.2, …): chart.js steps in doubles, so a tick can
 * arrive as 0.30000000000000004; shown rounded to the rubric's places, trailing zeros
 * dropped, since a graduation is not a score.
 */
export function graduation(value: number, p: Precision): string {
  const t = text(fromDouble(value), p);
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}
