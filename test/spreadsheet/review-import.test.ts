/**
 * Reading a filled field sheet back into each unit's review, without a file: the
 * layout's cells handed to the importer as the reader would give them. Unedited, it
 * gives back the stored reviews; filled in, the examiner's values, findings and
 * adjustments; an adjustment without its justification, or a bad value, is refused at
 * its cell for that unit only; a sheet for another year is refused as a whole.
 */
import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import { REVIEW_COLUMNS, type ReviewColumn } from '../../src/spreadsheet/review-contract.js';
import { type ReviewSheetImport, importReviewSheet } from '../../src/spreadsheet/review-import.js';
import { type ReviewSheetUnit, reviewSheet } from '../../src/spreadsheet/review-sheet.js';
import type { LayoutSheet, WorkbookLayout } from '../../src/spreadsheet/workbook-layout.js';
import type { CellRead, SheetRead, WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { gansuRubric, seedDocument } from '../integration/review-run-support.js';

const rubric = gansuRubric();
const UNITS = new Map([
  ['620100', { code: '620100', name: '兰州市' }],
  ['620200', { code: '620200', name: '嘉峪关市' }],
]);

function unitOf(code: string, withReview: boolean): ReviewSheetUnit {
  const { submitted, review } = splitEvidence(rubric, seedDocument(code).items);
  return {
    unit: UNITS.get(code) as { code: string; name: string },
    submission: { items: submitted, version: 2, submitted: true },
    review: { items: withReview ? review : {}, version: withReview ? 1 : 0 },
  };
}

const layout = (): WorkbookLayout =>
  reviewSheet({
    rubric,
    cycle: { year: 2015, deadline: '2016-03-31T23:59:59+08:00' },
    units: [unitOf('620100', true), unitOf('620200', false)],
    contact: '考核组',
  });

/** The layout as the reader gives it back: every cell with a value, as stored. */
function asRead(l: WorkbookLayout): WorkbookRead & { sheets: (SheetRead & { cells: Record<string, CellRead> })[] } {
  return {
    sheets: l.sheets.map((s: LayoutSheet) => {
      const cells: Record<string, CellRead> = {};
      let rowCount = 0;
      for (const [a1, cell] of Object.entries(s.cells)) {
        rowCount = Math.max(rowCount, Number(/\d+$/.exec(a1)?.[0]));
        if (cell.value !== null) cells[a1] = { value: cell.value };
      }
      return { name: s.name, state: s.state, rowCount, columnCount: 11, cells };
    }),
  };
}

function rowOf(sheet: SheetRead, id: string): number {
  for (const [a1, cell] of Object.entries(sheet.cells)) if (a1.startsWith('A') && cell.value === id) return Number(a1.slice(1));
  throw new Error(`no row ${id}`);
}

function edit(read: ReturnType<typeof asRead>, sheetName: string, id: string, column: ReviewColumn, value: CellRead['value']): string {
  const sheet = read.sheets.find((s) => s.name === sheetName) as SheetRead & { cells: Record<string, CellRead> };
  const a1 = `${REVIEW_COLUMNS[column]}${rowOf(sheet, id)}`;
  if (value === null) delete sheet.cells[a1];
  else sheet.cells[a1] = { value };
  return `${sheetName}!${a1}`;
}

const run = (read: WorkbookRead): ReviewSheetImport => importReviewSheet(read, rubric, { year: 2015, rubricHash: rubric.hash }, UNITS);

describe('field sheet import (pure)', () => {
  it('gives back the stored reviews and the versions read at export when nothing was edited', () => {
    const result = run(asRead(layout()));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { review } = splitEvidence(rubric, seedDocument('620100').items);
    expect(result.units).to.deep.equal([
      { unit: '620100', ok: true, items: review, submissionVersion: 2, reviewVersion: 1 },
      { unit: '620200', ok: true, items: {}, submissionVersion: 2, reviewVersion: 0 },
    ]);
    expect(result.absent).to.deep.equal([]);
  });

  it('names a unit the file was exported for whose sheet is gone, and still reads the others', () => {
    const read = asRead(layout());
    read.sheets = read.sheets.filter((sheet) => sheet.name !== '嘉峪关市');
    const result = run(read);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.units.map((u) => u.unit)).to.deep.equal(['620100']);
    expect(result.absent).to.deep.equal(['620200']);
  });

  it('reads what the examiner filled in: a verified value, an examiner field, a finding, an adjustment with its justification, full-width digits', () => {
    const read = asRead(layout());
    edit(read, '嘉峪关市', 'field|G02.2|excellenceEnterprises', 'verified', '１２');
    edit(read, '嘉峪关市', 'field|G04.2|uninvestigatedAds', 'verified', 3);
    edit(read, '嘉峪关市', 'checkpoint|G01.1', 'finding', '权力清单未在政府网站公布');
    edit(read, '嘉峪关市', 'checkpoint|G01.1', 'adjustment', 1);
    edit(read, '嘉峪关市', 'checkpoint|G01.1', 'justification', '负面清单未公布，扣 0.5 分');
    edit(read, '嘉峪关市', 'field|GV1|systemicIncident', 'verified', '否');
    const result = run(read);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const jyg = result.units[1];
    if (!jyg?.ok) throw new Error(JSON.stringify(jyg));
    expect(jyg.items).to.deep.equal({
      'G01.1': { finding: '权力清单未在政府网站公布', adjustment: { score: 1, justification: '负面清单未公布，扣 0.5 分' } },
      'G02.2': { values: { excellenceEnterprises: 12 } },
      'G04.2': { values: { uninvestigatedAds: 3 } },
      GV1: { values: { systemicIncident: false } },
    });
  });

  it('refuses an adjustment without its justification, and one over the cap, at their cells, for that unit only', () => {
    const read = asRead(layout());
    edit(read, '嘉峪关市', 'checkpoint|G01.1', 'adjustment', 1);
    const over = edit(read, '嘉峪关市', 'checkpoint|G01.2', 'adjustment', 9);
    edit(read, '嘉峪关市', 'checkpoint|G01.2', 'justification', '理由');
    const result = run(read);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.units[0]?.ok).to.equal(true);
    const jyg = result.units[1];
    if (jyg === undefined || jyg.ok) throw new Error('嘉峪关市 is refused');
    const g011 = rowOf(read.sheets[2] as SheetRead, 'checkpoint|G01.1');
    expect(jyg.problems.map((p) => p.cell)).to.deep.equal([`嘉峪关市!K${g011}`, over]);
    expect(jyg.problems[0]).to.deep.include({ item: 'G01.1', field: '调整理由' });
    expect(jyg.problems[0]?.reason).to.include('必须写明调整理由');
    expect(jyg.problems[1]).to.deep.include({ item: 'G01.2', field: '调整分', found: '9' });
  });

  it('refuses a bad value or a formula at its cell', () => {
    const read = asRead(layout());
    const bad = edit(read, '兰州市', 'field|G01.1|approvalReview', 'verified', '也许');
    const sheet = read.sheets[1] as SheetRead & { cells: Record<string, CellRead> };
    const a1 = `I${rowOf(sheet, 'checkpoint|G01.2')}`;
    sheet.cells[a1] = { value: 'x', formula: 'A1&"x"' };
    const result = run(read);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const lz = result.units[0];
    if (lz === undefined || lz.ok) throw new Error('兰州市 is refused');
    expect(lz.problems.map((p) => p.cell)).to.deep.equal([bad, `兰州市!${a1}`]);
    expect(result.units[1]?.ok).to.equal(true);
  });

  it('refuses as a whole a sheet for another year, or a workbook that is no field sheet', () => {
    const read = asRead(layout());
    const other = importReviewSheet(read, rubric, { year: 2016, rubricHash: rubric.hash }, UNITS);
    expect(other.ok).to.equal(false);
    if (!other.ok) expect(other.problems[0]?.reason).to.include('2015 年度的实地核查表，不能导入 2016 年度');
    const none = run({ sheets: [read.sheets[0] as SheetRead] });
    expect(none.ok).to.equal(false);
    if (!none.ok) expect(none.problems[0]?.reason).to.include('不是 Kaohe 导出的实地核查表');
  });
});
