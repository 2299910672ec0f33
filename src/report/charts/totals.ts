/**
 * chart-totals.png (reports at scale): how the totals spread, as a histogram of five-point
 * bins, each bar stacked by result in the grades' colours, the count on top. Its size does
 * not grow with the units, where the ranking chart's one bar per unit would.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ReportInput } from '../input.js';
import type { GradeScale } from './grades.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import type { ChartSpec } from './spec.js';
import { assessmentName } from './text.js';
import { BAR_LAYOUT, FONT, GRID, INK, PIXEL_RATIO, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

/** Points per bin: a hundred-point rubric gives at most about twenty bars. */
const BIN = 5;

export function totalsChart(input: ReportInput, scale: GradeScale): ChartSpec {
  const { results } = input;
  const totals = results.units.map((u) => u.total);
  const low = Math.floor(Math.min(...totals) / BIN);
  const high = Math.floor(Math.max(...totals) / BIN);
  const bins = Array.from({ length: high - low + 1 }, (_, i) => (low + i) * BIN);
  const counts = scale.bands.map((band) => {
    const row = bins.map(() => 0);
    for (const u of results.units) if (u.grade === band.grade) row[Math.floor(u.total / BIN) - low]! += 1;
    return row;
  });
  const sums = bins.map((_, i) => counts.reduce((n, row) => n + (row[i] as number), 0));
  // Each count on the topmost grade that has units in the bin.
  const labels = bins.flatMap((_, index) => {
    const top = counts.reduce((found, row, d) => ((row[index] as number) > 0 ? d : found), -1);
    return top < 0 ? [] : [{ datasetIndex: top, index, text: String(sums[index]) }];
  });
  const title = `${assessmentName(results.rubric.title)}：总分分布`;
  const base = baseOptions<'bar'>(title, `共 ${results.summary.units} 个单位，每 ${BIN} 分一档（含下限，不含上限），柱色为考核结果`);
  const legend = (): LegendItem[] => scale.bands.map((b) => ({ text: b.label, fillStyle: b.colour, strokeStyle: b.colour, lineWidth: 0, hidden: false }));
  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels: bins.map((from) => `${from}–${from + BIN}`),
      datasets: scale.bands.map((band, d) => ({
        label: band.label,
        data: counts[d] as number[],
        backgroundColor: band.colour,
        stack: 'units',
        barPercentage: 0.9,
        categoryPercentage: 0.95,
      })),
    },
    options: {
      ...base,
      layout: BAR_LAYOUT,
      scales: {
        x: {
          stacked: true,
          grid: { display: false },
          ticks: { color: INK, font: { size: FONT.small } },
          title: axisTitle('总分（分）'),
        },
        y: {
          stacked: true,
          beginAtZero: true,
          suggestedMax: Math.max(1, ...sums) * 1.12,
          grid: { color: GRID },
          ticks: { color: INK, font: { size: FONT.tick }, precision: 0 },
          title: axisTitle('单位数（个）'),
        },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        kaoheValueLabels: { size: FONT.small, labels },
      },
    },
    plugins: [valueLabelsPlugin],
  };
  // Below the landscape aspect (html/figures.ts): a histogram reads well in the page's column.
  return { name: 'chart-totals.png', title, width: png(820), height: png(470), pixelRatio: PIXEL_RATIO, config };
}
