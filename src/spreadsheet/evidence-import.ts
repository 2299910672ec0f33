/**
 * A filled evidence template, as read (WorkbookRead), back into a unit's draft: the
 * items exactly as a save from the web form stores them, or every problem at once,
 * each at its cell. Pure: the caller reads the file and saves the draft.
 *
 * Rows are found by the hidden identifiers in column A (contract.ts), never by sheet
 * name or position, so a renamed or sorted sheet still imports; rows without one (notes
 * people add) are ignored. The values go through the core's readEvidence, the check a
 * save runs, so a value the web form would refuse is refused here in the same words.
 */
import { type Rubric, readEvidence } from '../core/index.js';
import { at } from '../core/errors.js';
import type { Item } from '../core/rubric/index.js';
import type { UnitItem } from '../records/index.js';
import { COLUMNS, HEADERS, IDENTITY_SHEET, TEMPLATE_FORMAT, formatRowId, parseRowId } from './contract.js';

const SELF_TOTAL_ROW_ID = formatRowId({ kind: 'selfTotal' });
import { CellInputReader, type ImportProblem, type Input, atCell } from './cell-inputs.js';
import { readNumber, readText, readYesNo } from './cell-values.js';
import { findIdentitySheet, identityValues, textOf } from './identity-sheet.js';
import { type SheetRead, type WorkbookRead, address } from './workbook-read.js';

export type { ImportProblem } from './cell-inputs.js';

export interface ExpectedIdentity {
  readonly year: number;
  readonly unit: { readonly code: string; readonly name: string };
  readonly rubricHash: string;
}

export type EvidenceImport =
  | {
      readonly ok: true;
      readonly items: Record<string, UnitItem>;
      readonly selfTotal?: number;
      /** The draft version the template was exported at (its identity), when it names one. */
      readonly submissionVersion?: number;
    }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** The API's limit on a note (SaveSubmissionV1), so that an import is refused where a save would be. */
export const NOTE_MAX_CHARACTERS = 5000;

/**
 * Why text may not be stored (a control character, a lone surrogate), or undefined: the
 * service's one rule for stored text (services/text.ts textFault), handed in so that an
 * import refuses at its cell what the API refuses in a body.
 */
export type TextFault = (text: string) => string | undefined;

const NO_FAULT: TextFault = () => undefined;

interface RowPlace {
  readonly sheet: SheetRead;
  readonly row: number;
}

function inputAt(place: RowPlace | undefined, column: string): Input | undefined {
  if (place === undefined) return undefined;
  const a1 = address(column, place.row);
  return { sheet: place.sheet.name, ref: `${place.sheet.name}!${a1}`, cell: place.sheet.cells[a1] };
}

function identityProblems(sheet: SheetRead, expected: ExpectedIdentity): ImportProblem[] {
  const values = identityValues(sheet);
  const get = (key: string) => values.get(key) ?? { text: '', ref: `${sheet.name}!B` };
  const problems: ImportProblem[] = [];
  // The reason names what the file is, so the raw value is not repeated beside it.
  const refuse = (key: string, reason: string) => problems.push({ sheet: sheet.name, cell: get(key).ref, reason });
  const unitName = get('unitName').text || get('unit').text;
  const { code, name } = expected.unit;
  if (get('unit').text !== code) refuse('unit', `这是${unitName}（${get('unit').text}）的模板，不能导入到${name}（${code}）；请下载${name}的模板`);
  if (get('year').text !== String(expected.year))
    refuse('year', `这是 ${get('year').text} 年度的模板，不能导入 ${expected.year} 年度；请下载 ${expected.year} 年度的模板`);
  if (get('rubricHash').text !== expected.rubricHash) {
    const which = [get('rubricId').text, get('rubricVersion').text].filter((t) => t !== '').join(' 版本 ');
    refuse('rubricHash', `这是按另一版考核细则（${which || '未知'}）生成的模板，与 ${expected.year} 年度考核所用的细则不同；请重新下载模板`);
  }
  return problems;
}

/** The file's identity (key → value), or undefined when the workbook is not a template; for naming what a file is before importing it. */
export function templateIdentity(workbook: WorkbookRead): ReadonlyMap<string, string> | undefined {
  const sheet = findIdentitySheet(workbook, TEMPLATE_FORMAT, IDENTITY_SHEET);
  return sheet === undefined ? undefined : new Map([...identityValues(sheet)].map(([key, { text }]) => [key, text]));
}

/** The identity's submissionVersion as a number, when it is one. */
function submissionVersionOf(sheet: SheetRead): number | undefined {
  const text = identityValues(sheet).get('submissionVersion')?.text ?? '';
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Every row with an identifier, by its identifier text; a second row with the same one is a problem. */
function rowsById(workbook: WorkbookRead, skip: SheetRead, problems: ImportProblem[]): Map<string, RowPlace> {
  const rows = new Map<string, RowPlace>();
  for (const sheet of workbook.sheets) {
    if (sheet === skip) continue;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const cell = sheet.cells[address(COLUMNS.rowId, r)];
      const id = textOf(cell);
      if (parseRowId(id) === null) continue;
      const first = rows.get(id);
      if (first !== undefined) {
        const ref = `${first.sheet.name}!${address(COLUMNS.rowId, first.row)}`;
        problems.push({
          sheet: sheet.name,
          cell: `${sheet.name}!${address(COLUMNS.rowId, r)}`,
          found: id,
          reason: `该行与 ${ref} 是同一行（A 列标识重复）；请删除复制出的行`,
        });
        continue;
      }
      rows.set(id, { sheet, row: r });
    }
  }
  return rows;
}

const UNKNOWN_ID = 'A 列的标识在考核细则中不存在（A 列请勿修改）；请删除该行或重新下载模板';

/** Rows naming an item, field or set member the rubric does not have. */
function unknownRows(rubric: Rubric, rows: ReadonlyMap<string, RowPlace>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const [id, place] of rows) {
    const parsed = parseRowId(id);
    if (parsed === null || parsed.kind === 'selfTotal') continue;
    const item = rubric.items.get(parsed.item);
    const field = parsed.kind === 'checkpoint' ? undefined : item?.fieldsByKey.get(parsed.field);
    const known =
      item !== undefined &&
      (parsed.kind === 'checkpoint' ||
        (field !== undefined &&
          field.filledBy === 'unit' &&
          (parsed.kind === 'member' ? field.type === 'set' && (field.values ?? []).includes(parsed.member) : field.type !== 'set')));
    if (!known) problems.push({ sheet: place.sheet.name, cell: `${place.sheet.name}!${address(COLUMNS.rowId, place.row)}`, found: id, reason: UNKNOWN_ID });
  }
  return problems;
}

/** Reads items cell by cell, collecting problems and where each JSON path of the draft came from. */
class ItemReader extends CellInputReader {
  constructor(
    private readonly rows: ReadonlyMap<string, RowPlace>,
    private readonly textFault: TextFault,
  ) {
    super();
  }

  protected input(rowId: string, column: string): Input | undefined {
    return inputAt(this.rows.get(rowId), column);
  }

  row(id: string): RowPlace | undefined {
    return this.rows.get(id);
  }

  /** One item's draft entry, in the order a save stores it (values, notApplicable, selfScore, note), or undefined when nothing was entered. */
  item(item: Item): UnitItem | undefined {
    const code = item.code;
    const itemPath = at('$.items', code);
    const place = this.row(`checkpoint|${code}`);
    const values: Record<string, NonNullable<UnitItem['values']>[string]> = {};
    const unitFields = item.fields.filter((f) => f.filledBy === 'unit');
    for (const field of unitFields) {
      const value = this.fieldValue(code, field, at(at(itemPath, 'values'), field.key), COLUMNS.value);
      if (value !== undefined) values[field.key] = value;
    }
    const notApplicable = this.read(inputAt(place, COLUMNS.notApplicable), code, HEADERS.notApplicable, at(itemPath, 'notApplicable'), readYesNo);
    const selfScore = this.read(inputAt(place, COLUMNS.selfScore), code, HEADERS.selfScore, at(itemPath, 'selfScore'), (c) => readNumber(c));
    const noteInput = inputAt(place, COLUMNS.note);
    const note = this.read(noteInput, code, HEADERS.note, at(itemPath, 'note'), readText);
    if (note !== undefined && noteInput !== undefined) {
      const fault = this.textFault(note);
      if (fault !== undefined) this.problem(noteInput, code, HEADERS.note, `${[...note].slice(0, 20).join('')}…`, `说明${fault}`);
      else if ([...note].length > NOTE_MAX_CHARACTERS) {
        this.problem(noteInput, code, HEADERS.note, `${[...note].slice(0, 20).join('')}…`, `说明不能超过 ${NOTE_MAX_CHARACTERS} 个字符`);
      }
    }
    const answered = Object.keys(values).length > 0 || notApplicable !== undefined || selfScore !== undefined || note !== undefined;
    if (!answered) return undefined;
    const entry: { -readonly [K in keyof UnitItem]: UnitItem[K] } = {};
    // A save keeps `values` for every answered item with unit-filled fields, except one declared 不涉及 without values.
    if (unitFields.length > 0 && (notApplicable !== true || Object.keys(values).length > 0)) entry.values = values;
    if (notApplicable !== undefined) entry.notApplicable = notApplicable;
    if (selfScore !== undefined) entry.selfScore = selfScore;
    if (note !== undefined) entry.note = note;
    return entry;
  }
}

/** The unit's draft from a filled template, or every problem in it. */
export function importEvidence(
  workbook: WorkbookRead,
  rubric: Rubric,
  expected: ExpectedIdentity,
  options: { readonly textFault?: TextFault } = {},
): EvidenceImport {
  const identity = findIdentitySheet(workbook, TEMPLATE_FORMAT, IDENTITY_SHEET);
  if (identity === undefined) {
    return {
      ok: false,
      problems: [{ sheet: '', cell: '', reason: '这不是 Kaohe 导出的证据模板（找不到标识表 _kaohe）；请先下载本单位的模板，在其中填写后再导入' }],
    };
  }
  const wrongFile = identityProblems(identity, expected);
  const exportedAt = submissionVersionOf(identity);
  if (wrongFile.length > 0) return { ok: false, problems: wrongFile };

  const problems: ImportProblem[] = [];
  const rows = rowsById(workbook, identity, problems);
  if (rows.size === 0) {
    return { ok: false, problems: [{ sheet: '', cell: '', reason: `找不到证据表（${HEADERS.rowId}列中没有任何标识）；请勿删除 A 列，或重新下载模板` }] };
  }
  problems.push(...unknownRows(rubric, rows));

  const reader = new ItemReader(rows, options.textFault ?? NO_FAULT);
  const items: Record<string, UnitItem> = {};
  for (const item of rubric.allItems) {
    const entry = reader.item(item);
    if (entry !== undefined) items[item.code] = entry;
  }
  const totalInput = inputAt(rows.get(SELF_TOTAL_ROW_ID), COLUMNS.selfScore);
  const selfTotal = reader.read(totalInput, undefined, '自评总分', '$.selfTotal', (c) => readNumber(c));
  if (selfTotal !== undefined && selfTotal < 0 && totalInput !== undefined)
    reader.problem(totalInput, undefined, '自评总分', String(selfTotal), '自评总分不能为负数');
  problems.push(...reader.problems);

  // The values that read well go to the core, even when other cells did not: its verdict on
  // them is the save's, and the clerk gets every problem in one round (a cell that did not
  // read is absent here, which the core takes as not yet filled, never as a problem).
  const { problems: refused } = readEvidence(rubric, {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: rubric.year,
    unit: { code: expected.unit.code, name: expected.unit.name },
    items,
  });
  problems.push(...refused.map((p) => atCell(reader.places, p)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, items, ...(selfTotal === undefined ? {} : { selfTotal }), ...(exportedAt === undefined ? {} : { submissionVersion: exportedAt }) };
}
