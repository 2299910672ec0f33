/**
 * uncertainty.xlsx (kaohe analyse uncertainty --xlsx): 「名次的不确定性」, one row per unit in
 * published rank order: its published rank and result, median rank, 5%–95% interval, the
 * chance of each result and of each flag; then 「名次概率」, the chance of every rank. Each
 * probability is a number (a share, shown as a percentage), rounded half-up to four places
 * as in uncertainty.json. Dates are fixed, so the same analysis gives the same bytes.
 */
import ExcelJS from 'exceljs';
import type { UncertaintyFileV1 } from '../../analysis/index.js';
import { RANK_FORMAT, fitColumns, fitTitleRows, freezeAndPrint, titleRows } from './layout.js';
import { type Column, maxWidths, writeTable } from './table.js';
import { workbookDate } from './workbook.js';
import { withFixedDates } from './zip-dates.js';

type UnitRow = UncertaintyFileV1['units'][number];
const HEADER_ROW = 3;
const PERCENT = '0.0%';

/** The sheets' names, which report.xlsx keeps its unit sheets clear of. */
export const UNCERTAINTY_SHEETS = ['名次的不确定性', '名次概率'] as const;

export async function uncertaintyWorkbook(file: UncertaintyFileV1, title: string, how: string): Promise<Uint8Array> {
  const when = workbookDate(undefined);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  wb.lastModifiedBy = 'Kaohe';
  wb.title = `${title}：名次的不确定性`;
  wb.keywords = file.rubric.hash;
  wb.created = when;
  wb.modified = when;
  addUncertaintySheets(wb, file, title, how);
  const bytes = await wb.xlsx.writeBuffer();
  return withFixedDates(new Uint8Array(bytes), when);
}

/**
 * 「名次的不确定性」 and 「名次概率」, added to a workbook of its own or to report.xlsx.
 * `everyRank: false` leaves out 「名次概率」: at 2,851 units it would be 8 million cells.
 */
export function addUncertaintySheets(wb: ExcelJS.Workbook, file: UncertaintyFileV1, title: string, how: string, everyRank = true): void {
  const caption = `${how}；考核细则：${file.rubric.id} 版本 ${file.rubric.version}（${file.rubric.hash}）；概率四舍五入到 4 位小数`;
  const grades = [...new Set(file.units.flatMap((u) => u.grades.map((g) => g.grade)))];
  const columns: Column<UnitRow>[] = [
    { header: '公布名次', numFmt: RANK_FORMAT, value: (u) => u.published.rank },
    { header: '单位代码', value: (u) => u.code },
    { header: '单位名称', value: (u) => u.name },
    { header: '公布结果', align: 'center', value: (u) => u.published.grade },
    { header: '名次中位数', numFmt: RANK_FORMAT, value: (u) => u.medianRank },
    { header: '名次区间下限（5%）', numFmt: RANK_FORMAT, value: (u) => u.rankInterval[0] },
    { header: '名次区间上限（95%）', numFmt: RANK_FORMAT, value: (u) => u.rankInterval[1] },
    ...grades.map((grade): Column<UnitRow> => ({
      header: `${grade}的概率`,
      numFmt: PERCENT,
      value: (u) => u.grades.find((g) => g.grade === grade)?.probability ?? 0,
    })),
    ...file.flagSets.map((f): Column<UnitRow> => ({
      header: `${f.label}的概率`,
      numFmt: PERCENT,
      value: (u) => u.flags.find((x) => x.code === f.code)?.probability ?? 0,
    })),
    { header: '可变的证据值', numFmt: RANK_FORMAT, value: (u) => u.variations },
  ];
  const ws = wb.addWorksheet(UNCERTAINTY_SHEETS[0]);
  titleRows(ws, columns.length, `${title}：名次的不确定性`, caption);
  writeTable(ws, HEADER_ROW, columns, file.units);
  fitColumns(ws, { headerRow: HEADER_ROW, measureFrom: HEADER_ROW, maxWidth: maxWidths(columns) });
  fitTitleRows(ws, columns.length);
  freezeAndPrint(ws, HEADER_ROW, 3);
  if (!everyRank) return;

  const ranks = file.units.length;
  const rankColumns: Column<UnitRow>[] = [
    { header: '公布名次', numFmt: RANK_FORMAT, value: (u) => u.published.rank },
    { header: '单位名称', value: (u) => u.name },
    ...Array.from({ length: ranks }, (_, r): Column<UnitRow> => ({ header: `第 ${r + 1} 名`, numFmt: PERCENT, value: (u) => u.rankProbabilities[r] ?? 0 })),
  ];
  const byRank = wb.addWorksheet(UNCERTAINTY_SHEETS[1]);
  titleRows(byRank, rankColumns.length, `${title}：各单位得到每个名次的概率`, caption);
  writeTable(byRank, HEADER_ROW, rankColumns, file.units);
  fitColumns(byRank, { headerRow: HEADER_ROW, measureFrom: HEADER_ROW, maxWidth: maxWidths(rankColumns) });
  fitTitleRows(byRank, rankColumns.length);
  freezeAndPrint(byRank, HEADER_ROW, 2, false);
}
