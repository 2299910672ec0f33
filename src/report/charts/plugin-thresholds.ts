/**
 * Grade thresholds as dashed vertical lines across the plot, each labelled ("A ≥ 90.00")
 * in a band the top axis reserves for them (see thresholdBand), so a label never
 * sits on a bar. Labels that would touch are put on a second row. Drawn before the
 * value labels, which mask the lines where they cross.
 */
import type { Chart, Plugin, Scale } from 'chart.js';
import { fontOf } from './plugin-kit.js';
import { FONT, INK } from './theme.js';

export interface Threshold {
  readonly value: number;
  readonly label: string;
  readonly colour: string;
}

export interface ThresholdOptions {
  readonly lines: readonly Threshold[];
  /** Scale whose extra height holds the labels. */
  readonly bandScale: string;
}

const ROW = FONT.small + 6;
const MARK = 8;
const LINE = '#333333';

/** Height the band needs: two rows of labels at most. */
export const THRESHOLD_BAND = 2 * ROW + 4;

/** An afterFit hook for the top axis: grow it by the band (chart.js lays out the rest). */
export function thresholdBand(scale: Scale): void {
  scale.height += THRESHOLD_BAND;
}

function draw(chart: Chart, options: ThresholdOptions): void {
  const { ctx, chartArea } = chart;
  const x = chart.scales.x;
  const band = chart.scales[options.bandScale];
  if (!x || !band) return;
  ctx.save();
  ctx.font = fontOf(chart, FONT.small, true);
  const placed = [...options.lines]
    .map((line) => ({ line, px: x.getPixelForValue(line.value), width: MARK + 4 + ctx.measureText(line.label).width }))
    .filter((p) => p.px >= chartArea.left - 0.5 && p.px <= chartArea.right + 0.5)
    .sort((a, b) => a.px - b.px);
  const rowEnds = [-Infinity, -Infinity];
  for (const p of placed) {
    // Dark, not the grade's colour: the line crosses bars of that very colour.
    ctx.strokeStyle = LINE;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(p.px, chartArea.top);
    ctx.lineTo(p.px, chartArea.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    // Centred on its line, kept on the canvas, on the first row where it does not touch another.
    const left = Math.min(Math.max(p.px - p.width / 2, 2), chart.width - p.width - 2);
    const row = left > (rowEnds[0] as number) + 6 ? 0 : 1;
    rowEnds[row] = left + p.width;
    // The first row next to the plot, the second above it.
    const y = band.top + THRESHOLD_BAND - 2 - ROW / 2 - row * ROW;
    ctx.fillStyle = p.line.colour;
    ctx.fillRect(left, y - MARK / 2, MARK, MARK);
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(p.line.label, left + MARK + 4, y);
  }
  ctx.restore();
}

export const thresholdsPlugin: Plugin = {
  id: 'kaoheThresholds',
  afterDatasetsDraw(chart, _args, options: ThresholdOptions) {
    draw(chart, options);
  },
};
