/**
 * An uploaded .xlsx read into plain cells (src/spreadsheet/workbook-read.ts), after the
 * checks that make it safe to open (read-inspect.ts: size, signature, zip bombs, macros,
 * external links, rows). Never throws: every problem is a refusal with a Chinese reason.
 */
import ExcelJS from 'exceljs';
import type { WorkbookRead } from '../../spreadsheet/workbook-read.js';
import { workbookCells } from './read-cells.js';
import { inspectUpload } from './read-inspect.js';
import { unreadable } from './read-reasons.js';

export type WorkbookReadResult = { readonly ok: true; readonly workbook: WorkbookRead } | { readonly ok: false; readonly reason: string };

export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookReadResult> {
  const inspection = inspectUpload(bytes);
  if (!inspection.ok) return inspection;
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
    return { ok: true, workbook: workbookCells(wb) };
  } catch {
    // A zip that passed the checks but whose XML exceljs cannot make sense of; exceljs's
    // own message is English and about its internals, so the user gets ours.
    return { ok: false, reason: unreadable('其中的表格内容无法解析') };
  }
}
