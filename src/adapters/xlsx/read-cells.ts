/**
 * An exceljs workbook as plain cells (src/spreadsheet/workbook-read.ts): text as text
 * (rich text and hyperlinks flattened to what the cell shows), numbers as numbers,
 * booleans, dates as YYYY-MM-DD, error values as their code (#N/A), and a formula as its
 * text with its cached result. Nothing is evaluated: a formula without a cached result
 * reads with value null.
 */
import ExcelJS from 'exceljs';
import type { CellRead, CellValue, SheetRead, WorkbookRead } from '../../spreadsheet/workbook-read.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A date as the calendar day the sheet shows. exceljs turns a date serial into the UTC
 * instant of that day (and time), so the UTC fields are the day as typed, whatever the
 * server's time zone.
 */
export function isoDay(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

interface Plain {
  readonly value: CellValue;
  readonly isDate?: boolean;
}

function richText(runs: readonly ExcelJS.RichText[]): string {
  return runs.map((run) => run.text).join('');
}

/** A stored value (a cell's own, or a formula's cached result) as plain data. */
function plain(value: unknown): Plain {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { value: null } : { value: isoDay(value), isDate: true };
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { value: richText(o.richText as ExcelJS.RichText[]) };
    if ('error' in o && typeof o.error === 'string') return { value: o.error };
    if ('text' in o) return plain(o.text); // a hyperlink: what the cell shows
  }
  return { value: null };
}

function formulaText(cell: ExcelJS.Cell, model: Record<string, unknown>): string {
  try {
    const text = cell.formula;
    if (typeof text === 'string' && text !== '') return text;
  } catch {
    // A shared formula exceljs cannot translate to this cell: fall back to its master's address.
  }
  const master = model.sharedFormula;
  return typeof master === 'string' ? `（与 ${master} 相同的共享公式）` : '（公式）';
}

/**
 * Whether a number format shows the value as a percentage ("0%", "0.0%", but not a
 * quoted or escaped "%" as in '0"%"'): typing 85% into a cell makes Excel, WPS and
 * LibreOffice store 0.85 with such a format, and the importer must read it as 85.
 */
export function showsPercent(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

const BOOLEAN_FORMULA = /^\s*=?\s*(TRUE|FALSE)\s*\(\s*\)\s*$/i;

function cellRead(cell: ExcelJS.Cell): CellRead | undefined {
  if (cell.type === ExcelJS.ValueType.Merge) return undefined; // a merged range's value lives in its first cell
  const value: unknown = cell.value;
  if (cell.type === ExcelJS.ValueType.Formula) {
    const model = (value ?? {}) as Record<string, unknown>;
    const formula = formulaText(cell, model);
    const constant = BOOLEAN_FORMULA.exec(formula);
    // LibreOffice saves a boolean cell as the formula TRUE() or FALSE() (and exceljs
    // drops a cached false): it is a constant the user typed, read as the boolean it is.
    if (constant) return { value: constant[1]?.toUpperCase() === 'TRUE' };
    return { ...plain(model.result), formula };
  }
  const read = plain(value);
  if (read.value === null || read.value === '') return undefined;
  if (typeof read.value === 'number' && showsPercent(cell.numFmt)) return { ...read, percent: true };
  return read;
}

function sheetRead(ws: ExcelJS.Worksheet): SheetRead {
  const cells: Record<string, CellRead> = {};
  let rowCount = 0;
  let columnCount = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const read = cellRead(cell);
      if (read === undefined) return;
      cells[cell.address] = read;
      rowCount = Math.max(rowCount, rowNumber);
      columnCount = Math.max(columnCount, columnNumber);
    });
  });
  const state = ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible';
  return { name: ws.name, state, rowCount, columnCount, cells };
}

/** Every sheet, in the workbook's order, with its non-empty cells; rowCount/columnCount reach the last non-empty cell. */
export function workbookCells(wb: ExcelJS.Workbook): WorkbookRead {
  return { sheets: wb.worksheets.map(sheetRead) };
}
