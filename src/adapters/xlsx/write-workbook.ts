/**
 * A WorkbookLayout (src/spreadsheet/workbook-layout.ts) written as .xlsx bytes with
 * exceljs: every cell with its look, the input cells unlocked and validated, each
 * protected sheet locked without a password (a guard against slips, not people),
 * hidden columns and sheets as laid out, and (only when a list cannot be written
 * inline) a very hidden sheet of lists after them. The same layout gives the same bytes: the
 * workbook's dates and the zip entries' timestamps are the layout's date, never the
 * clock, and no password means no random salt.
 */
import ExcelJS, { type Worksheet } from 'exceljs';
import type { LayoutSheet, WorkbookLayout } from '../../spreadsheet/workbook-layout.js';
import { displayWidth } from './layout.js';
import { LOOKS } from './layout-styles.js';
import { LISTS_SHEET, SheetLists, dataValidation } from './layout-validation.js';
import { workbookDate } from './workbook.js';
import { withFixedDates } from './zip-dates.js';

/** Points per line of 11-point text, and Excel's tallest row. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

export async function writeWorkbook(layout: WorkbookLayout): Promise<Uint8Array> {
  const when = workbookDate(layout.date);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  wb.lastModifiedBy = 'Kaohe';
  wb.title = layout.title;
  wb.created = when;
  wb.modified = when;
  const lists = new SheetLists();
  for (const sheet of layout.sheets) await addSheet(wb, sheet, lists);
  if (lists.columns.length > 0) await addListsSheet(wb, lists);
  const bytes = await wb.xlsx.writeBuffer();
  return withFixedDates(new Uint8Array(bytes), when);
}

async function addSheet(wb: ExcelJS.Workbook, sheet: LayoutSheet, lists: SheetLists): Promise<void> {
  const ws = wb.addWorksheet(sheet.name, { state: sheet.state });
  for (const [letter, column] of Object.entries(sheet.columns)) {
    const c = ws.getColumn(letter);
    c.width = column.width;
    if (column.hidden) c.hidden = true;
  }
  for (const [address, cell] of Object.entries(sheet.cells)) {
    const target = ws.getCell(address);
    target.value = cell.value;
    const look = LOOKS[cell.style ?? 'text'];
    if (look.font) target.font = look.font;
    if (look.fill) target.fill = look.fill;
    if (look.alignment) target.alignment = look.alignment;
    if (look.border) target.border = look.border;
    if (cell.numFmt !== undefined) target.numFmt = cell.numFmt;
    if (cell.unlocked) target.protection = { locked: false };
    if (cell.validation) target.dataValidation = dataValidation(cell.validation, lists);
  }
  for (const range of sheet.merges ?? []) ws.mergeCells(range);
  fitRowHeights(ws, sheet);
  if (sheet.frozenRows !== undefined) {
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: sheet.frozenRows }];
    ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${sheet.frozenRows}` };
  }
  if (sheet.protected) {
    // No password: exceljs would salt its hash randomly, and the lock only guards against slips.
    await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  }
}

/** The lists too long for an inline validation, one per column from B, very hidden and protected like the identity sheet. */
async function addListsSheet(wb: ExcelJS.Workbook, lists: SheetLists): Promise<void> {
  const ws = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  lists.columns.forEach((values, i) => values.forEach((value, r) => (ws.getCell(r + 1, i + 2).value = value)));
  await ws.protect('', {});
}

/**
 * Heights for rows whose wrapped text needs more than one line: Excel keeps a stored
 * row height and does not re-measure wrapped text on opening, so the lines are counted
 * here from the columns' widths (a CJK character is two widths of "0").
 */
function fitRowHeights(ws: Worksheet, sheet: LayoutSheet): void {
  const merged = new Set((sheet.merges ?? []).map((range) => range.split(':')[0] ?? range));
  const lines = new Map<number, number>();
  for (const [address, cell] of Object.entries(sheet.cells)) {
    if (!LOOKS[cell.style ?? 'text'].wraps || merged.has(address) || cell.value === null) continue;
    const target = ws.getCell(address);
    const room = Math.max((ws.getColumn(target.col).width ?? 9) - 1, 1);
    const needed = String(cell.value)
      .split('\n')
      .reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / room)), 0);
    lines.set(Number(target.row), Math.max(lines.get(Number(target.row)) ?? 1, needed));
  }
  for (const [row, n] of lines) if (n > 1) ws.getRow(row).height = Math.min(n * LINE_HEIGHT + 3, MAX_ROW_HEIGHT);
  for (const address of merged) {
    const style = sheet.cells[address]?.style;
    if (style === 'title') ws.getRow(Number(ws.getCell(address).row)).height = 24;
  }
}
