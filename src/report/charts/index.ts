/**
 * The report's charts as data (chart.js configurations with a file name and size):
 * pure, no canvas, no files. src/adapters/charts renders them to PNG.
 */
import type { ReportInput } from '../input.js';
import { TOP_BOTTOM_UNITS, atScale } from '../scale.js';
import { distributionChart } from './distribution.js';
import { gradeScale } from './grades.js';
import { groupPanels } from './group-panels.js';
import { heatChart } from './heat.js';
import { movementChart } from './movement.js';
import { changesChart, moversChart } from './movement-scale.js';
import { precisionOf } from './numbers.js';
import { rankingChart } from './ranking.js';
import { rankIntervalsChart } from './rank-intervals.js';
import { rankIntervalsOf } from '../uncertainty.js';
import { inRankOrder } from './rows.js';
import type { ChartSpec } from './spec.js';
import { assessmentName } from './text.js';
import { totalsChart } from './totals.js';
import { sectionAverages, unitChart } from './unit.js';

export type { ChartImages, ChartSpec } from './spec.js';

/**
 * chart-ranking, chart-grades, chart-heat, chart-movement (with a previous year),
 * chart-uncertainty (with an analysis of how sure the ranks are), then chart-unit-<code> in
 * rank order. At scale (scale.ts) the charts whose size follows the
 * units give way to chart-grades, chart-totals, chart-top, chart-bottom and, when the units
 * are grouped, chart-groups, and with a previous year chart-changes and chart-movers (in
 * place of chart-movement); each unit's radar is drawn with its scorecard (unitChartSpecs).
 */
export function chartSpecs(input: ReportInput): ChartSpec[] {
  if (atScale(input.results)) return scaleChartSpecs(input);
  const p = precisionOf(input.results);
  const scale = gradeScale(input);
  const { previous } = input;
  const heat = heatChart(input);
  return [
    rankingChart(input, scale, p),
    distributionChart(input, scale, p),
    ...(heat ? [heat] : []),
    ...(previous ? [movementChart({ ...input, previous }, p)] : []),
    ...uncertaintyChart(input),
    ...unitChartSpecs(
      input,
      inRankOrder(input.results.units).map((u) => u.code),
    ),
  ];
}

/** The radar (or bars) of these units, each against the average of all units. */
export function unitChartSpecs(input: ReportInput, codes: readonly string[]): ChartSpec[] {
  const p = precisionOf(input.results);
  const scale = gradeScale(input);
  const averages = sectionAverages(input.results, p);
  const byCode = new Map(input.results.units.map((u) => [u.code, u]));
  return codes.flatMap((code) => {
    const unit = byCode.get(code);
    return unit ? [unitChart(input, unit, averages, scale, p)] : [];
  });
}

function scaleChartSpecs(input: ReportInput): ChartSpec[] {
  const p = precisionOf(input.results);
  const scale = gradeScale(input);
  const ranked = inRankOrder(input.results.units);
  const name = assessmentName(input.results.rubric.title);
  return [
    distributionChart(input, scale, p),
    totalsChart(input, scale),
    rankingChart(input, scale, p, { units: ranked.slice(0, TOP_BOTTOM_UNITS), name: 'chart-top.png', title: `${name}：总分前 ${TOP_BOTTOM_UNITS} 名` }),
    rankingChart(input, scale, p, { units: ranked.slice(-TOP_BOTTOM_UNITS), name: 'chart-bottom.png', title: `${name}：总分后 ${TOP_BOTTOM_UNITS} 名` }),
    ...(input.previous ? [changesChart({ ...input, previous: input.previous }, p), moversChart({ ...input, previous: input.previous }, p)] : []),
    ...groupPanels(input, scale),
    ...uncertaintyChart(input),
  ];
}

/** chart-uncertainty.png, when the input carries an analysis of how sure the ranks are. */
function uncertaintyChart(input: ReportInput): ChartSpec[] {
  return input.uncertainty ? [rankIntervalsChart(rankIntervalsOf(input.uncertainty, input.results.rubric.title))] : [];
}
