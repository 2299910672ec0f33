/**
 * A WorkbookRead built in memory per the template's contract (src/spreadsheet/contract.ts),
 * as the reader would give it for a template filled with a unit's items: for testing the
 * importer without writing or reading a file. Inputs are typed the way the template
 * writes a draft (numbers as numbers, yes/no as 是/否); `edit` then changes cells as a
 * clerk would.
 */
import { readFileSync } from 'node:fs';
import { type Rubric, parseRubric } from '../../src/core/index.js';
import { type UnitItem, splitEvidence } from '../../src/records/index.js';
import {
  COLUMNS,
  EVIDENCE_SHEET,
  FIRST_DATA_ROW,
  IDENTITY_KEYS,
  IDENTITY_SHEET,
  NO,
  TEMPLATE_FORMAT,
  type TemplateIdentity,
  YES,
  formatRowId,
} from '../../src/spreadsheet/contract.js';
import type { CellRead, SheetRead, WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { seedEvidence, seedRubric } from './cli.js';

export interface SeededUnit {
  readonly rubric: Rubric;
  readonly unit: { readonly code: string; readonly name: string };
  readonly items: Record<string, UnitItem>;
  readonly selfTotal?: number;
}

let parsed: Rubric | undefined;
export const seedRubricParsed = (): Rubric => (parsed ??= parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8'))));

/** A seeded unit's part of its evidence (what the unit saves; the examiner's part split off as `kaohe seed` does). */
export function seededUnit(code: string): SeededUnit {
  const rubric = seedRubricParsed();
  const evidence = JSON.parse(readFileSync(seedEvidence(code), 'utf8'));
  const { submitted } = splitEvidence(rubric, evidence.items ?? {});
  return { rubric, unit: evidence.unit, items: inDocumentOrder(submitted), ...(evidence.selfTotal === undefined ? {} : { selfTotal: evidence.selfTotal }) };
}

/**
 * Items with their keys in the evidence document's order (values, notApplicable,
 * selfScore, note), the order the importer gives and runs' merged evidence uses;
 * splitEvidence puts values last.
 */
export function inDocumentOrder(items: Readonly<Record<string, UnitItem>>): Record<string, UnitItem> {
  return Object.fromEntries(
    Object.entries(items).map(([code, { values, notApplicable, selfScore, note }]) => [
      code,
      {
        ...(values === undefined ? {} : { values }),
        ...(notApplicable === undefined ? {} : { notApplicable }),
        ...(selfScore === undefined ? {} : { selfScore }),
        ...(note === undefined ? {} : { note }),
      },
    ]),
  );
}

const yesNo = (b: boolean | undefined) => (b === undefined ? null : b ? YES : NO);

/** The evidence sheet's cells and the row of each identifier, for the given items. */
export function evidenceCells(
  rubric: Rubric,
  items: Readonly<Record<string, UnitItem>>,
  selfTotal?: number,
): { cells: Record<string, CellRead>; rows: Map<string, number>; rowCount: number } {
  const cells: Record<string, CellRead> = { A1: { value: '证据' }, A2: { value: '标识（勿改）' } };
  const rows = new Map<string, number>();
  let row = FIRST_DATA_ROW;
  const put = (column: string, value: string | number | null) => {
    if (value !== null) cells[`${column}${row}`] = { value };
  };
  const line = (id: string, title: string) => {
    rows.set(id, row);
    put(COLUMNS.rowId, id);
    put(COLUMNS.title, title);
  };
  for (const item of rubric.allItems) {
    const entry = Object.prototype.hasOwnProperty.call(items, item.code) ? items[item.code] : undefined;
    line(formatRowId({ kind: 'checkpoint', item: item.code }), item.title);
    put(COLUMNS.code, item.code);
    put(COLUMNS.notApplicable, yesNo(entry?.notApplicable));
    put(COLUMNS.selfScore, entry?.selfScore ?? null);
    put(COLUMNS.note, entry?.note ?? null);
    row++;
    for (const field of item.fields.filter((f) => f.filledBy === 'unit')) {
      const value = entry?.values?.[field.key];
      if (field.type === 'set') {
        for (const member of field.values ?? []) {
          line(formatRowId({ kind: 'member', item: item.code, field: field.key, member }), member);
          put(COLUMNS.value, Array.isArray(value) ? (value.includes(member) ? YES : NO) : null);
          row++;
        }
        continue;
      }
      line(formatRowId({ kind: 'field', item: item.code, field: field.key }), field.label);
      put(COLUMNS.value, typeof value === 'boolean' ? yesNo(value) : ((value as string | number | null | undefined) ?? null));
      row++;
    }
  }
  line(formatRowId({ kind: 'selfTotal' }), '自评总分');
  put(COLUMNS.selfScore, selfTotal ?? null);
  return { cells, rows, rowCount: row };
}

export function identityFor(rubric: Rubric, unit: { code: string; name: string }, submissionVersion = 0): TemplateIdentity {
  return {
    format: TEMPLATE_FORMAT,
    year: String(rubric.year),
    unit: unit.code,
    unitName: unit.name,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    rubricHash: rubric.hash,
    submissionVersion: String(submissionVersion),
  };
}

export function identitySheet(identity: TemplateIdentity): SheetRead {
  const cells: Record<string, CellRead> = {};
  IDENTITY_KEYS.forEach((key, i) => {
    cells[`A${i + 1}`] = { value: key };
    cells[`B${i + 1}`] = { value: identity[key] };
  });
  return { name: IDENTITY_SHEET, state: 'veryHidden', rowCount: IDENTITY_KEYS.length, columnCount: 2, cells };
}

/** The workbook a template filled with `items` reads as; `edit` changes the evidence sheet's cells by their row id and column. */
export function workbookReadOf(
  seeded: SeededUnit,
  options: { identity?: Partial<TemplateIdentity>; edit?: (cell: (id: string, column: string, value: CellRead | null) => string) => void } = {},
): WorkbookRead & { rows: ReadonlyMap<string, number> } {
  const { rubric, unit, items, selfTotal } = seeded;
  const { cells, rows, rowCount } = evidenceCells(rubric, items, selfTotal);
  options.edit?.((id, column, value) => {
    const row = rows.get(id);
    if (row === undefined) throw new Error(`no row ${id}`);
    const a1 = `${column}${row}`;
    if (value === null) delete cells[a1];
    else cells[a1] = value;
    return a1;
  });
  const evidence: SheetRead = {
    name: EVIDENCE_SHEET,
    state: 'visible',
    rowCount: Math.max(rowCount, ...Object.keys(cells).map((a) => Number(a.replace(/^[A-Z]+/, '')))),
    columnCount: 13,
    cells,
  };
  const cover: SheetRead = { name: '封面', state: 'visible', rowCount: 1, columnCount: 1, cells: { A1: { value: `${unit.name}证据模板` } } };
  return { sheets: [cover, evidence, identitySheet({ ...identityFor(rubric, unit), ...options.identity })], rows };
}
