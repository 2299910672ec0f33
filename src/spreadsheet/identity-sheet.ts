/**
 * What every Kaohe workbook shares when it comes back: a cell's plain text, and the
 * identity sheet (key/value rows in columns A and B) found by the format it declares,
 * its name being only a hint, since people rename and LibreOffice unhides sheets.
 */
import { type CellRead, type SheetRead, type WorkbookRead, address } from './workbook-read.js';

/** A cell as text: trimmed text, a number's decimal text, otherwise empty. */
export function textOf(cell: CellRead | undefined): string {
  const value = cell?.value;
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The sheet whose key/value rows say it is `format`'s identity: the one named `name` when it does, else any that does. */
export function findIdentitySheet(workbook: WorkbookRead, format: string, name: string): SheetRead | undefined {
  const isIdentity = (s: SheetRead) =>
    Array.from({ length: s.rowCount }, (_, i) => i + 1).some(
      (r) => textOf(s.cells[address('A', r)]) === 'format' && textOf(s.cells[address('B', r)]) === format,
    );
  const named = workbook.sheets.find((s) => s.name === name);
  return named && isIdentity(named) ? named : workbook.sheets.find(isIdentity);
}

/** The identity sheet's key/value rows: each key's text and the address of its value (the first row of a key counts). */
export function identityValues(sheet: SheetRead): Map<string, { readonly text: string; readonly ref: string }> {
  const values = new Map<string, { text: string; ref: string }>();
  for (let r = 1; r <= sheet.rowCount; r++) {
    const key = textOf(sheet.cells[address('A', r)]);
    if (key !== '' && !values.has(key)) values.set(key, { text: textOf(sheet.cells[address('B', r)]), ref: `${sheet.name}!${address('B', r)}` });
  }
  return values;
}
