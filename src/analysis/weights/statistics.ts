/**
 * Population statistics over units, exact: every mean, variance and covariance is a
 * fraction of the scores as published, so a checkpoint that does not tell units apart has
 * a variance of exactly zero, not 1e-17.
 */
import { type Num, add, cmp, div, fromDouble, mul, sub, toNumber } from '../../core/exact/index.js';

/** One value per unit, as exact numbers. */
export type Column = readonly Num[];

export function column(values: readonly number[]): Column {
  return values.map(fromDouble);
}

export function mean(x: Column): Num {
  let sum: Num = 0;
  for (const v of x) sum = add(sum, v);
  return div(sum, x.length);
}

/** The population covariance (divided by n, not n − 1: the units are the whole population, not a sample). */
export function covariance(x: Column, y: Column): Num {
  const mx = mean(x);
  const my = mean(y);
  let sum: Num = 0;
  for (let i = 0; i < x.length; i++) sum = add(sum, mul(sub(x[i] as Num, mx), sub(y[i] as Num, my)));
  return div(sum, x.length);
}

export function variance(x: Column): Num {
  return covariance(x, x);
}

/** Pearson's r as a double (a square root is not exact), or null when either column is constant. */
export function correlation(x: Column, y: Column): number | null {
  const vx = variance(x);
  const vy = variance(y);
  if (cmp(vx, 0) === 0 || cmp(vy, 0) === 0) return null;
  const c = covariance(x, y);
  const squared = toNumber(div(mul(c, c), mul(vx, vy)));
  return Math.sign(toNumber(c)) * Math.sqrt(Math.min(1, squared));
}
