/**
 * chart-ranking.png: every unit's total in rank order as a horizontal bar, coloured by
 * its result, vetoed units hatched and marked （否决）, the grade thresholds as dashed
 * lines. One row per unit: the chart grows with the number of units.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { UnitResultV1 } from '../../core/index.js';
import type { ReportInput } from '../input.js';
import { fixed } from '../format.js';
import type { GradeScale } from './grades.js';
import { type Precision, graduation } from './numbers.js';
import { hatchPlugin } from './plugin-hatch.js';
import { THRESHOLD_BAND, thresholdBand, thresholdsPlugin } from './plugin-thresholds.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import { inRankOrder, rowLayout, unitLabel } from './rows.js';
import { assessmentName } from './text.js';
import type { ChartSpec } from './spec.js';
import { BAR_LAYOUT, FONT, GRID, INK, PIXEL_RATIO, VETO_BORDER, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

const WIDTH = 820;
/** Title, two subtitle lines, legend, threshold band, axes and padding. */
const OVERHEAD = 230 + THRESHOLD_BAND;

/** The axis runs to the rubric's total, or further when bonus points took a unit past it. */
function axisMax(total: number, highest: number): number {
  return Math.max(total, Math.ceil(highest / 10) * 10);
}

/** Part of the ranking drawn alone (at scale: the top and the bottom), under its own name and title. */
export interface RankingPart {
  readonly units: readonly UnitResultV1[];
  readonly name: string;
  readonly title: string;
}

export function rankingChart(input: ReportInput, scale: GradeScale, p: Precision, part?: RankingPart): ChartSpec {
  const { results } = input;
  const units = inRankOrder(part?.units ?? results.units);
  const layout = rowLayout(units.length);
  // With many rows the scale is repeated at the top, so a reader need not scroll down.
  const dense = units.length > 40;
  const height = OVERHEAD + (dense ? 20 : 0) + units.length * layout.row;
  const max = axisMax(results.rubric.total, Math.max(0, ...units.map((u) => u.total)));
  const labelOf = (grade: string) => scale.bands.find((b) => b.grade === grade)?.label ?? grade;
  const vetoed = units.flatMap((u, index) => (u.vetoed ? [{ datasetIndex: 0, index }] : []));

  const subtitle = [
    `按总分排名（满分 ${fixed(results.rubric.total, p.places)} 分），柱色为考核结果；虚线为各档次分数线${scale.inferred ? '（未附考核细则，分数线据结果推断）' : ''}`,
    ...(vetoed.length > 0 ? ['斜线黑框为一票否决：结果按否决认定，得分照常计算'] : []),
  ];
  const legend = (): LegendItem[] => [
    ...scale.bands.map((b) => ({
      text: `${b.label}（${results.summary.grades.find((g) => g.grade === b.grade)?.count ?? 0} 个）`,
      fillStyle: b.colour,
      strokeStyle: b.colour,
      lineWidth: 0,
      hidden: false,
    })),
    ...(vetoed.length > 0 ? [{ text: '一票否决', fillStyle: '#ffffff', strokeStyle: VETO_BORDER, lineWidth: 1.5, hidden: false }] : []),
  ];
  const ticks = { color: INK, font: { size: FONT.tick }, stepSize: 10, callback: (v: string | number) => graduation(Number(v), p) };
  const title = part?.title ?? `${assessmentName(results.rubric.title)}：总分排名`;
  // A part names the whole it is taken from, in place of the full scale's wording.
  if (part) subtitle[0] = `共 ${results.units.length} 个单位按总分排名（满分 ${fixed(results.rubric.total, p.places)} 分），柱色为考核结果，虚线为各档次分数线`;
  const base = baseOptions<'bar'>(title, subtitle);

  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels: units.map(unitLabel),
      datasets: [
        {
          label: '总分',
          data: units.map((u) => u.total),
          backgroundColor: units.map((u) => scale.colourOf(u.grade)),
          borderColor: units.map((u) => (u.vetoed ? VETO_BORDER : scale.colourOf(u.grade))),
          borderWidth: units.map((u) => (u.vetoed ? 1.5 : 0)),
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      layout: BAR_LAYOUT,
      scales: {
        x: { type: 'linear', min: 0, max, grid: { color: GRID }, ticks, title: axisTitle('总分（分）') },
        xTop: {
          type: 'linear',
          position: 'top',
          min: 0,
          max,
          grid: { display: false },
          border: { display: false },
          ticks: { ...ticks, display: dense },
          afterFit: thresholdBand,
        },
        y: { type: 'category', grid: { display: false }, ticks: { autoSkip: false, color: INK, font: { size: layout.font } } },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        kaoheValueLabels: {
          size: layout.font,
          labels: units.map((u, index) => ({ datasetIndex: 0, index, text: `${fixed(u.total, p.places)}  ${labelOf(u.grade)}` })),
        },
        kaoheHatch: { bars: vetoed },
        kaoheThresholds: {
          bandScale: 'xTop',
          lines: scale.bands.flatMap((b) => (b.min === undefined ? [] : [{ value: b.min, label: `${b.label} ≥ ${b.minText}`, colour: b.colour }])),
        },
      },
    },
    plugins: [hatchPlugin, thresholdsPlugin, valueLabelsPlugin],
  };
  return {
    name: part?.name ?? 'chart-ranking.png',
    title,
    width: png(WIDTH),
    height: png(height),
    pixelRatio: PIXEL_RATIO,
    config: config,
  };
}
