/**
 * Diagonal hatching and a dark border over chosen bars: how a vetoed unit is marked
 * (its result is forced, its score stands), visible in colour and in a grey print.
 */
import type { Plugin } from 'chart.js';
import { barBox } from './plugin-kit.js';
import { VETO_BORDER } from './theme.js';

export interface HatchOptions {
  readonly bars: readonly { readonly datasetIndex: number; readonly index: number }[];
}

const SPACING = 6;

export const hatchPlugin: Plugin = {
  id: 'kaoheHatch',
  afterDatasetsDraw(chart, _args, options: HatchOptions) {
    const { ctx } = chart;
    for (const { datasetIndex, index } of options.bars) {
      const box = barBox(chart, datasetIndex, index);
      if (!box) continue;
      const w = box.right - box.left;
      const h = box.bottom - box.top;
      if (w <= 0 || h <= 0) continue;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, w, h);
      ctx.clip();
      ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let x = box.left - h; x < box.right; x += SPACING) {
        ctx.moveTo(x, box.bottom);
        ctx.lineTo(x + h, box.top);
      }
      ctx.stroke();
      ctx.restore();
      ctx.save();
      ctx.strokeStyle = VETO_BORDER;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(box.left, box.top, w, h);
      ctx.restore();
    }
  },
};
