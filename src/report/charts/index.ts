/**
 * The report's charts as data (chart.js configurations with a file name and size):
 * pure, no canvas, no files. src/adapters/charts renders them to PNG.
 */
import type { ReportInput } from '../input.js';
import { distributionChart } from './distribution.js';
import { gradeScale } from './grades.js';
import { heatChart } from './heat.js';
import { movementChart } from './movement.js';
import { precisionOf } from './numbers.js';
import { rankingChart } from './ranking.js';
import { inRankOrder } from './rows.js';
import type { ChartSpec } from './spec.js';
import { sectionAverages, unitChart } from './unit.js';

export type { ChartImages, ChartSpec } from './spec.js';

/** chart-ranking, chart-grades, chart-heat, chart-movement (with a previous year), then chart-unit-<code> in rank order. */
export function chartSpecs(input: ReportInput): ChartSpec[] {
  const p = precisionOf(input.results);
  const scale = gradeScale(input);
  const averages = sectionAverages(input.results, p);
  const { previous } = input;
  const heat = heatChart(input);
  return [
    rankingChart(input, scale, p),
    distributionChart(input, scale, p),
    ...(heat ? [heat] : []),
    ...(previous ? [movementChart({ ...input, previous }, p)] : []),
    ...inRankOrder(input.results.units).map((u) => unitChart(input, u, averages, scale, p)),
  ];
}
