/**
 * chart-uncertainty.png: how sure each rank is (kaohe analyse uncertainty). One row per
 * unit in published rank order: a bar over its 5%–95% rank interval, a stroke at its
 * published rank and a diamond at its median rank; red where the unit may be flagged
 * (后三位) in some scenarios, grey where it never is. The axis runs from the first rank on
 * the left to the last on the right.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import { rowLayout } from './rows.js';
import type { ChartSpec } from './spec.js';
import { BAR_LAYOUT, DOWN, FONT, GRID, INK, NEUTRAL, PIXEL_RATIO, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

/** What the chart reads of one unit's analysis: plain numbers, so the report layer needs nothing else. */
export interface RankIntervalRow {
  readonly name: string;
  readonly rank: number;
  readonly medianRank: number;
  readonly low: number;
  readonly high: number;
  /** Chance of being flagged, as printed (e.g. "12.5%"), or null when the unit never is. */
  readonly flagged: string | null;
}

export interface RankIntervals {
  readonly title: string;
  /** How the scenarios were made, in words (e.g. 按种子 2015 抽样 1,000 次). */
  readonly how: string;
  /** The flag the colours speak of, e.g. 后三位. */
  readonly flagLabel: string | null;
  readonly rows: readonly RankIntervalRow[];
  /** How many ranks the axis spans, when the rows are some of the units (default: one per row). */
  readonly ranks?: number;
}

const WIDTH = 820;
const OVERHEAD = 200;
const PUBLISHED = INK;
const MEDIAN = '#1565c0';

export function rankIntervalsChart(input: RankIntervals): ChartSpec {
  const rows = [...input.rows].sort((a, b) => a.rank - b.rank);
  const layout = rowLayout(rows.length);
  const count = input.ranks ?? rows.length;
  // Half a rank each side; on an axis of thousands of ranks, a hundredth, so that the first and last markers stay whole.
  const margin = Math.max(0.5, count / 100);
  const colour = (r: RankIntervalRow) => (r.flagged === null ? NEUTRAL : DOWN);
  const base = baseOptions<'bar' | 'line'>(`${input.title}：名次的不确定性`, [
    `横条为 5%–95% 名次区间，竖线为公布名次，菱形为名次中位数；${input.how}`,
    ...(input.flagLabel === null ? [] : [`红色为有可能进入${input.flagLabel}的单位，右侧为其概率`]),
  ]);
  const legend = (): LegendItem[] => [
    { text: '5%–95% 名次区间', fillStyle: `${NEUTRAL}66`, strokeStyle: NEUTRAL, lineWidth: 1, hidden: false, pointStyle: 'rect' },
    { text: '公布名次', fillStyle: PUBLISHED, strokeStyle: PUBLISHED, lineWidth: 3, hidden: false, pointStyle: 'line', rotation: 90 },
    { text: '名次中位数', fillStyle: 'rgba(255,255,255,0)', strokeStyle: MEDIAN, lineWidth: 2, hidden: false, pointStyle: 'rectRot' },
  ];
  const config: ChartConfiguration<'bar' | 'line', (number | [number, number])[], string> = {
    type: 'bar',
    data: {
      labels: rows.map((r) => `${r.rank}  ${r.name}`),
      datasets: [
        {
          type: 'bar',
          label: '5%–95% 名次区间',
          // Half a rank either side, so that an interval of one rank still shows as a bar.
          data: rows.map((r) => [r.low - 0.4, r.high + 0.4] as [number, number]),
          backgroundColor: rows.map((r) => `${colour(r)}66`),
          borderColor: rows.map(colour),
          borderWidth: 1,
          barPercentage: 0.7,
          categoryPercentage: 0.9,
        },
        {
          type: 'line',
          label: '公布名次',
          data: rows.map((r) => r.rank),
          showLine: false,
          // A vertical stroke: it stays visible where the median's diamond sits on the same rank.
          pointStyle: 'line',
          pointRotation: 90,
          pointRadius: 9,
          pointBorderWidth: 3,
          pointBorderColor: PUBLISHED,
          pointBackgroundColor: PUBLISHED,
        },
        {
          type: 'line',
          label: '名次中位数',
          data: rows.map((r) => r.medianRank),
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 6,
          pointBackgroundColor: 'rgba(255,255,255,0)',
          pointBorderColor: MEDIAN,
          pointBorderWidth: 2,
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      layout: { padding: { ...BAR_LAYOUT.padding, right: 64 } },
      scales: {
        x: {
          type: 'linear',
          min: 1 - margin,
          max: count + margin,
          grid: { color: GRID },
          afterBuildTicks: (axis) => {
            const step = Math.max(1, Math.ceil(count / 20));
            axis.ticks = Array.from({ length: count }, (_, i) => i + 1)
              .filter((r) => r === 1 || r % step === 0)
              .map((value) => ({ value }));
          },
          ticks: { color: INK, font: { size: FONT.tick } },
          title: axisTitle('名次'),
        },
        y: { type: 'category', grid: { display: false }, ticks: { autoSkip: false, color: INK, font: { size: layout.font } } },
      },
      plugins: {
        ...base.plugins,
        legend: { ...legendOnTop(legend), labels: { ...legendOnTop(legend).labels, usePointStyle: true } },
        kaoheValueLabels: {
          size: layout.font,
          labels: rows.flatMap((r, index) => (r.flagged === null ? [] : [{ datasetIndex: 0, index, text: r.flagged }])),
        },
      },
    },
    plugins: [valueLabelsPlugin],
  };
  return {
    name: 'chart-uncertainty.png',
    title: `${input.title}：名次的不确定性`,
    width: png(WIDTH),
    height: png(OVERHEAD + rows.length * layout.row),
    pixelRatio: PIXEL_RATIO,
    config: config,
  };
}
