/** An uploaded .xlsx read into plain cells (src/spreadsheet/workbook-read.ts), after the checks that make it safe to open. */
import type { WorkbookRead } from '../../spreadsheet/workbook-read.js';

export function readWorkbook(
  bytes: Uint8Array,
): Promise<{ readonly ok: true; readonly workbook: WorkbookRead } | { readonly ok: false; readonly reason: string }> {
  return Promise.resolve({ ok: false, reason: `读取工作簿的功能尚未完成（${bytes.length} 字节）` });
}
