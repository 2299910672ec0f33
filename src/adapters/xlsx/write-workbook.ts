/** A WorkbookLayout (src/spreadsheet/workbook-layout.ts) written as .xlsx bytes with exceljs. */
import type { WorkbookLayout } from '../../spreadsheet/workbook-layout.js';

export function writeWorkbook(layout: WorkbookLayout): Promise<Uint8Array> {
  return Promise.reject(new Error(`writing workbooks is not built yet (${layout.title})`));
}
