/**
 * How each CellStyle of a WorkbookLayout looks in Excel: the input cells light yellow
 * (the one colour a clerk is told to look for), rubric text wrapped at the top of its
 * cell, headings tinted, thin borders so the table prints as a table.
 */
import type { Alignment, Borders, Fill, Font } from 'exceljs';
import type { CellStyle } from '../../spreadsheet/workbook-layout.js';

export const INPUT_FILL = 'FFFFF2CC';

const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

export interface LookOfStyle {
  readonly font?: Partial<Font>;
  readonly fill?: Fill;
  readonly alignment?: Partial<Alignment>;
  readonly border?: Partial<Borders>;
  /** Text that wraps, so the row's height is estimated from it. */
  readonly wraps: boolean;
}

const TOP_WRAP: Partial<Alignment> = { vertical: 'top', wrapText: true };

export const LOOKS: Readonly<Record<CellStyle, LookOfStyle>> = {
  title: { font: { bold: true, size: 14 }, alignment: { vertical: 'middle', wrapText: true }, wraps: false },
  header: {
    font: { bold: true },
    fill: solid('FFDDEBF7'),
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
    border: BORDER,
    wraps: true,
  },
  section: { font: { bold: true }, fill: solid('FFE2EFDA'), alignment: { vertical: 'middle', wrapText: true }, border: BORDER, wraps: false },
  checkpoint: { font: { bold: true }, fill: solid('FFF2F2F2'), alignment: TOP_WRAP, border: BORDER, wraps: true },
  text: { alignment: { vertical: 'top' }, border: BORDER, wraps: false },
  wrap: { alignment: TOP_WRAP, border: BORDER, wraps: true },
  number: { alignment: { vertical: 'top', horizontal: 'right' }, border: BORDER, wraps: false },
  input: { fill: solid(INPUT_FILL), alignment: TOP_WRAP, border: BORDER, wraps: true },
  inputNumber: { fill: solid(INPUT_FILL), alignment: { vertical: 'top', horizontal: 'right' }, border: BORDER, wraps: false },
  identifier: { font: { color: { argb: 'FF808080' } }, wraps: false },
};
