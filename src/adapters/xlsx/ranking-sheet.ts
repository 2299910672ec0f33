/**
 * 「排名」: one row per unit in ranked order, with the columns of ranking.csv under the
 * same headers and in the same order (officials move between the two), then, when a
 * previous year is given, last year's rank and total and the change in each.
 */
import type { Workbook } from 'exceljs';
import type { UnitResultV1 } from '../../core/index.js';
import { fixed } from '../../report/format.js';
import { groupedRanking } from '../../report/groups.js';
import type { ReportInput } from '../../report/input.js';
import { RANK_FORMAT, fitColumns, freezeAndPrint, numberFormat, signedFormat, fitTitleRows, titleRows } from './layout.js';
import { difference } from './numbers.js';
import { type Column, maxWidths, writeTable } from './table.js';

export const RANKING_SHEET = '排名';
const HEADER_ROW = 3;

export function provenance(input: ReportInput): string {
  const { results } = input;
  const r = results.rubric;
  const asOf = results.asOf ? `；截至 ${results.asOf}` : '';
  return `考核细则：${r.id} 版本 ${r.version}（${r.hash}）；证据：${results.evidenceHash}；计算引擎：kaohe ${results.engine.version}${asOf}`;
}

function rankingColumns(input: ReportInput): Column<UnitResultV1>[] {
  const { results } = input;
  const places = results.rubric.precision;
  const score = numberFormat(places);
  const sections = results.units[0]?.sections ?? [];
  return [
    { header: '名次', numFmt: RANK_FORMAT, value: (u) => u.rank },
    { header: '单位代码', value: (u) => u.code },
    { header: '单位名称', value: (u) => u.name },
    ...groupColumns(input),
    { header: '总分', numFmt: score, value: (u) => u.total, font: () => ({ bold: true }) },
    { header: '结果', align: 'center', value: (u) => u.grade },
    { header: '基础分', numFmt: score, value: (u) => u.base },
    ...sections.map((s): Column<UnitResultV1> => ({
      header: `${s.code} ${s.title}（${fixed(s.max, places)}）`,
      numFmt: score,
      // A part's title is long; its header wraps onto three lines rather than widen a column of numbers.
      maxWidth: 12,
      value: (u) => u.sections.find((x) => x.code === s.code)?.score ?? null,
    })),
    {
      header: '加分',
      numFmt: score,
      value: (u) => u.bonus,
      note: (u) => (u.bonusClaimed !== u.bonus ? `各项合计 ${fixed(u.bonusClaimed, places)}，计入 ${fixed(u.bonus, places)}` : undefined),
    },
    {
      header: '扣分',
      numFmt: score,
      value: (u) => u.deductions,
      note: (u) => (u.deductionsClaimed !== u.deductions ? `各项合计 ${fixed(u.deductionsClaimed, places)}，计入 ${fixed(u.deductions, places)}` : undefined),
    },
    {
      header: '一票否决',
      align: 'center',
      value: (u) => (u.vetoed ? '是' : '否'),
      note: (u) =>
        u.vetoes
          .filter((v) => v.triggered)
          .map((v) => `${v.title}（${v.result}）`)
          .join('\n') || undefined,
      font: (u) => (u.vetoed ? { bold: true, color: { argb: 'FFC00000' } } : undefined),
    },
    { header: '并列', align: 'center', value: (u) => (u.tiedWith.length > 0 ? '是' : '') },
    {
      header: '标记',
      align: 'center',
      value: (u) => u.flags.map((f) => f.label).join('；'),
      // The obligation (e.g. a written report within a month) is what the flag means for the unit.
      note: (u) =>
        u.flags
          .filter((f) => f.obligation)
          .map((f) => `${f.label}：${f.obligation}`)
          .join('\n') || undefined,
    },
    { header: '缺证据要点数', numFmt: RANK_FORMAT, value: (u) => u.missingItems.length, note: (u) => u.missingItems.join('、') || undefined },
    { header: '自评总分', numFmt: score, value: (u) => u.selfTotal ?? null },
    ...changeColumns(input),
  ];
}

/** 所属市州 and 市州内名次 (after the name, as in ranking.csv), when the input groups the units. */
function groupColumns(input: ReportInput): Column<UnitResultV1>[] {
  if (input.groups === undefined) return [];
  const grouped = groupedRanking(input.results, input.groups);
  return [
    { header: `所属${grouped.title}`, value: (u) => grouped.byUnit.get(u.code)?.name ?? null },
    {
      header: `${grouped.title}内名次`,
      headerNote: `在所属${grouped.title}的单位中的名次，与总名次同样比较：总分相同者名次相同`,
      numFmt: RANK_FORMAT,
      value: (u) => grouped.byUnit.get(u.code)?.rank ?? null,
      note: (u) => {
        const g = grouped.byUnit.get(u.code);
        return g === undefined ? undefined : `${g.name}共 ${g.of} 个单位${g.tiedWith.length > 0 ? '，本名次并列' : ''}`;
      },
    },
  ];
}

/** Last year's rank and total by unit code, and the changes: a rank change is positive when the unit moved up. */
function changeColumns(input: ReportInput): Column<UnitResultV1>[] {
  const { results, previous } = input;
  if (previous === undefined) return [];
  const before = new Map(previous.units.map((u) => [u.code, u]));
  const places = Math.max(results.rubric.precision, previous.rubric.precision);
  return [
    { header: `${previous.year}年名次`, numFmt: RANK_FORMAT, value: (u) => before.get(u.code)?.rank ?? null },
    {
      header: '名次变化',
      headerNote: `${previous.year}年名次减本年名次：正数为上升，负数为下降；空白为上年未参加考核`,
      numFmt: signedFormat(0),
      value: (u) => {
        const was = before.get(u.code);
        return was === undefined ? null : was.rank - u.rank;
      },
    },
    { header: `${previous.year}年总分`, numFmt: numberFormat(previous.rubric.precision), value: (u) => before.get(u.code)?.total ?? null },
    {
      header: '总分变化',
      headerNote: `本年总分减${previous.year}年总分`,
      numFmt: signedFormat(places),
      value: (u) => {
        const was = before.get(u.code);
        return was === undefined ? null : difference(u.total, was.total);
      },
    },
  ];
}

export function addRankingSheet(wb: Workbook, input: ReportInput): void {
  const ws = wb.addWorksheet(RANKING_SHEET);
  const columns = rankingColumns(input);
  titleRows(ws, columns.length, `${input.results.rubric.title}：考核结果排名`, provenance(input));
  writeTable(ws, HEADER_ROW, columns, input.results.units);
  fitColumns(ws, { headerRow: HEADER_ROW, measureFrom: HEADER_ROW, maxWidth: maxWidths(columns) });
  fitTitleRows(ws, columns.length);
  // Rank, code and name stay in view while the reader scrolls to the right.
  freezeAndPrint(ws, HEADER_ROW, 3);
}
