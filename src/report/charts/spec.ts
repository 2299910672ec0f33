/**
 * A chart as data: what chart.js draws (its configuration object), the PNG's file name
 * and size. Building specs is pure (src/report/charts); rendering them to PNG is an
 * adapter (src/adapters/charts).
 */
import type { ChartConfiguration } from 'chart.js';

export interface ChartSpec {
  /** File name of the PNG, e.g. "chart-ranking.png" or "chart-unit-620100.png". */
  readonly name: string;
  /** What the chart shows, in Chinese (also its alt text in the HTML). */
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /**
   * PNG pixels per chart.js pixel (the config's devicePixelRatio), 1 when absent: width
   * and height are the PNG's and multiples of it. Shown at width / pixelRatio CSS
   * pixels (or across an A4 page) its text has the size the chart was designed for.
   */
  readonly pixelRatio?: number;
  readonly config: ChartConfiguration;
}

/** The PNGs of a report by file name. */
export type ChartImages = ReadonlyMap<string, Uint8Array>;
