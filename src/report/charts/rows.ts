/**
 * Charts with one row per unit (ranking, movement, heat table): units in rank order,
 * labelled "名次 单位", and a row height that keeps every label legible and unclipped
 * however many units there are; the chart grows taller instead of skipping labels.
 */
import type { UnitResultV1 } from '../../core/index.js';
import { FONT } from './theme.js';

export function inRankOrder(units: readonly UnitResultV1[]): UnitResultV1[] {
  return [...units].sort((a, b) => a.rank - b.rank);
}

export function unitLabel(u: UnitResultV1): string {
  return `${u.rank}  ${u.name}${u.vetoed ? '（否决）' : ''}`;
}

export interface RowLayout {
  /** Font size of the row labels. */
  readonly font: number;
  /** Height of one row in chart.js pixels: the label's line plus room around it. */
  readonly row: number;
}

export function rowLayout(count: number): RowLayout {
  if (count <= 20) return { font: FONT.tick, row: 26 };
  if (count <= 40) return { font: FONT.tick, row: 20 };
  return { font: FONT.small, row: 16 };
}
