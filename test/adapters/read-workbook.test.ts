/**
 * Reading an uploaded workbook into plain cells: one written with exceljs (as the
 * template writer does) and the same workbook re-saved by LibreOffice, which must read to
 * the same cells — an office suite's file is what users actually send back. What
 * LibreOffice 7.4 changes on the way: a veryHidden sheet comes back merely hidden, and a
 * boolean comes back as the formula TRUE() or FALSE() (which the reader reads as the
 * boolean).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readWorkbook } from '../../src/adapters/xlsx/read-workbook.js';
import type { SheetRead, WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { convertToXlsx, requireSoffice } from '../support/libreoffice.js';
import { zipEntries } from '../support/xlsx-zip.js';
import { buildZip } from '../support/zip-build.js';

/** A workbook with every kind of value a filled template holds, and the sheet states the template uses. */
async function sampleWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('证据');
  data.getCell('A1').value = '检查点';
  data.getCell('B1').value = '兰州市';
  data.getCell('A2').value = 12.5;
  data.getCell('B2').value = 0.3;
  data.getCell('C2').value = -3;
  data.getCell('D2').value = 1234567.89;
  data.getCell('A3').value = true;
  data.getCell('B3').value = false;
  data.getCell('A4').value = new Date(Date.UTC(2015, 5, 30));
  data.getCell('A4').numFmt = 'yyyy-mm-dd';
  data.getCell('B4').value = 42004; // 2014-12-31 as a serial, formatted as a date
  data.getCell('B4').numFmt = 'yyyy/m/d';
  data.getCell('A5').value = { richText: [{ text: '质量', font: { bold: true } }, { text: '工作考核' }] };
  data.getCell('A6').value = { formula: 'A2*2', result: 25 };
  data.getCell('A7').value = '0012'; // a number stored as text stays text
  data.getCell('A8').value = '=1+1'; // text that looks like a formula is text, never evaluated
  data.getCell('M9').value = '最后';
  const hidden = wb.addWorksheet('备注');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = '隐藏';
  const ids = wb.addWorksheet('_kaohe');
  ids.state = 'veryHidden';
  ids.getCell('A1').value = 'checkpoint|G01.1';
  ids.getCell('B1').value = 620100;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const EXPECTED_CELLS = {
  A1: { value: '检查点' },
  B1: { value: '兰州市' },
  A2: { value: 12.5 },
  B2: { value: 0.3 },
  C2: { value: -3 },
  D2: { value: 1234567.89 },
  A3: { value: true },
  B3: { value: false },
  A4: { value: '2015-06-30', isDate: true },
  B4: { value: '2014-12-31', isDate: true },
  A5: { value: '质量工作考核' },
  A6: { value: 25, formula: 'A2*2' },
  A7: { value: '0012' },
  A8: { value: '=1+1' },
  M9: { value: '最后' },
};

async function read(bytes: Uint8Array): Promise<WorkbookRead> {
  const result = await readWorkbook(bytes);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.workbook;
}

function sheet(workbook: WorkbookRead, name: string): SheetRead {
  const found = workbook.sheets.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no sheet ${name}: ${workbook.sheets.map((s) => s.name).join(', ')}`);
  return found;
}

describe('reading an uploaded workbook', () => {
  it('reads every sheet with its state and every non-empty cell of a workbook written with exceljs', async () => {
    const workbook = await read(await sampleWorkbook());
    expect(workbook.sheets.map((s) => [s.name, s.state])).to.deep.equal([
      ['证据', 'visible'],
      ['备注', 'hidden'],
      ['_kaohe', 'veryHidden'],
    ]);
    const data = sheet(workbook, '证据');
    expect(data.cells).to.deep.equal(EXPECTED_CELLS);
    expect([data.rowCount, data.columnCount]).to.deep.equal([9, 13]);
    expect(sheet(workbook, '备注').cells).to.deep.equal({ A1: { value: '隐藏' } });
    expect(sheet(workbook, '_kaohe').cells).to.deep.equal({
      A1: { value: 'checkpoint|G01.1' },
      B1: { value: 620100 },
    });
  });

  it('reads a hyperlink as its text, an error value as its code, a merged range once, and inline strings', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('证据');
    ws.getCell('A1').value = { text: '材料链接', hyperlink: 'http://example.com/a.pdf' };
    ws.getCell('B1').value = { error: '#N/A' };
    ws.mergeCells('C1:D2');
    ws.getCell('C1').value = '合并';
    expect(sheet(await read(new Uint8Array(await wb.xlsx.writeBuffer())), '证据').cells).to.deep.equal({
      A1: { value: '材料链接' },
      B1: { value: '#N/A' },
      C1: { value: '合并' },
    });

    // Strings written in the cell itself (t="inlineStr"), as some generators do, rather than shared.
    const entries = zipEntries(new Uint8Array(await wb.xlsx.writeBuffer())).map((e) =>
      e.name === 'xl/worksheets/sheet1.xml'
        ? {
            name: e.name,
            data: e.text.replace(
              /<sheetData>[\s\S]*<\/sheetData>/,
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>行内文字</t></is></c><c r="B1" t="str"><v>0.5</v></c></row></sheetData>',
            ),
          }
        : { name: e.name, data: e.text },
    );
    expect(sheet(await read(buildZip(entries)), '证据').cells).to.deep.equal({
      A1: { value: '行内文字' },
      B1: { value: '0.5' },
    });
  });

  it('marks a number shown as a percentage (85% typed is stored as 0.85), but not a quoted % in the format', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('证据');
    const cells: [string, number, string][] = [
      ['A1', 0.85, '0%'],
      ['A2', 0.125, '0.0%'],
      ['A3', 85, '0"%"'],
      ['A4', 85, 'General'],
    ];
    for (const [address, value, numFmt] of cells) {
      ws.getCell(address).value = value;
      ws.getCell(address).numFmt = numFmt;
    }
    expect(sheet(await read(new Uint8Array(await wb.xlsx.writeBuffer())), '证据').cells).to.deep.equal({
      A1: { value: 0.85, percent: true },
      A2: { value: 0.125, percent: true },
      A3: { value: 85 },
      A4: { value: 85 },
    });
  });

  describe('the same workbook saved by LibreOffice', function () {
    this.timeout(90_000);
    let dir = '';

    before(() => {
      requireSoffice();
      dir = mkdtempSync(path.join(tmpdir(), 'kaohe-read-workbook-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads to the same cells and sheet states', async () => {
      const original = path.join(dir, 'sample.xlsx');
      writeFileSync(original, await sampleWorkbook());
      const converted = await convertToXlsx(original);
      try {
        const workbook = await read(new Uint8Array(readFileSync(converted)));
        // LibreOffice 7.4 has no "very hidden": it saves such a sheet as merely hidden. An
        // importer must therefore accept the identity sheet as hidden or veryHidden.
        expect(workbook.sheets.map((s) => [s.name, s.state])).to.deep.equal([
          ['证据', 'visible'],
          ['备注', 'hidden'],
          ['_kaohe', 'hidden'],
        ]);
        expect(sheet(workbook, '证据').cells).to.deep.equal(EXPECTED_CELLS);
        expect(sheet(workbook, '_kaohe').cells).to.deep.equal({
          A1: { value: 'checkpoint|G01.1' },
          B1: { value: 620100 },
        });
      } finally {
        rmSync(path.dirname(converted), { recursive: true, force: true });
      }
    });
  });
});
