/**
 * Text at the end of bars (a total, a count, a change): chart.js draws no values by
 * itself, and chartjs-plugin-datalabels would format numbers its own way. The text
 * comes ready-made from the spec, at the rubric's precision.
 */
import type { Chart, Plugin } from 'chart.js';
import { barBox, fontOf } from './plugin-kit.js';
import { FONT, INK } from './theme.js';

export interface ValueLabel {
  readonly datasetIndex: number;
  readonly index: number;
  readonly text: string;
}

export interface ValueLabelOptions {
  readonly labels: readonly ValueLabel[];
  readonly size?: number;
  readonly bold?: boolean;
}

const GAP = 4;

/** Text on a white ground, so a threshold or grid line crossing it does not cut the digits. */
function masked(chart: Chart, text: string, x: number, y: number, width: number, size: number): void {
  const { ctx } = chart;
  const left = ctx.textAlign === 'right' ? x - width : ctx.textAlign === 'center' ? x - width / 2 : x;
  const top = ctx.textBaseline === 'bottom' ? y - size - 2 : y - size / 2 - 2;
  const ink = ctx.fillStyle;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left - 2, top, width + 4, size + 4);
  ctx.fillStyle = ink;
  ctx.fillText(text, x, y);
}

function draw(chart: Chart, options: ValueLabelOptions): void {
  const { ctx, chartArea } = chart;
  const size = options.size ?? FONT.label;
  ctx.save();
  ctx.font = fontOf(chart, size, options.bold ?? false);
  for (const label of options.labels) {
    const box = barBox(chart, label.datasetIndex, label.index);
    if (!box) continue;
    const width = ctx.measureText(label.text).width;
    ctx.fillStyle = INK;
    if (box.horizontal) {
      ctx.textBaseline = 'middle';
      const y = (box.top + box.bottom) / 2;
      // Outside the bar's end; inside it, in white, only when outside would leave the canvas.
      if (box.forward) {
        const fits = box.right + GAP + width <= chart.width - 2;
        ctx.textAlign = fits ? 'left' : 'right';
        if (!fits) ctx.fillStyle = '#ffffff';
        if (fits) masked(chart, label.text, box.right + GAP, y, width, size);
        else ctx.fillText(label.text, box.right - GAP, y);
      } else {
        const fits = box.left - GAP - width >= chartArea.left;
        ctx.textAlign = fits ? 'right' : 'left';
        if (!fits) ctx.fillStyle = '#ffffff';
        if (fits) masked(chart, label.text, box.left - GAP, y, width, size);
        else ctx.fillText(label.text, box.left + GAP, y);
      }
    } else {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      masked(chart, label.text, (box.left + box.right) / 2, box.top - GAP, width, size);
    }
  }
  ctx.restore();
}

export const valueLabelsPlugin: Plugin = {
  id: 'kaoheValueLabels',
  afterDatasetsDraw(chart, _args, options: ValueLabelOptions) {
    draw(chart, options);
  },
};
