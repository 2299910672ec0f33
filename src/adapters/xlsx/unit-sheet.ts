/**
 * One sheet per unit, named after it: every item with its maximum, the unit's own
 * score, the verified score, the points lost, whether evidence was missing, any
 * adjustment with its justification, and the unit's note and the examiners' finding.
 * Below the table (outside its filter, so sorting by points lost moves items only):
 * the part subtotals, base, bonus, deductions, total, rank and result.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { ItemResultV1, UnitResultV1 } from '../../core/index.js';
import { fixed } from '../../report/format.js';
import type { ReportInput } from '../../report/input.js';
import { FILL, RANK_FORMAT, border, fill, fitColumns, freezeAndPrint, numberFormat, fitTitleRows, titleRows } from './layout.js';
import { difference } from './numbers.js';
import { type Column, maxWidths, writeTable } from './table.js';

const HEADER_ROW = 3;
const STATUS: Readonly<Record<ItemResultV1['status'], string>> = { scored: '已评分', missing: '缺证据', not_applicable: '不涉及' };
// Summary rows put their numbers under the table's 满分, 自评分, 核定得分 and 失分, and remarks under 说明.
const COL = { label: 1, max: 4, self: 5, score: 6, lost: 7, remark: 11 } as const;

/** Points lost: what a checkpoint fell short of its maximum by, or what a deduction took off. */
function lost(item: ItemResultV1): number | null {
  if (item.kind === 'bonus') return null;
  if (item.kind === 'deduction') return item.score;
  const short = difference(item.max, item.score);
  return short > 0 ? short : 0;
}

function itemColumns(input: ReportInput, unit: UnitResultV1): Column<ItemResultV1>[] {
  const places = input.results.rubric.precision;
  const score = numberFormat(places);
  const sections = new Map(unit.sections.map((s) => [s.code, `${s.code} ${s.title}`]));
  // Field labels come from the rubric when the caller gives it; otherwise the field keys are shown.
  const label = (item: ItemResultV1, key: string) => input.rubric?.items.get(item.code)?.fieldsByKey.get(key)?.label ?? key;
  return [
    { header: '部分', value: (i) => (i.kind === 'bonus' ? '加分项' : i.kind === 'deduction' ? '扣分项' : (sections.get(i.section ?? '') ?? i.section ?? '')) },
    { header: '代码', value: (i) => i.code },
    { header: '考核要点', maxWidth: 36, value: (i) => i.title },
    { header: '满分', numFmt: score, value: (i) => i.max, note: (i) => (i.cap !== undefined ? `最高可得 ${fixed(i.cap, places)}` : undefined) },
    { header: '自评分', numFmt: score, value: (i) => i.selfScore ?? null },
    { header: '核定得分', headerNote: '扣分项为核定扣除的分数', numFmt: score, value: (i) => i.score, font: () => ({ bold: true }) },
    { header: '失分', headerNote: '考核要点：满分减核定得分；扣分项：核定扣除的分数', numFmt: score, value: lost },
    {
      header: '状态',
      align: 'center',
      value: (i) => STATUS[i.status],
      fill: (i) => (i.status === 'missing' ? FILL.missing : i.status === 'not_applicable' ? FILL.notApplicable : undefined),
      note: (i) => (i.missingFields?.length ? `缺少：${i.missingFields.map((k) => label(i, k)).join('、')}` : undefined),
    },
    { header: '调整前得分', headerNote: '考核组调整了得分的要点：按细则计算的得分', numFmt: score, value: (i) => (i.adjustment ? (i.computed ?? null) : null) },
    {
      header: '调整说明',
      maxWidth: 36,
      value: (i) => (i.adjustment ? `${i.adjustment.justification}${i.adjustment.by ? `（${i.adjustment.by}）` : ''}` : null),
    },
    { header: '说明', maxWidth: 36, value: (i) => i.note ?? null },
    { header: '核查发现', maxWidth: 36, value: (i) => i.finding ?? null },
  ];
}

/** The headline above the table, in words: rank, total, result and what follows from them. */
function caption(input: ReportInput, unit: UnitResultV1): string {
  const places = input.results.rubric.precision;
  const names = new Map(input.results.units.map((u) => [u.code, u.name]));
  const others = unit.tiedWith.filter((c) => c !== unit.code).map((c) => names.get(c) ?? c);
  const parts = [
    `第 ${unit.rank} 名${others.length > 0 ? `（与${others.join('、')}并列）` : ''}`,
    `总分 ${fixed(unit.total, places)} 分`,
    `结果：${unit.grade}`,
  ];
  const vetoes = unit.vetoes.filter((v) => v.triggered).map((v) => v.title);
  if (vetoes.length > 0) parts.push(`一票否决：${vetoes.join('、')}`);
  for (const f of unit.flags) parts.push(f.obligation ? `${f.label}：须${f.obligation}` : f.label);
  if (unit.missingItems.length > 0) parts.push(`缺证据 ${unit.missingItems.length} 项（${unit.missingItems.join('、')}）`);
  return parts.join('；');
}

interface SummaryLine {
  label: string;
  max?: number;
  self?: number;
  score: number | string;
  lost?: number;
  remark?: string;
  numFmt?: string;
}

function summaryLines(input: ReportInput, unit: UnitResultV1): SummaryLine[] {
  const places = input.results.rubric.precision;
  const claimed = (what: number, counted: number) => (what !== counted ? `各项合计 ${fixed(what, places)}，计入 ${fixed(counted, places)}` : undefined);
  const vetoes = unit.vetoes.filter((v) => v.triggered).map((v) => `一票否决：${v.title}`);
  const result = [...vetoes, unit.scoreGrade !== unit.grade ? `按得分为${unit.scoreGrade}` : ''].filter(Boolean).join('；');
  return [
    ...unit.sections.map((s) => ({ label: `${s.code} ${s.title}`, max: s.max, score: s.score, lost: difference(s.max, s.score) })),
    { label: '基础分', max: input.results.rubric.total, score: unit.base, lost: difference(input.results.rubric.total, unit.base) },
    ...(unit.bonusGroups ?? []).map((g) => ({
      label: `加分 · ${g.title}（上限 ${fixed(g.cap, places)}）`,
      score: g.bonus,
      remark: claimed(g.claimed, g.bonus),
    })),
    { label: '加分', score: unit.bonus, remark: claimed(unit.bonusClaimed, unit.bonus) },
    { label: '扣分', score: unit.deductions, remark: claimed(unit.deductionsClaimed, unit.deductions) },
    { label: '总分', self: unit.selfTotal, score: unit.total },
    { label: '名次', score: unit.rank, numFmt: RANK_FORMAT, remark: unit.tiedWith.length > 0 ? '并列' : undefined },
    { label: '结果', score: unit.grade, remark: result || undefined },
    ...unit.flags.map((f) => ({ label: '标记', score: f.label, remark: f.obligation })),
  ];
}

function writeSummary(ws: Worksheet, top: number, lines: SummaryLine[], scoreFormat: string): void {
  const heading = ws.getCell(top, COL.label);
  heading.value = '得分汇总';
  heading.font = { bold: true };
  lines.forEach((line, n) => {
    const r = top + 1 + n;
    const put = (col: number, value: number | string | undefined, numFmt = scoreFormat) => {
      if (value === undefined) return;
      const cell = ws.getCell(r, col);
      cell.value = value;
      if (typeof value === 'number') cell.numFmt = numFmt;
      // A grade or flag stands where the numbers do, so it lines up with them.
      else if (col !== COL.label && col !== COL.remark) cell.alignment = { horizontal: 'right' };
    };
    put(COL.label, line.label);
    put(COL.max, line.max);
    put(COL.self, line.self);
    put(COL.score, line.score, line.numFmt);
    put(COL.lost, line.lost);
    put(COL.remark, line.remark);
    ws.getCell(r, COL.label).font = { bold: true };
    ws.getCell(r, COL.score).font = { bold: true };
    for (let c = COL.label; c <= 12; c++) fill(ws.getCell(r, c), FILL.summary);
  });
  border(ws, top + 1, top + lines.length, COL.label, 12);
}

export function addUnitSheet(wb: Workbook, input: ReportInput, unit: UnitResultV1, sheetName: string): void {
  const ws = wb.addWorksheet(sheetName);
  const columns = itemColumns(input, unit);
  titleRows(ws, columns.length, `${unit.name}（${unit.code}）考核得分明细`, caption(input, unit));
  const last = writeTable(ws, HEADER_ROW, columns, unit.items);
  writeSummary(ws, last + 2, summaryLines(input, unit), numberFormat(input.results.rubric.precision));
  fitColumns(ws, { headerRow: HEADER_ROW, measureFrom: HEADER_ROW, maxWidth: maxWidths(columns) });
  fitTitleRows(ws, columns.length);
  // Only the rows: the numbers sit next to the titles, so frozen columns would only take room.
  freezeAndPrint(ws, HEADER_ROW, 0);
}
