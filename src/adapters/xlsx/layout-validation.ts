/**
 * A layout cell's Validation as Excel's data validation: the input message shown when
 * the cell is selected and the error alert that stops a wrong entry, both titled in
 * Chinese. A list is written inline ("是,否") when Excel can hold it so; a list with a
 * comma in a value, or longer than Excel's 255 characters, is written into a very
 * hidden sheet of lists (column B onwards, never A, where the importer looks for row
 * identifiers) and referred to by its range.
 */
import type { DataValidation } from 'exceljs';
import type { LayoutCell } from '../../spreadsheet/workbook-layout.js';

const INLINE_LIST_MAX = 255;
/** Excel's largest number: "any number" on one side of a range. */
const EXCEL_MAX = 9.99e307;

/** The very hidden sheet holding the lists that cannot be written inline. */
export const LISTS_SHEET = '_kaohe_lists';

/** Lists that go to the lists sheet, one column each, the same list once. */
export class SheetLists {
  readonly columns: (readonly string[])[] = [];
  private readonly known = new Map<string, string>();

  /** The absolute range of `values` on the lists sheet, e.g. '_kaohe_lists'!$B$1:$B$4. */
  rangeOf(values: readonly string[]): string {
    const key = JSON.stringify(values);
    const found = this.known.get(key);
    if (found !== undefined) return found;
    const letter = columnLetter(this.columns.length + 2);
    const range = `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(values.length, 1)}`;
    this.columns.push(values);
    this.known.set(key, range);
    return range;
  }
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

export function dataValidation(validation: NonNullable<LayoutCell['validation']>, lists: SheetLists): DataValidation {
  const messages = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: '填写提示',
    prompt: validation.prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error: validation.error,
  } as const;
  switch (validation.kind) {
    case 'list': {
      const inline = `"${validation.values.map((v) => v.replace(/"/g, '""')).join(',')}"`;
      const fits = inline.length <= INLINE_LIST_MAX && validation.values.every((v) => !v.includes(','));
      return { type: 'list', formulae: [fits ? inline : lists.rangeOf(validation.values)], ...messages };
    }
    case 'whole':
    case 'decimal': {
      const { min, max } = validation;
      if (min !== undefined && max !== undefined) return { type: validation.kind, operator: 'between', formulae: [min, max], ...messages };
      if (min !== undefined) return { type: validation.kind, operator: 'greaterThanOrEqual', formulae: [min], ...messages };
      if (max !== undefined) return { type: validation.kind, operator: 'lessThanOrEqual', formulae: [max], ...messages };
      return { type: validation.kind, operator: 'between', formulae: [-EXCEL_MAX, EXCEL_MAX], ...messages };
    }
    case 'textLength':
      return { type: 'textLength', operator: 'lessThanOrEqual', formulae: [validation.max], ...messages };
  }
}
