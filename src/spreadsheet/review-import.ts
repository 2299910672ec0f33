/**
 * A filled field sheet (review-sheet/v1), as read (WorkbookRead), back into each unit's
 * review: per unit its review items and the versions read at export, or every problem
 * of that unit's sheet at its cell. Pure: the caller reads the file and saves each unit
 * as its own write, so one unit's problem does not hold the others back.
 *
 * A unit's sheet is found by its marker in A1 (review-contract.ts), never by its name;
 * rows by the identifiers in column A. The values go through the core's readEvidence,
 * the check a review's save runs, so a value the API would refuse is refused here too.
 */
import { type Rubric, readEvidence } from '../core/index.js';
import { at } from '../core/errors.js';
import type { Field, Item } from '../core/rubric/index.js';
import type { ReviewItem } from '../records/index.js';
import { CellInputReader, type ImportProblem, type Input, atCell } from './cell-inputs.js';
import { isEmptyCell, readNumber, readText } from './cell-values.js';
import type { TextFault } from './evidence-import.js';
import {
  REVIEW_COLUMNS,
  REVIEW_FIRST_DATA_ROW,
  REVIEW_HEADERS,
  REVIEW_IDENTITY_SHEET,
  REVIEW_SHEET_FORMAT,
  UNITS_SEPARATOR,
  parseUnitMarker,
  reviewVersionKey,
  submissionVersionKey,
} from './review-contract.js';
import { findIdentitySheet, identityValues, textOf } from './identity-sheet.js';
import { type SheetRead, type WorkbookRead, address } from './workbook-read.js';

/** The longest finding or justification the API accepts (ReviewItemInV1). */
export const REVIEW_TEXT_MAX = 5000;

export interface ReviewSheetExpected {
  readonly year: number;
  readonly rubricHash: string;
}

export type UnitReviewImport =
  | { readonly unit: string; readonly ok: true; readonly items: Record<string, ReviewItem>; readonly submissionVersion: number; readonly reviewVersion: number }
  | { readonly unit: string; readonly ok: false; readonly problems: readonly ImportProblem[] };

/** `absent`: units the file was exported for whose sheet is no longer in it (deleted, or moved to another file). */
export type ReviewSheetImport =
  | { readonly ok: true; readonly units: readonly UnitReviewImport[]; readonly absent: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const NO_FAULT: TextFault = () => undefined;

/** Reads one unit's sheet cell by cell, collecting problems and where each JSON path came from. */
class UnitSheetReader extends CellInputReader {
  private readonly rows = new Map<string, number>();

  constructor(
    private readonly sheet: SheetRead,
    private readonly textFault: TextFault,
  ) {
    super();
    for (let r = REVIEW_FIRST_DATA_ROW; r <= sheet.rowCount; r++) {
      const id = textOf(sheet.cells[address(REVIEW_COLUMNS.rowId, r)]);
      if (id !== '' && !this.rows.has(id)) this.rows.set(id, r);
    }
  }

  protected input(id: string, column: string): Input | undefined {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    const a1 = address(column, row);
    return { sheet: this.sheet.name, ref: `${this.sheet.name}!${a1}`, cell: this.sheet.cells[a1] };
  }

  private text(code: string, column: string, label: string, path: string): string | undefined {
    const input = this.input(`checkpoint|${code}`, column);
    const text = this.read(input, code, label, path, readText);
    if (text === undefined || input === undefined) return undefined;
    const fault = this.textFault(text);
    const shown = `${[...text].slice(0, 20).join('')}…`;
    if (fault !== undefined) this.problem(input, code, label, shown, `${label}${fault}`);
    else if ([...text].length > REVIEW_TEXT_MAX) this.problem(input, code, label, shown, `${label}不能超过 ${REVIEW_TEXT_MAX} 个字符`);
    return text;
  }

  /** One item's review, or undefined when nothing was entered for it. */
  item(code: string, fields: readonly Field[], scored: Item | undefined): ReviewItem | undefined {
    const itemPath = at('$.items', code);
    const values: Record<string, NonNullable<ReviewItem['values']>[string]> = {};
    for (const field of fields) {
      const value = this.fieldValue(code, field, at(at(itemPath, 'values'), field.key), REVIEW_COLUMNS.verified);
      if (value !== undefined) values[field.key] = value;
    }
    const entry: { -readonly [K in keyof ReviewItem]: ReviewItem[K] } = {};
    if (Object.keys(values).length > 0) entry.values = values;
    if (scored === undefined) return Object.keys(entry).length > 0 ? entry : undefined;
    const finding = this.text(code, REVIEW_COLUMNS.finding, REVIEW_HEADERS.finding, at(itemPath, 'finding'));
    if (finding !== undefined) entry.finding = finding;
    const scoreInput = this.input(`checkpoint|${code}`, REVIEW_COLUMNS.adjustment);
    const score = this.read(scoreInput, code, REVIEW_HEADERS.adjustment, at(at(itemPath, 'adjustment'), 'score'), (c) => readNumber(c));
    const justification = this.text(code, REVIEW_COLUMNS.justification, REVIEW_HEADERS.justification, at(at(itemPath, 'adjustment'), 'justification'));
    const justificationInput = this.input(`checkpoint|${code}`, REVIEW_COLUMNS.justification);
    if (score !== undefined && justification === undefined && justificationInput !== undefined)
      this.problem(justificationInput, code, REVIEW_HEADERS.justification, '', `填写了调整分（${score}）必须写明调整理由`);
    if (score === undefined && justification !== undefined && scoreInput !== undefined && isEmptyCell(scoreInput.cell))
      this.problem(scoreInput, code, REVIEW_HEADERS.adjustment, '', '写了调整理由，但没有填写调整分；不调整得分的请删除调整理由，核查情况写在“核查发现”中');
    if (score !== undefined && justification !== undefined) entry.adjustment = { score, justification };
    return Object.keys(entry).length > 0 ? entry : undefined;
  }
}

function unitReview(
  rubric: Rubric,
  sheet: SheetRead,
  unit: { code: string; name: string },
  versions: { submissionVersion: number; reviewVersion: number },
  textFault: TextFault,
): UnitReviewImport {
  const reader = new UnitSheetReader(sheet, textFault);
  const items: Record<string, ReviewItem> = {};
  for (const item of rubric.allItems) {
    const entry = reader.item(item.code, item.fields, item);
    if (entry !== undefined) items[item.code] = entry;
  }
  for (const veto of rubric.vetoes) {
    const entry = reader.item(veto.code, veto.fields, undefined);
    if (entry !== undefined) items[veto.code] = entry;
  }
  const problems = [...reader.problems];
  const { problems: refused } = readEvidence(rubric, { kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit, items: { ...items } });
  problems.push(...refused.map((p) => atCell(reader.places, p, sheet.name)));
  if (problems.length > 0) return { unit: unit.code, ok: false, problems };
  return { unit: unit.code, ok: true, items, ...versions };
}

/** Each unit's review from a filled field sheet; a problem with the file as a whole (another year or rubric, no identity) refuses it all. */
export function importReviewSheet(
  workbook: WorkbookRead,
  rubric: Rubric,
  expected: ReviewSheetExpected,
  units: ReadonlyMap<string, { readonly code: string; readonly name: string }>,
  options: { readonly textFault?: TextFault } = {},
): ReviewSheetImport {
  const identity = findIdentitySheet(workbook, REVIEW_SHEET_FORMAT, REVIEW_IDENTITY_SHEET);
  if (identity === undefined)
    return {
      ok: false,
      problems: [{ sheet: '', cell: '', reason: '这不是 Kaohe 导出的实地核查表（找不到标识表 _kaohe）；请先下载实地核查表，在其中填写后再导入' }],
    };
  const values = identityValues(identity);
  const get = (key: string) => values.get(key) ?? { text: '', ref: `${identity.name}!B` };
  const problems: ImportProblem[] = [];
  if (get('year').text !== String(expected.year))
    problems.push({ sheet: identity.name, cell: get('year').ref, reason: `这是 ${get('year').text} 年度的实地核查表，不能导入 ${expected.year} 年度` });
  if (get('rubricHash').text !== expected.rubricHash)
    problems.push({
      sheet: identity.name,
      cell: get('rubricHash').ref,
      reason: `这是按另一版考核细则生成的实地核查表，与 ${expected.year} 年度考核所用的细则不同；请重新下载`,
    });
  if (problems.length > 0) return { ok: false, problems };

  const listed = get('units')
    .text.split(UNITS_SEPARATOR)
    .filter((c) => c !== '');
  const results: UnitReviewImport[] = [];
  const seen = new Set<string>();
  for (const sheet of workbook.sheets) {
    if (sheet === identity) continue;
    const code = parseUnitMarker(textOf(sheet.cells[address(REVIEW_COLUMNS.rowId, 1)]));
    if (code === null) continue;
    const a1 = `${sheet.name}!${address(REVIEW_COLUMNS.rowId, 1)}`;
    const unit = units.get(code);
    const submission = /^\d+$/.test(get(submissionVersionKey(code)).text) ? Number(get(submissionVersionKey(code)).text) : undefined;
    const review = /^\d+$/.test(get(reviewVersionKey(code)).text) ? Number(get(reviewVersionKey(code)).text) : undefined;
    if (seen.has(code)) {
      problems.push({ sheet: sheet.name, cell: a1, reason: `单位 ${code} 的工作表出现了两次；请删除复制出的工作表` });
      continue;
    }
    seen.add(code);
    if (unit === undefined || !listed.includes(code) || submission === undefined || review === undefined) {
      problems.push({ sheet: sheet.name, cell: a1, reason: `该工作表的单位（${code}）不在本文件导出的单位中（隐藏的 A 列请勿修改）；请重新下载实地核查表` });
      continue;
    }
    results.push(unitReview(rubric, sheet, unit, { submissionVersion: submission, reviewVersion: review }, options.textFault ?? NO_FAULT));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (results.length === 0)
    return { ok: false, problems: [{ sheet: '', cell: '', reason: '找不到任何单位的工作表（A1 中没有单位标识）；请勿删除 A 列，或重新下载实地核查表' }] };
  return { ok: true, units: results, absent: listed.filter((code) => !seen.has(code)) };
}
