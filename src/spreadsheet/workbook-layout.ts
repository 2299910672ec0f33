/**
 * A workbook to write, as plain data: what the evidence template (and later the
 * examiners' field sheet) decides, cell by cell, and the xlsx adapter renders with
 * exceljs (src/adapters/xlsx/write-workbook.ts). Pure, so the layout is tested
 * without opening a file and the same layout always gives the same bytes.
 */

/** A value to put in a cell; a number stays a number (never text), so Excel sums and validates it. */
export type LayoutValue = string | number | null;

export type CellStyle = 'title' | 'header' | 'section' | 'checkpoint' | 'text' | 'wrap' | 'number' | 'input' | 'inputNumber' | 'identifier';

/** Excel's data validation of an input cell: what it accepts, and what it says in Chinese. */
export type Validation =
  | { readonly kind: 'list'; readonly values: readonly string[] }
  | { readonly kind: 'whole' | 'decimal'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'textLength'; readonly max: number };

export interface LayoutCell {
  readonly value: LayoutValue;
  readonly style?: CellStyle;
  /** Only input cells are unlocked; everything else is protected with the sheet. */
  readonly unlocked?: boolean;
  readonly validation?: Validation & { readonly prompt: string; readonly error: string };
  /** Number format, e.g. "0.00". */
  readonly numFmt?: string;
}

export interface LayoutSheet {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  /** Column widths (characters) by letter; a hidden column has `hidden: true`. */
  readonly columns: Readonly<Record<string, { readonly width: number; readonly hidden?: boolean }>>;
  /** Cells by A1 address. */
  readonly cells: Readonly<Record<string, LayoutCell>>;
  /** Ranges like "A1:M1". */
  readonly merges?: readonly string[];
  /** Rows frozen at the top (the title and the header). */
  readonly frozenRows?: number;
  /** Protected: locked cells cannot be edited (no password: this guards against slips, not people). */
  readonly protected: boolean;
}

export interface WorkbookLayout {
  readonly sheets: readonly LayoutSheet[];
  /** The workbook's created/modified date: fixed by the content (e.g. the cycle's deadline), never the clock, so bytes repeat. */
  readonly date: string;
  readonly title: string;
}
