/**
 * chart-movement.png, only when last year's results are given: each unit's change in
 * total (bar, green up, red down) with its change in rank in words, units in this
 * year's rank order. A unit not assessed last year gets no bar and says so.
 */
import type { ChartConfiguration, LegendItem, ScriptableScaleContext } from 'chart.js';
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import type { ReportInput } from '../input.js';
import { type Precision, change, graduation } from './numbers.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import { inRankOrder, rowLayout, unitLabel } from './rows.js';
import type { ChartSpec } from './spec.js';
import { BAR_LAYOUT, DOWN, FONT, GRID, INK, NEUTRAL, PIXEL_RATIO, UP, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

const WIDTH = 820;
const OVERHEAD = 210;

/** 1, 2 or 5 × 10^k at or above x: a bound the axis can graduate evenly. */
export function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 5, 10].find((m) => m * power >= x) ?? 10) * power;
}

function rankWords(before: number | undefined, now: number): string {
  if (before === undefined) return '上年未参加考核';
  if (before === now) return '名次不变';
  return before > now ? `↑${before - now} 名` : `↓${now - before} 名`;
}

/** Some units drawn alone, in the order given (at scale: the largest risers and fallers), under their own name, title and ordering words. */
export interface MovementPart {
  readonly units: readonly UnitResultV1[];
  readonly name: string;
  readonly title: string;
  readonly order: string;
}

export function movementChart(input: ReportInput & { previous: ResultsV1 }, p: Precision, part?: MovementPart): ChartSpec {
  const { results, previous } = input;
  const units = part ? [...part.units] : inRankOrder(results.units);
  const before = new Map(previous.units.map((u) => [u.code, u]));
  const rows = units.map((u) => {
    const was = before.get(u.code);
    const delta = was === undefined ? undefined : change(u.total, was.total, p);
    return { u, was, delta, text: delta === undefined ? rankWords(undefined, u.rank) : `${delta.text}（${rankWords(was?.rank, u.rank)}）` };
  });
  const layout = rowLayout(units.length);
  const height = OVERHEAD + units.length * layout.row;
  // Room beyond the longest bar for its label.
  const bound = niceCeil(Math.max(0, ...rows.map((r) => Math.abs(r.delta?.value ?? 0))) * 1.7);
  const colour = (v: number | undefined) => (v === undefined || v === 0 ? NEUTRAL : v > 0 ? UP : DOWN);
  const sameRubric = previous.rubric.hash === results.rubric.hash;
  const title = part?.title ?? `与${previous.year}年相比：总分与名次变化`;
  const base = baseOptions<'bar'>(title, [
    `柱长为总分变化（分，本年 ${results.year} 年减上年），括号内为名次变化；${part?.order ?? '按本年名次排列'}`,
    ...(sameRubric ? [] : [`两年所用考核细则不同（上年：${previous.rubric.title}），变化仅供参考`]),
  ]);
  const legend = (): LegendItem[] => [
    { text: '总分上升', fillStyle: UP, strokeStyle: UP, lineWidth: 0, hidden: false },
    { text: '总分下降', fillStyle: DOWN, strokeStyle: DOWN, lineWidth: 0, hidden: false },
  ];

  const config: ChartConfiguration<'bar', (number | null)[], string> = {
    type: 'bar',
    data: {
      labels: units.map(unitLabel),
      datasets: [
        {
          label: '总分变化',
          data: rows.map((r) => r.delta?.value ?? null),
          backgroundColor: rows.map((r) => colour(r.delta?.value)),
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
        x: {
          type: 'linear',
          min: -bound,
          max: bound,
          grid: { color: (ctx: ScriptableScaleContext) => (ctx.tick?.value === 0 ? INK : GRID) },
          ticks: { color: INK, font: { size: FONT.tick }, callback: (v: string | number) => graduation(Number(v), p) },
          title: axisTitle('总分变化（分）'),
        },
        y: { type: 'category', grid: { display: false }, ticks: { autoSkip: false, color: INK, font: { size: layout.font } } },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        kaoheValueLabels: { size: layout.font, labels: rows.map((r, index) => ({ datasetIndex: 0, index, text: r.text })) },
      },
    },
    plugins: [valueLabelsPlugin],
  };
  return { name: part?.name ?? 'chart-movement.png', title, width: png(WIDTH), height: png(height), pixelRatio: PIXEL_RATIO, config: config };
}
