/**
 * What Kaohe's own chart.js plugins share. They are inline plugins (passed in a
 * chart's config, not registered globally), read what to draw from
 * options.plugins[id] so a spec stays plain data a test can read, and use only the
 * chart's own canvas context: building a spec needs no canvas.
 */
import type { BarElement, Chart, ChartType } from 'chart.js';
import type { HatchOptions } from './plugin-hatch.js';
import type { HeatOptions } from './plugin-heat.js';
import type { ThresholdOptions } from './plugin-thresholds.js';
import type { ValueLabelOptions } from './plugin-value-labels.js';

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- augmenting chart.js: the type parameter must be declared as chart.js declares it
  interface PluginOptionsByType<TType extends ChartType> {
    kaoheValueLabels: ValueLabelOptions;
    kaoheThresholds: ThresholdOptions;
    kaoheHatch: HatchOptions;
    kaoheHeat: HeatOptions;
  }
}

/** A canvas font in the family the renderer made chart.js's default (the CJK font). */
export function fontOf(chart: Chart, size: number, bold = false): string {
  const family = chart.options.font?.family ?? 'sans-serif';
  return `${bold ? 'bold ' : ''}${size}px ${family}`;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where a bar is drawn, horizontal or vertical (as chart.js's own getBarBounds). */
export function barBox(chart: Chart, datasetIndex: number, index: number): (Box & { horizontal: boolean; forward: boolean }) | undefined {
  const bar = chart.getDatasetMeta(datasetIndex).data[index] as BarElement | undefined;
  if (!bar) return undefined;
  const { x, y, base, width, height, horizontal } = bar.getProps(['x', 'y', 'base', 'width', 'height', 'horizontal'], true) as unknown as {
    x: number;
    y: number;
    base: number;
    width: number;
    height: number;
    horizontal: boolean;
  };
  if (horizontal) return { left: Math.min(x, base), right: Math.max(x, base), top: y - height / 2, bottom: y + height / 2, horizontal, forward: x >= base };
  return { left: x - width / 2, right: x + width / 2, top: Math.min(y, base), bottom: Math.max(y, base), horizontal, forward: y <= base };
}
