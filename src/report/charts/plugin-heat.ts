/**
 * The heat table: one rectangle per unit × column, a mark in the cell when it needs
 * words (缺 for missing evidence), lines between the rubric's sections, and above
 * the cells the column codes (turned upright) under the sections' titles, in a band
 * the column axis reserves (headerBand). Codes are drawn here, centred on their
 * columns, because chart.js sets turned tick labels beside their tick, not on it.
 * Drawn here rather than with chartjs-chart-matrix: a few canvas calls are less to
 * keep than another package.
 */
import type { Chart, Plugin, Scale } from 'chart.js';
import { fontOf } from './plugin-kit.js';
import { FONT, INK } from './theme.js';

export interface HeatCell {
  readonly fill: string;
  readonly mark?: string;
  readonly markColour?: string;
}

export interface HeatOptions {
  /** Row-major: rows[r][c]. */
  readonly rows: readonly (readonly HeatCell[])[];
  readonly columns: readonly string[];
  /** Column ranges of the sections, with their titles (lines) as they fit. */
  readonly sections: readonly { readonly from: number; readonly to: number; readonly title: readonly string[] }[];
  /** Height of the column codes' part of the header. */
  readonly codeHeight: number;
}

export const CODE_FONT = 10;
const SECTION_LINE = FONT.small + 3;
export const SECTION_BAND = 2 * SECTION_LINE + 6;

/** An afterFit hook for the column axis (at the top, ticks hidden): room for the header. */
export function headerBand(codeHeight: number): (scale: Scale) => void {
  return (scale) => {
    scale.height = SECTION_BAND + codeHeight;
  };
}

function header(chart: Chart, options: HeatOptions, cw: number): void {
  const { ctx, chartArea } = chart;
  ctx.save();
  ctx.fillStyle = INK;
  ctx.font = fontOf(chart, CODE_FONT);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  options.columns.forEach((code, c) => {
    ctx.save();
    ctx.translate(chartArea.left + (c + 0.5) * cw, chartArea.top - 5);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(code, 0, 0);
    ctx.restore();
  });
  ctx.font = fontOf(chart, FONT.small, true);
  ctx.textAlign = 'center';
  const bandTop = chartArea.top - options.codeHeight - SECTION_BAND;
  for (const s of options.sections) {
    const left = chartArea.left + s.from * cw;
    const right = chartArea.left + (s.to + 1) * cw;
    const lines = s.title.length * SECTION_LINE;
    s.title.forEach((line, i) => ctx.fillText(line, (left + right) / 2, bandTop + (SECTION_BAND - lines) / 2 + SECTION_LINE * (i + 0.5), right - left - 4));
    if (s.from > 0) {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(left, bandTop);
      ctx.lineTo(left, chartArea.bottom);
      ctx.stroke();
    }
  }
  ctx.restore();
}

function draw(chart: Chart, options: HeatOptions): void {
  const { ctx, chartArea } = chart;
  const cw = (chartArea.right - chartArea.left) / Math.max(options.columns.length, 1);
  const rh = (chartArea.bottom - chartArea.top) / Math.max(options.rows.length, 1);
  ctx.save();
  ctx.font = fontOf(chart, Math.min(FONT.small, Math.floor(Math.min(cw, rh) * 0.7)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  options.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      const left = chartArea.left + c * cw;
      const top = chartArea.top + r * rh;
      ctx.fillStyle = cell.fill;
      ctx.fillRect(left + 0.5, top + 0.5, cw - 1, rh - 1);
      if (cell.mark) {
        ctx.fillStyle = cell.markColour ?? INK;
        ctx.fillText(cell.mark, left + cw / 2, top + rh / 2 + 0.5);
      }
    });
  });
  ctx.restore();
  header(chart, options, cw);
}

export const heatPlugin: Plugin = {
  id: 'kaoheHeat',
  beforeDatasetsDraw(chart, _args, options: HeatOptions) {
    draw(chart, options);
  },
};
