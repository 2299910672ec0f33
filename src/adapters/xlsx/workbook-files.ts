/** The spreadsheet port (services/ports.ts WorkbookFiles) on exceljs: layouts written, uploads read after their checks. */
import type { WorkbookFiles } from '../../services/ports.js';
import { readWorkbook } from './read-workbook.js';
import { writeWorkbook } from './write-workbook.js';

export const xlsxWorkbookFiles: WorkbookFiles = { write: writeWorkbook, read: readWorkbook };
