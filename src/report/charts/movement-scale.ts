/**
 * Year over year at scale (report/scale.ts), in place of chart-movement's bar per unit:
 * chart-changes.png counts the units by how much their total moved since last year (a
 * histogram of even steps, falls red, rises green, no change grey), and chart-movers.png
 * draws the largest risers and fallers as chart-movement draws every unit at a small scale.
 * Neither grows with the units.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import type { ReportInput } from '../input.js';
import { movementChart, niceCeil } from './movement.js';
import { type Precision, change, graduation } from './numbers.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import type { ChartSpec } from './spec.js';
import { BAR_LAYOUT, DOWN, FONT, GRID, INK, NEUTRAL, PIXEL_RATIO, UP, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

/** Bars of the histogram at most, on each side of no change. */
const BINS_EACH_SIDE = 10;

/** How many risers and how many fallers chart-movers draws. */
export const MOVERS_EACH = 10;

interface Moved {
  readonly unit: UnitResultV1;
  /** This year's total less last year's, exact at the rubric's places. */
  readonly delta: number;
}

function moved(results: ResultsV1, previous: ResultsV1, p: Precision): Moved[] {
  const before = new Map(previous.units.map((u) => [u.code, u]));
  return results.units.flatMap((unit) => {
    const was = before.get(unit.code);
    return was === undefined ? [] : [{ unit, delta: change(unit.total, was.total, p).value }];
  });
}

/**
 * A bin's index for a change: 0 for none, k > 0 for (k−1)w < d ≤ kw, k < 0 for kw ≤ d < (k+1)w,
 * so every rise and every fall is counted on its own side of the grey bar.
 */
function binOf(delta: number, width: number): number {
  if (delta === 0) return 0;
  return delta > 0 ? Math.ceil(delta / width) : -Math.ceil(-delta / width);
}

function binLabel(k: number, width: number, p: Precision): string {
  const signed = (v: number) => (v === 0 ? '0' : v > 0 ? `+${graduation(v, p)}` : `−${graduation(-v, p)}`);
  if (k === 0) return '0';
  return k > 0 ? `${signed((k - 1) * width)}～${signed(k * width)}` : `${signed(k * width)}～${signed((k + 1) * width)}`;
}

export function changesChart(input: ReportInput & { previous: ResultsV1 }, p: Precision): ChartSpec {
  const { results, previous } = input;
  const all = moved(results, previous, p);
  const largest = Math.max(0, ...all.map((m) => Math.abs(m.delta)));
  const width = niceCeil(largest / BINS_EACH_SIDE);
  const counts = new Map<number, number>();
  for (const m of all) counts.set(binOf(m.delta, width), (counts.get(binOf(m.delta, width)) ?? 0) + 1);
  const side = Math.max(1, ...[...counts.keys()].map(Math.abs));
  const bins = Array.from({ length: 2 * side + 1 }, (_, i) => i - side);
  const data = bins.map((k) => counts.get(k) ?? 0);
  const up = all.filter((m) => m.delta > 0).length;
  const down = all.filter((m) => m.delta < 0).length;
  const fresh = results.units.length - all.length;
  const title = `与${previous.year}年相比：总分变化分布`;
  const base = baseOptions<'bar'>(title, [
    `${all.length} 个单位两年均参加考核：总分上升 ${up} 个，下降 ${down} 个，不变 ${all.length - up - down} 个${fresh > 0 ? `；上年未参加考核 ${fresh} 个` : ''}`,
    `每 ${graduation(width, p)} 分一档（上升各档含上限，下降各档含下限）`,
    ...(previous.rubric.hash === results.rubric.hash ? [] : [`两年所用考核细则不同（上年：${previous.rubric.title}），变化仅供参考`]),
  ]);
  const legend = (): LegendItem[] => [
    { text: '总分上升', fillStyle: UP, strokeStyle: UP, lineWidth: 0, hidden: false },
    { text: '总分下降', fillStyle: DOWN, strokeStyle: DOWN, lineWidth: 0, hidden: false },
    { text: '不变', fillStyle: NEUTRAL, strokeStyle: NEUTRAL, lineWidth: 0, hidden: false },
  ];
  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels: bins.map((k) => binLabel(k, width, p)),
      datasets: [
        {
          label: '单位数',
          data,
          backgroundColor: bins.map((k) => (k === 0 ? NEUTRAL : k > 0 ? UP : DOWN)),
          barPercentage: 0.9,
          categoryPercentage: 0.95,
        },
      ],
    },
    options: {
      ...base,
      layout: BAR_LAYOUT,
      scales: {
        x: {
          grid: { display: false },
          ticks: { color: INK, font: { size: FONT.small }, maxRotation: 60, autoSkip: false },
          title: axisTitle('总分变化（分）'),
        },
        y: {
          beginAtZero: true,
          suggestedMax: Math.max(1, ...data) * 1.12,
          grid: { color: GRID },
          ticks: { color: INK, font: { size: FONT.tick }, precision: 0 },
          title: axisTitle('单位数（个）'),
        },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        kaoheValueLabels: { size: FONT.small, labels: data.flatMap((n, index) => (n > 0 ? [{ datasetIndex: 0, index, text: String(n) }] : [])) },
      },
    },
    plugins: [valueLabelsPlugin],
  };
  return { name: 'chart-changes.png', title, width: png(820), height: png(470), pixelRatio: PIXEL_RATIO, config };
}

/** The MOVERS_EACH largest rises, then the MOVERS_EACH largest falls, each unit once; ties by rank. */
export function moversChart(input: ReportInput & { previous: ResultsV1 }, p: Precision): ChartSpec {
  const all = moved(input.results, input.previous, p);
  const rises = all
    .filter((m) => m.delta > 0)
    .sort((a, b) => b.delta - a.delta || a.unit.rank - b.unit.rank)
    .slice(0, MOVERS_EACH);
  const falls = all
    .filter((m) => m.delta < 0)
    .sort((a, b) => b.delta - a.delta || a.unit.rank - b.unit.rank)
    .slice(-MOVERS_EACH);
  return movementChart(input, p, {
    units: [...rises, ...falls].map((m) => m.unit),
    name: 'chart-movers.png',
    title: `与${input.previous.year}年相比：总分上升和下降最多的单位`,
    order: `上升最多的 ${rises.length} 个和下降最多的 ${falls.length} 个单位，按变化排列`,
  });
}
