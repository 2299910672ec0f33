/**
 * report.xlsx: 「排名」, 「各单位考核要点得分」, with an analysis of how sure the ranks are
 * 「名次的不确定性」 and 「名次概率」 (not at scale), and one sheet per unit in ranked order (not at scale),
 * written with exceljs from results.json alone. The same results give the same bytes:
 * the workbook's created/modified dates and the zip entries' timestamps are fixed (to
 * results.asOf when it is a date, else 2000-01-01), never the clock.
 */
import ExcelJS from 'exceljs';
import type { ReportInput } from '../../report/input.js';
import { atScale } from '../../report/scale.js';
import { MATRIX_SHEET, addMatrixSheet } from './matrix-sheet.js';
import { RANKING_SHEET, addRankingSheet, provenance } from './ranking-sheet.js';
import { SheetNames } from '../../spreadsheet/sheet-names.js';
import { UNCERTAINTY_SHEETS, addUncertaintySheets } from './uncertainty-workbook.js';
import { assessmentName } from '../../report/charts/text.js';
import { fileScenarioWords } from '../../report/uncertainty.js';
import { addUnitSheet } from './unit-sheet.js';
import { withFixedDates } from './zip-dates.js';

const FIXED_EPOCH = new Date(Date.UTC(2000, 0, 1));

/** The date the workbook carries: results.asOf when it parses as a date, else a fixed epoch. */
export function workbookDate(asOf: string | undefined): Date {
  const parsed = asOf === undefined ? Number.NaN : Date.parse(asOf);
  return Number.isNaN(parsed) ? FIXED_EPOCH : new Date(parsed);
}

/** Each unit's sheet name by unit code: its name, made valid and unique. */
export function unitSheetNames(input: ReportInput): Map<string, string> {
  const names = new SheetNames([RANKING_SHEET, MATRIX_SHEET, ...(input.uncertainty ? UNCERTAINTY_SHEETS : [])]);
  return new Map(input.results.units.map((u) => [u.code, names.next(u.name, u.code)]));
}

export async function reportWorkbook(input: ReportInput): Promise<Uint8Array> {
  const { results } = input;
  const when = workbookDate(results.asOf);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  wb.lastModifiedBy = 'Kaohe';
  wb.title = `${results.rubric.title}：考核结果`;
  wb.subject = `${results.year}年度考核结果`;
  wb.description = provenance(input);
  wb.keywords = results.rubric.hash;
  wb.created = when;
  wb.modified = when;
  addRankingSheet(wb, input);
  addMatrixSheet(wb, input);
  if (input.uncertainty)
    addUncertaintySheets(wb, input.uncertainty, assessmentName(results.rubric.title), fileScenarioWords(input.uncertainty), !atScale(results));
  // At scale a sheet per unit would be thousands of sheets; each unit's scorecard is its own document (report/scale.ts).
  if (!atScale(results)) {
    const names = unitSheetNames(input);
    for (const unit of results.units) addUnitSheet(wb, input, unit, names.get(unit.code) as string);
  }
  const bytes = await wb.xlsx.writeBuffer();
  return withFixedDates(new Uint8Array(bytes), when);
}
