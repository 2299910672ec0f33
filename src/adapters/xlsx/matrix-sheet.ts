/**
 * 「各单位考核要点得分」: units down, checkpoints across (then the bonus and deduction
 * items), so a reader can compare one checkpoint across every unit or filter and sort
 * by it. Above the codes: the part each belongs to and its maximum; the checkpoint's
 * title rests on its code as a note, because 62 titles as a header row would be a
 * frozen block taller than the screen.
 */
import type { Workbook } from 'exceljs';
import type { ItemResultV1, ResultsV1, UnitResultV1 } from '../../core/index.js';
import type { ReportInput } from '../../report/input.js';
import { FILL, RANK_FORMAT, fitColumns, freezeAndPrint, numberFormat, fitTitleRows, titleRows } from './layout.js';
import { type Column, writeTable } from './table.js';

export const MATRIX_SHEET = '各单位考核要点得分';
const PART_ROW = 2;
const MAX_ROW = 3;
const HEADER_ROW = 4;

/** Every item code in the order units list them (the rubric's), including any only some units have. */
function itemColumns(results: ResultsV1): ItemResultV1[] {
  const seen = new Map<string, ItemResultV1>();
  for (const unit of results.units) for (const item of unit.items) if (!seen.has(item.code)) seen.set(item.code, item);
  return [...seen.values()];
}

function part(item: ItemResultV1): string {
  if (item.kind === 'bonus') return '加分';
  if (item.kind === 'deduction') return '扣分';
  return item.section ?? '';
}

export function addMatrixSheet(wb: Workbook, input: ReportInput): void {
  const { results } = input;
  const score = numberFormat(results.rubric.precision);
  const ws = wb.addWorksheet(MATRIX_SHEET);
  const items = itemColumns(results);
  const byCode = new Map(results.units.map((u) => [u.code, new Map(u.items.map((i) => [i.code, i]))]));
  const find = (u: UnitResultV1, code: string) => byCode.get(u.code)?.get(code);
  const columns: Column<UnitResultV1>[] = [
    { header: '名次', numFmt: RANK_FORMAT, value: (u) => u.rank },
    { header: '单位代码', value: (u) => u.code },
    { header: '单位名称', value: (u) => u.name },
    ...items.map((item): Column<UnitResultV1> => ({
      header: item.code,
      headerNote: item.title,
      numFmt: score,
      value: (u) => find(u, item.code)?.score ?? null,
      fill: (u) => {
        const status = find(u, item.code)?.status;
        return status === 'missing' ? FILL.missing : status === 'not_applicable' ? FILL.notApplicable : undefined;
      },
    })),
  ];
  writeTable(ws, HEADER_ROW, columns, results.units);
  titleRows(ws, columns.length, `${results.rubric.title}：各单位考核要点得分（橙色底纹为缺证据，灰色底纹为不涉及；要点名称见代码处批注）`);
  for (const [row, label] of [
    [PART_ROW, '部分'],
    [MAX_ROW, '满分'],
  ] as const) {
    const cell = ws.getCell(row, 3);
    cell.value = label;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'right' };
  }
  const sectionTitles = new Map(results.units[0]?.sections.map((s) => [s.code, s.title]));
  items.forEach((item, i) => {
    const cell = ws.getCell(PART_ROW, 4 + i);
    cell.value = part(item);
    cell.alignment = { horizontal: 'center' };
    // The part's title once, where the part begins.
    const title = sectionTitles.get(part(item));
    const starts = i === 0 || part(items[i - 1] as ItemResultV1) !== part(item);
    if (title !== undefined && starts) cell.note = title;
    ws.getCell(MAX_ROW, 4 + i).value = item.max;
    ws.getCell(MAX_ROW, 4 + i).numFmt = score;
  });
  fitColumns(ws, { headerRow: HEADER_ROW, measureFrom: PART_ROW });
  fitTitleRows(ws, columns.length);
  // Sixty-odd columns on one A4 width would be unreadable: print across pages, units' names repeated.
  freezeAndPrint(ws, HEADER_ROW, 3, false);
}
