/**
 * A layout cell's Validation as Excel's data validation: the input message shown when
 * the cell is selected and the error alert that stops a wrong entry, both titled in
 * Chinese. A list is written inline ("是,否"), which Excel limits to 255 characters and
 * splits at commas; a list that cannot be written so is a rubric the template does
 * not support yet, said plainly rather than written as a list that offers other values.
 */
import type { DataValidation } from 'exceljs';
import type { LayoutCell } from '../../spreadsheet/workbook-layout.js';

const INLINE_LIST_MAX = 255;
/** Excel's largest number: "any number" on one side of a range. */
const EXCEL_MAX = 9.99e307;

export function dataValidation(validation: NonNullable<LayoutCell['validation']>, address: string): DataValidation {
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
      const bad = validation.values.find((v) => v.includes(','));
      const formula = `"${validation.values.map((v) => v.replace(/"/g, '""')).join(',')}"`;
      if (bad !== undefined || formula.length > INLINE_LIST_MAX) {
        throw new Error(`${address}: list values cannot be written inline (${bad === undefined ? `${formula.length} characters` : `"${bad}" has a comma`})`);
      }
      return { type: 'list', formulae: [formula], ...messages };
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
