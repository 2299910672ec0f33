/**
 * The look shared by every chart: sizes in chart.js (CSS) pixels drawn at a fixed
 * pixel ratio, so a chart printed across an A4 page has text of about 9 pt and
 * chart.js's own proportions (legend boxes, line widths) stay as designed.
 */
import type { ChartOptions, ChartType, LegendItem } from 'chart.js';

/** PNG pixels per chart.js pixel; every spec's width and height are multiples of it. */
export const PIXEL_RATIO = 2;

/** A chart.js length in PNG pixels (rounded up to a whole chart.js pixel). */
export function png(cssPixels: number): number {
  return Math.ceil(cssPixels) * PIXEL_RATIO;
}

export const FONT = { title: 16, subtitle: 12, tick: 12, small: 11, label: 12 } as const;
export const INK = '#222222';
const MUTED = '#555555';
export const GRID = '#e3e3e3';

/**
 * Grades best first, green to red. The worst grade is always red (不合格, D); the
 * middle of a four-grade scale (B, C) gets light green and amber, so C, which passes,
 * does not look like a failure.
 */
const GRADE_COLOURS = ['#2e7d32', '#7cb342', '#f2a900', '#e8710a', '#c62828'] as const;

export function gradeColour(index: number, count: number): string {
  if (count <= 1) return GRADE_COLOURS[0];
  const slots = count === 4 ? [0, 1, 2, 4] : undefined;
  const slot = slots?.[index] ?? Math.round((index * (GRADE_COLOURS.length - 1)) / (count - 1));
  return GRADE_COLOURS[Math.min(slot, GRADE_COLOURS.length - 1)] as string;
}

export const UP = '#2e7d32';
export const DOWN = '#c62828';
export const NEUTRAL = '#9e9e9e';
export const VETO_BORDER = '#111111';

/** Options every chart shares: static rendering, fixed ratio, Chinese title and subtitle. */
export function baseOptions<T extends ChartType>(title: string, subtitle?: string | string[]): ChartOptions<T> {
  const options = {
    responsive: false,
    animation: false,
    devicePixelRatio: PIXEL_RATIO,
    color: INK,
    plugins: {
      title: { display: true, text: title, color: INK, font: { size: FONT.title, weight: 'bold' }, padding: { top: 6, bottom: subtitle ? 2 : 10 } },
      subtitle: { display: subtitle !== undefined, text: subtitle ?? '', color: MUTED, font: { size: FONT.subtitle }, padding: { bottom: 8 } },
      // A PNG has no pointer: tooltips would never show, and chart.js would format them itself.
      tooltip: { enabled: false },
    },
  };
  return options as ChartOptions<T>;
}

/** The room every bar chart keeps around its plot (value labels at the right end need the most). */
export const BAR_LAYOUT = { padding: { left: 8, right: 16, top: 4, bottom: 8 } };

/** A legend above the plot, its entries drawn by `generateLabels` (each chart says what its colours mean). */
export function legendOnTop(generateLabels: () => LegendItem[], display = true) {
  return { display, position: 'top' as const, labels: { generateLabels, color: INK, font: { size: FONT.tick }, boxWidth: 14, boxHeight: 12 } };
}

/** An axis's title, e.g. 总分（分）. */
export function axisTitle(text: string) {
  return { display: true, text, color: INK, font: { size: FONT.tick } };
}
