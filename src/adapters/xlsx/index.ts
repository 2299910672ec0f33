/** report.xlsx, written with exceljs from the report input. */
export { reportWorkbook, unitSheetNames, workbookDate } from './workbook.js';
export { RANKING_SHEET } from './ranking-sheet.js';
export { MATRIX_SHEET } from './matrix-sheet.js';
