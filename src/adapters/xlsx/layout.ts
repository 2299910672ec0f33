/**
 * How the report's sheets look: number formats at the rubric's precision, header and
 * title styles, and column widths that fit Chinese text. Excel measures a column in
 * widths of the digit "0"; a CJK character is about two of those, so it counts as two.
 */
import type { Cell, Worksheet } from 'exceljs';

/** '0.00' for precision 2, '0' for whole points: what the rubric publishes. */
export function numberFormat(places: number): string {
  return places > 0 ? `0.${'0'.repeat(places)}` : '0';
}

/** A change shows its sign, so "+2" (up) and "-2" (down) read at a glance. */
export function signedFormat(places: number): string {
  const f = numberFormat(places);
  return `+${f};-${f};${f}`;
}

export const RANK_FORMAT = '0';

// East Asian Wide and Fullwidth blocks (Unicode UAX #11), which a spreadsheet draws at two widths.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    width += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return width;
}

/** The text a cell shows: numbers as their format prints them (only widths depend on it). */
function shownText(cell: Cell): string {
  const value = cell.value;
  if (typeof value === 'number') {
    const places = /0\.(0+)/.exec(cell.numFmt ?? '')?.[1]?.length ?? 0;
    const sign = (cell.numFmt ?? '').startsWith('+') && value > 0 ? '+' : '';
    return `${sign}${value.toFixed(places)}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a cell shows what the value prints as
  return value === null || value === undefined ? '' : String(value);
}

/**
 * A header may wrap onto a second line, so half its width will do, rounded up to whole
 * CJK characters; a run of Latin letters and digits ("G01.1") only breaks at a space,
 * so it must fit whole. Two more widths leave room for the filter button.
 */
function headerWidth(text: string): number {
  const runs = text.match(/[\x21-\x7e]+/g) ?? [];
  return Math.max(Math.ceil(displayWidth(text) / 4) * 2, ...runs.map((run) => run.length)) + 2;
}

export interface FitOptions {
  /** The table's header row, whose text may wrap (see headerWidth). */
  readonly headerRow: number;
  /** Rows above this (the merged title and caption, sized by fitTitleRows) are not measured. */
  readonly measureFrom: number;
  /** Widest a column may grow; longer text wraps within it. Per column, 1-based. */
  readonly maxWidth?: (col: number) => number;
}

/** Sets each column to fit its text and wraps the cells of columns whose text is wider than their maximum. */
export function fitColumns(ws: Worksheet, options: FitOptions): void {
  const data = new Map<number, number>();
  const header = new Map<number, number>();
  ws.eachRow((row, r) => {
    if (r < options.measureFrom) return;
    row.eachCell((cell, c) => {
      const text = shownText(cell);
      const widths = r === options.headerRow ? header : data;
      widths.set(c, Math.max(widths.get(c) ?? 0, r === options.headerRow ? headerWidth(text) : displayWidth(text)));
    });
  });
  for (const c of new Set([...data.keys(), ...header.keys()])) {
    const max = options.maxWidth?.(c) ?? 60;
    const w = data.get(c) ?? 0;
    // Two widths of padding for the cell margins.
    ws.getColumn(c).width = Math.min(Math.max(w, header.get(c) ?? 0, 4), max) + 2;
    if (w <= max) continue;
    ws.eachRow((row, r) => {
      if (r <= options.headerRow) return;
      const cell = row.getCell(c);
      cell.alignment = { ...cell.alignment, wrapText: true };
    });
  }
  fitRowHeights(ws, options.headerRow);
}

/**
 * Heights for rows whose wrapped text needs more than one line. Excel keeps a stored
 * row height and does not re-measure wrapped text on opening, so the height is
 * estimated here from the same character widths (about 15 points a line at 11 points).
 */
function fitRowHeights(ws: Worksheet, fromRow: number): void {
  ws.eachRow((row, r) => {
    if (r < fromRow) return;
    let lines = 1;
    row.eachCell((cell, c) => {
      if (!cell.alignment?.wrapText) return;
      const room = Math.max((ws.getColumn(c).width ?? 10) - 2, 1);
      const needed = shownText(cell)
        .split('\n')
        .reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / room)), 0);
      lines = Math.max(lines, needed);
    });
    if (lines > 1) row.height = lines * 15 + 3;
  });
}

const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The header row of a table: bold on a tint, wrapped, bordered, with an autofilter. */
export function styleHeader(ws: Worksheet, row: number, fromCol: number, toCol: number, filterTo?: number): void {
  ws.getRow(row).font = { bold: true };
  for (let c = fromCol; c <= toCol; c++) {
    const cell = ws.getCell(row, c);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = BORDER;
  }
  if (filterTo !== undefined) ws.autoFilter = { from: { row, column: fromCol }, to: { row: filterTo, column: toCol } };
}

/** Thin borders on a block of cells, so the table prints as a table. */
export function border(ws: Worksheet, fromRow: number, toRow: number, fromCol: number, toCol: number): void {
  for (let r = fromRow; r <= toRow; r++) for (let c = fromCol; c <= toCol; c++) ws.getCell(r, c).border = BORDER;
}

/**
 * Row 1, the sheet's title, and row 2, a caption (provenance or the unit's headline),
 * each merged across the table so that long text wraps within the table's width
 * rather than running past it (and widening every printed page).
 */
export function titleRows(ws: Worksheet, lastCol: number, title: string, caption?: string): void {
  const cell = ws.getCell(1, 1);
  cell.value = title;
  cell.font = { bold: true, size: 14 };
  cell.alignment = { vertical: 'middle', wrapText: true };
  ws.mergeCells(1, 1, 1, lastCol);
  if (caption === undefined) return;
  const under = ws.getCell(2, 1);
  under.value = caption;
  under.font = { color: { argb: 'FF595959' } };
  under.alignment = { vertical: 'top', wrapText: true };
  ws.mergeCells(2, 1, 2, lastCol);
}

/** Heights for the merged title rows once the columns have their widths. */
export function fitTitleRows(ws: Worksheet, lastCol: number): void {
  let room = -2;
  for (let c = 1; c <= lastCol; c++) room += ws.getColumn(c).width ?? 9;
  // The title is set at 14 points against the body's 11, so its characters are wider.
  const title = Math.ceil((displayWidth(shownText(ws.getCell(1, 1))) * 14) / 11 / Math.max(room, 1));
  ws.getRow(1).height = Math.max(title, 1) * 20 + 4;
  const caption = shownText(ws.getCell(2, 1));
  if (caption !== '') ws.getRow(2).height = Math.max(Math.ceil(displayWidth(caption) / Math.max(room, 1)), 1) * 15 + 3;
}

/**
 * Frozen rows (and columns), and printing on A4 landscape with the frozen rows repeated
 * on every page: one page wide when the table allows it, else across pages with the
 * frozen columns repeated too.
 */
export function freezeAndPrint(ws: Worksheet, rows: number, cols: number, onePageWide = true): void {
  ws.views = [{ state: 'frozen', xSplit: cols, ySplit: rows }];
  const repeat = { printTitlesRow: `1:${rows}`, ...(onePageWide || cols === 0 ? {} : { printTitlesColumn: `A:${ws.getColumn(cols).letter}` }) };
  ws.pageSetup = onePageWide
    ? { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, ...repeat }
    : { paperSize: 9, orientation: 'landscape', fitToPage: false, scale: 75, ...repeat };
}

export const FILL = {
  missing: 'FFFCE4D6',
  notApplicable: 'FFEDEDED',
  summary: 'FFF2F2F2',
} as const;

export function fill(cell: Cell, argb: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}
