/**
 * A workbook as the importers see it: plain data read from an .xlsx by the adapter
 * (src/adapters/xlsx/read-workbook.ts), after its checks (size, rows, encryption,
 * macros, external links). Cell text is data, never evaluated: a formula's text is
 * carried so that the importer can refuse it at its cell.
 */

/** A cell's stored value: text, a number, a boolean, or a date as YYYY-MM-DD (a date-formatted number or a date cell). */
export type CellValue = string | number | boolean | null;

export interface CellRead {
  readonly value: CellValue;
  /** The formula's text when the cell holds one (its cached value, if any, is in value). */
  readonly formula?: string;
  /** The cell's value was a date (value is then its YYYY-MM-DD text). */
  readonly isDate?: boolean;
  /**
   * The cell's number format shows a percentage (e.g. "0%", "0.0%"): value is the stored
   * fraction. Typing 85% into a General cell makes Excel, WPS and LibreOffice store 0.85
   * and give the cell such a format, so without this flag 85% would import as 0.85.
   */
  readonly percent?: boolean;
}

export interface SheetRead {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  /** Rows and columns in use (1-based counts). */
  readonly rowCount: number;
  readonly columnCount: number;
  /** Non-empty cells by A1 address (e.g. "J37"). */
  readonly cells: Readonly<Record<string, CellRead>>;
}

export interface WorkbookRead {
  readonly sheets: readonly SheetRead[];
}

/** A1 address of a 1-based column letter and row. */
export const address = (column: string, row: number): string => `${column}${row}`;
