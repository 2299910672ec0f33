/**
 * A table on a sheet, described column by column: what each cell holds, its number
 * format and any note. Every sheet of the report is one such table plus a title, so
 * headers, filters, borders and formats are the same everywhere.
 */
import type { Worksheet } from 'exceljs';
import { border, fill, styleHeader } from './layout.js';

/** A cell's value: numbers stay numbers (never text), null leaves the cell empty. */
export type Value = string | number | null;

export interface Column<T> {
  readonly header: string;
  /** Shown when the pointer rests on the header: what the column means. */
  readonly headerNote?: string;
  readonly numFmt?: string;
  /** Widest the column grows before its text wraps (in widths of "0"). */
  readonly maxWidth?: number;
  /** Short words (是/否, a grade) read better centred. */
  readonly align?: 'center';
  readonly value: (row: T) => Value;
  readonly note?: (row: T) => string | undefined;
  readonly fill?: (row: T) => string | undefined;
  readonly font?: (row: T) => { bold?: boolean; color?: { argb: string } } | undefined;
}

/** Writes the header at `headerRow` and one row per item below it; returns the last row written. */
export function writeTable<T>(ws: Worksheet, headerRow: number, columns: readonly Column<T>[], rows: readonly T[]): number {
  columns.forEach((col, i) => {
    const cell = ws.getCell(headerRow, i + 1);
    cell.value = col.header;
    if (col.headerNote !== undefined) cell.note = col.headerNote;
  });
  rows.forEach((item, r) => {
    const row = ws.getRow(headerRow + 1 + r);
    columns.forEach((col, i) => {
      const cell = row.getCell(i + 1);
      cell.value = col.value(item);
      if (col.numFmt !== undefined) cell.numFmt = col.numFmt;
      // Middle, so one-line cells line up with a neighbour whose text wraps.
      cell.alignment = { vertical: 'middle', ...(col.align ? { horizontal: col.align } : {}) };
      const note = col.note?.(item);
      if (note) cell.note = note;
      const argb = col.fill?.(item);
      if (argb !== undefined) fill(cell, argb);
      const font = col.font?.(item);
      if (font !== undefined) cell.font = font;
    });
  });
  const last = headerRow + rows.length;
  styleHeader(ws, headerRow, 1, columns.length, last);
  border(ws, headerRow + 1, last, 1, columns.length);
  return last;
}

/** Column widths' upper bounds by column number, for fitColumns. */
export function maxWidths<T>(columns: readonly Column<T>[]): (col: number) => number {
  return (col) => columns[col - 1]?.maxWidth ?? 60;
}
