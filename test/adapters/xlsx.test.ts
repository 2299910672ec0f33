/**
 * report.xlsx, opened with exceljs as a reader's spreadsheet program would: the sheets
 * and their names, every unit with the totals of results.json, the formats, frozen
 * headers and filters, the previous year's changes, and the same bytes on every run.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { MATRIX_SHEET, RANKING_SHEET, reportWorkbook, unitSheetNames } from '../../src/adapters/xlsx/index.js';
import type { ResultsV1 } from '../../src/core/index.js';
import type { ReportInput } from '../../src/report/input.js';
import { rankingCsv } from '../../src/report/ranking-csv.js';
import { GOLDEN_DIR } from '../support/golden.js';
import { parseCsv } from '../support/outputs.js';
import { dosDate, zipEntries } from '../support/xlsx-zip.js';

const RANKING_HEADER_ROW = 3;
const MATRIX_HEADER_ROW = 4;
const UNIT_HEADER_ROW = 3;

function golden(): ResultsV1 {
  return JSON.parse(readFileSync(path.join(GOLDEN_DIR, 'results.json'), 'utf8')) as ResultsV1;
}

async function open(input: ReportInput): Promise<{ bytes: Uint8Array; wb: ExcelJS.Workbook }> {
  const bytes = await reportWorkbook(input);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return { bytes, wb };
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

function headers(ws: ExcelJS.Worksheet, row: number): string[] {
  const values = ws.getRow(row).values as unknown[];
  return values.slice(1).map((v) => String(v ?? ''));
}

/** The data rows below a header, as objects keyed by the header's text. */
function table(ws: ExcelJS.Worksheet, headerRow: number, rows: number): Record<string, ExcelJS.Cell>[] {
  const names = headers(ws, headerRow);
  return Array.from({ length: rows }, (_, i) => Object.fromEntries(names.map((h, c) => [h, ws.getCell(headerRow + 1 + i, c + 1)])));
}

function frozen(ws: ExcelJS.Worksheet): { xSplit?: number; ySplit?: number; state?: string } {
  return ws.views[0] ?? {};
}

const VALID_SHEET_NAME = /^[^[\]:*?/\\']{1,31}$/;

describe('report.xlsx (exceljs)', function () {
  this.timeout(60000);
  const results = golden();
  let wb: ExcelJS.Workbook;
  let bytes: Uint8Array;

  before(async () => {
    ({ wb, bytes } = await open({ results }));
  });

  it('holds the ranking, the unit × checkpoint sheet and one sheet per unit in ranked order, named after the unit', () => {
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal([RANKING_SHEET, MATRIX_SHEET, ...results.units.map((u) => u.name)]);
    expect(wb.creator).to.equal('Kaohe');
    expect(wb.title).to.contain(results.rubric.title);
  });

  it('ranks every unit with the numbers of results.json, as numbers, under the headers of ranking.csv', () => {
    const ws = sheet(wb, RANKING_SHEET);
    const csvHeader = parseCsv(rankingCsv(results).replace(/^\uFEFF/, ''))[0];
    expect(headers(ws, RANKING_HEADER_ROW)).to.deep.equal(csvHeader);
    expect(String(ws.getCell(2, 1).value)).to.contain(results.rubric.hash);
    const rows = table(ws, RANKING_HEADER_ROW, results.units.length);
    results.units.forEach((u, i) => {
      const row = rows[i] as Record<string, ExcelJS.Cell>;
      expect(row['单位代码']?.value).to.equal(u.code);
      expect(row['单位名称']?.value).to.equal(u.name);
      expect(row['名次']?.value).to.equal(u.rank);
      expect(row['总分']?.value, u.name).to.be.a('number').and.equal(u.total);
      expect(row['基础分']?.value).to.equal(u.base);
      u.sections.forEach((s) => expect(row[`${s.code} ${s.title}（${s.max.toFixed(2)}）`]?.value).to.equal(s.score));
      expect(row['加分']?.value).to.equal(u.bonus);
      expect(row['扣分']?.value).to.equal(u.deductions);
      expect(row['一票否决']?.value).to.equal(u.vetoed ? '是' : '否');
      expect(row['缺证据要点数']?.value).to.equal(u.missingItems.length);
      expect(row['自评总分']?.value).to.equal(u.selfTotal ?? null);
    });
    const bottom = rows.find((r) => r['标记']?.value === '后三位');
    expect(bottom?.['标记']?.note, 'the obligation rides on the flag as a note').to.be.a('string').and.contain('书面报告');
    expect(ws.getRow(RANKING_HEADER_ROW + results.units.length + 1).getCell(1).value).to.equal(null);
  });

  it('formats scores at the rubric precision and ranks as integers, with frozen headers, the unit columns frozen and a filter', () => {
    const ws = sheet(wb, RANKING_SHEET);
    const rows = table(ws, RANKING_HEADER_ROW, results.units.length);
    for (const row of rows) {
      expect(row['总分']?.numFmt).to.equal('0.00');
      expect(row['自评总分']?.numFmt).to.equal('0.00');
      expect(row['名次']?.numFmt).to.equal('0');
    }
    expect(frozen(ws)).to.include({ state: 'frozen', ySplit: RANKING_HEADER_ROW, xSplit: 3 });
    expect(ws.autoFilter).to.not.equal(undefined);
    // Chinese names are twice as wide as their character count: 临夏回族自治州 needs 14 widths.
    expect(ws.getColumn(3).width).to.be.at.least(14);
  });

  it('writes every score as the published decimal: no binary-float digits in the sheets’ XML', () => {
    const sheets = zipEntries(bytes).filter((e) => e.name.startsWith('xl/worksheets/sheet'));
    expect(sheets).to.have.length(2 + results.units.length);
    for (const entry of sheets) expect(entry.text, entry.name).to.not.match(/<v>-?\d+\.\d{3,}<\/v>/);
    expect(sheets[0]?.text).to.contain(`<v>${results.units[0]?.total}</v>`);
  });

  it('puts every unit × checkpoint score in one sheet, with each checkpoint’s maximum above its code', () => {
    const ws = sheet(wb, MATRIX_SHEET);
    const first = results.units[0] as ResultsV1['units'][number];
    const codes = headers(ws, MATRIX_HEADER_ROW);
    expect(codes.slice(0, 3)).to.deep.equal(['名次', '单位代码', '单位名称']);
    expect(codes.slice(3)).to.deep.equal(first.items.map((i) => i.code));
    first.items.forEach((item, i) => {
      expect(ws.getCell(MATRIX_HEADER_ROW - 1, 4 + i).value).to.equal(item.max);
      expect(ws.getCell(MATRIX_HEADER_ROW, 4 + i).note).to.equal(item.title);
    });
    const rows = table(ws, MATRIX_HEADER_ROW, results.units.length);
    results.units.forEach((u, r) => {
      expect(rows[r]?.['单位代码']?.value).to.equal(u.code);
      for (const item of u.items) {
        const cell = rows[r]?.[item.code];
        expect(cell?.value, `${u.code} ${item.code}`).to.equal(item.score);
        expect(cell?.numFmt).to.equal('0.00');
      }
    });
    expect(frozen(ws)).to.include({ state: 'frozen', ySplit: MATRIX_HEADER_ROW, xSplit: 3 });
    expect(ws.autoFilter).to.not.equal(undefined);
  });

  it('gives each unit a sheet of its items: max, self-score, verified score, points lost, status, adjustment and notes', () => {
    for (const unit of results.units) {
      const ws = sheet(wb, unit.name);
      expect(frozen(ws)).to.include({ state: 'frozen', ySplit: UNIT_HEADER_ROW });
      const rows = table(ws, UNIT_HEADER_ROW, unit.items.length);
      unit.items.forEach((item, i) => {
        const row = rows[i] as Record<string, ExcelJS.Cell>;
        expect(row['代码']?.value).to.equal(item.code);
        expect(row['满分']?.value).to.equal(item.max);
        expect(row['自评分']?.value).to.equal(item.selfScore ?? null);
        expect(row['核定得分']?.value).to.equal(item.score);
        expect(row['核定得分']?.numFmt).to.equal('0.00');
        expect(row['状态']?.value).to.equal({ scored: '已评分', missing: '缺证据', not_applicable: '不涉及' }[item.status]);
        expect(row['说明']?.value).to.equal(item.note ?? null);
        expect(row['核查发现']?.value).to.equal(item.finding ?? null);
        if (item.adjustment) {
          expect(row['调整前得分']?.value).to.equal(item.computed);
          expect(String(row['调整说明']?.value)).to.contain(item.adjustment.justification);
        }
      });
      // The summary below the table: its total is the unit's total.
      const total = ws.getColumn(1).values.indexOf('总分');
      expect(total, unit.name).to.be.greaterThan(UNIT_HEADER_ROW + unit.items.length);
      expect(ws.getCell(total, 6).value).to.equal(unit.total);
    }
  });

  it('counts points lost exactly: max − score for checkpoints, the deduction for deduction items', () => {
    const unit = results.units.find((u) => u.code === '622900') as ResultsV1['units'][number];
    const rows = table(sheet(wb, unit.name), UNIT_HEADER_ROW, unit.items.length);
    const lost = (code: string) => rows.find((r) => r['代码']?.value === code)?.['失分']?.value;
    expect(lost('G20.2')).to.equal(1.5);
    expect(lost('G06.3')).to.equal(0.52);
    expect(lost('GD3')).to.equal(3);
    expect(lost('GB1')).to.equal(null);
  });

  it('gives valid, unique sheet names to units whose names are long, forbidden or repeated', async () => {
    const odd = structuredClone(results);
    const names = [
      '临夏回族自治州积石山保安族东乡族撒拉族自治县质量工作考核领导小组办公室',
      '甘南/夏河[试点]:*?\\',
      "'兰州新区'",
      '排名',
      'history',
      '嘉峪关市',
      '嘉峪关市',
    ];
    names.forEach((name, i) => {
      (odd.units[i] as { name: string }).name = name;
    });
    const { wb: book } = await open({ results: odd });
    const sheetNames = book.worksheets.map((w) => w.name);
    expect(new Set(sheetNames.map((n) => n.toLowerCase())).size).to.equal(sheetNames.length);
    for (const name of sheetNames) {
      expect(name, name).to.match(VALID_SHEET_NAME);
      expect(name.toLowerCase()).to.not.equal('history');
    }
    const assigned = unitSheetNames({ results: odd });
    expect(assigned.get(odd.units[0]?.code as string))
      .to.have.length(31)
      .and.match(/^临夏回族自治州积石山/);
    expect(assigned.get(odd.units[1]?.code as string)).to.equal('甘南／夏河［试点］：＊？＼');
    expect(assigned.get(odd.units[2]?.code as string)).to.equal('’兰州新区’');
    expect(assigned.get(odd.units[3]?.code as string)).to.equal(`排名（${odd.units[3]?.code}）`);
    expect(assigned.get(odd.units[6]?.code as string)).to.equal(`嘉峪关市（${odd.units[6]?.code}）`);
    expect(sheetNames.slice(2)).to.deep.equal(odd.units.map((u) => assigned.get(u.code)));
  });

  it('with the previous year, shows last year’s rank and total and the change in each, exactly', async () => {
    const previous = structuredClone(results);
    previous.year = results.year - 1;
    const [a, b] = previous.units as [ResultsV1['units'][number], ResultsV1['units'][number]];
    // Last year the top two were the other way round, with totals whose difference a double gets wrong.
    Object.assign(a, { rank: 2, total: 82.88 });
    Object.assign(b, { rank: 1, total: 84.35 });
    previous.units.pop();
    const { wb: book } = await open({ results, previous });
    const ws = sheet(book, RANKING_SHEET);
    const header = headers(ws, RANKING_HEADER_ROW);
    expect(header.slice(-4)).to.deep.equal([`${previous.year}年名次`, '名次变化', `${previous.year}年总分`, '总分变化']);
    const rows = table(ws, RANKING_HEADER_ROW, results.units.length);
    expect(rows[0]?.['名次变化']?.value).to.equal(1);
    expect(rows[0]?.['总分变化']?.value).to.equal(7.86);
    expect(rows[1]?.['名次变化']?.value).to.equal(-1);
    expect(rows[1]?.['总分变化']?.value).to.equal(0);
    expect(rows[1]?.['总分变化']?.numFmt).to.equal('+0.00;-0.00;0.00');
    expect(rows[2]?.['名次变化']?.value).to.equal(0);
    const last = rows[results.units.length - 1] as Record<string, ExcelJS.Cell>;
    expect(last['名次变化']?.value, 'a unit absent last year has no change').to.equal(null);
    expect(headers(sheet(wb, RANKING_SHEET), RANKING_HEADER_ROW)).to.not.include('名次变化');
  });

  it('formats scores at another precision as that precision', async () => {
    // Scores published at two places are also exact at three.
    const finer = structuredClone(results);
    finer.rubric.precision = 3;
    const { wb: book } = await open({ results: finer });
    expect(sheet(book, RANKING_SHEET).getCell(RANKING_HEADER_ROW + 1, 4).numFmt).to.equal('0.000');
    expect(sheet(book, MATRIX_SHEET).getCell(MATRIX_HEADER_ROW + 1, 4).numFmt).to.equal('0.000');
  });

  it('gives the same bytes for the same results: fixed workbook dates and zip timestamps', async () => {
    const again = await reportWorkbook({ results });
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(again))).to.equal(0);
    expect(wb.created.toISOString()).to.equal('2000-01-01T00:00:00.000Z');
    for (const entry of zipEntries(bytes)) {
      expect([entry.dosDate, entry.localDosDate], entry.name).to.deep.equal([dosDate(2000, 1, 1), dosDate(2000, 1, 1)]);
      expect([entry.dosTime, entry.localDosTime], entry.name).to.deep.equal([0, 0]);
    }
    const dated = { ...results, asOf: '2016-03-31' };
    const { bytes: asOfBytes, wb: asOfBook } = await open({ results: dated });
    expect(asOfBook.created.toISOString()).to.equal('2016-03-31T00:00:00.000Z');
    expect(asOfBook.modified.toISOString()).to.equal('2016-03-31T00:00:00.000Z');
    expect(zipEntries(asOfBytes).every((e) => e.dosDate === dosDate(2016, 3, 31))).to.equal(true);
  });
});
