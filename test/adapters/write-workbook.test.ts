/**
 * The spreadsheet writer: the evidence template written with exceljs and read back as
 * Excel would open it (protection, hidden column and sheet, validations with their
 * Chinese texts, unlocked inputs, numbers as numbers), and the same bytes each time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook.js';
import { splitEvidence } from '../../src/records/index.js';
import { COLUMNS, EVIDENCE_SHEET, IDENTITY_SHEET, TEMPLATE_FORMAT } from '../../src/spreadsheet/contract.js';
import { evidenceTemplate } from '../../src/spreadsheet/evidence-template.js';
import type { WorkbookLayout } from '../../src/spreadsheet/workbook-layout.js';
import { gansuRubric, seedDocument } from '../integration/review-run-support.js';
import { convertToXlsx, requireSoffice } from '../support/libreoffice.js';
import { dosDate, zipEntries } from '../support/xlsx-zip.js';

const rubric = gansuRubric();
const seed = seedDocument('620100');
const layout = evidenceTemplate({
  rubric,
  unit: { code: '620100', name: '兰州市' },
  cycle: { year: 2015, deadline: '2016-03-31T23:59:59+08:00' },
  draft: { items: splitEvidence(rubric, seed.items).submitted, selfTotal: seed.selfTotal, version: 2 },
  contact: '考核组',
});

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

function rowOf(ws: ExcelJS.Worksheet, id: string): number {
  let found = 0;
  ws.getColumn('A').eachCell((cell, row) => {
    if (cell.value === id) found = row;
  });
  if (found === 0) throw new Error(`no row ${id}`);
  return found;
}

describe('writeWorkbook (exceljs): the evidence template read back', function () {
  this.timeout(30_000);
  let bytes: Uint8Array;
  let wb: ExcelJS.Workbook;
  before(async () => {
    bytes = await writeWorkbook(layout);
    wb = await load(bytes);
  });

  it('gives the same bytes for the same layout', async () => {
    const again = await writeWorkbook(layout);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).to.equal(true);
  });

  it('keeps the sheets in order with their states: the identity sheet very hidden, every sheet protected without a password', () => {
    expect(wb.worksheets.map((ws) => [ws.name, ws.state])).to.deep.equal([
      ['封面', 'visible'],
      ['证据', 'visible'],
      ['_kaohe', 'veryHidden'],
    ]);
    for (const ws of wb.worksheets) {
      const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean; hashValue?: string } }).sheetProtection;
      expect(protection?.sheet, ws.name).to.equal(true);
      expect(protection?.hashValue, ws.name).to.equal(undefined);
    }
    const identity = wb.getWorksheet(IDENTITY_SHEET);
    expect(identity?.getCell('A1').value).to.equal('format');
    expect(identity?.getCell('B1').value).to.equal(TEMPLATE_FORMAT);
    expect(identity?.getCell('B7').value).to.equal(rubric.hash);
  });

  it('hides column A with the row identifiers, freezes the header and merges the title', () => {
    const ws = wb.getWorksheet(EVIDENCE_SHEET) as ExcelJS.Worksheet;
    expect(ws.getColumn('A').hidden).to.equal(true);
    expect(ws.getColumn('B').hidden).to.equal(false);
    expect(ws.views[0]).to.deep.include({ state: 'frozen', ySplit: 2 });
    expect(ws.getCell('M1').isMerged).to.equal(true);
    expect(ws.getCell('A3').value).to.equal(null);
    expect(ws.getColumn(COLUMNS.method).width).to.be.above(30);
  });

  it('unlocks and validates the input cells, with a titled Chinese prompt and error, and locks the rubric text', () => {
    const ws = wb.getWorksheet(EVIDENCE_SHEET) as ExcelJS.Worksheet;
    const choice = ws.getCell(`J${rowOf(ws, 'field|G01.2|enforcementCooperation')}`);
    expect(choice.protection?.locked).to.equal(false);
    expect(choice.value).to.equal('仅建立协作机制');
    expect(choice.dataValidation).to.deep.include({
      type: 'list',
      formulae: ['"建立机制并实现信息共享,仅建立协作机制,未建立"'],
      showInputMessage: true,
      showErrorMessage: true,
      promptTitle: '填写提示',
      errorTitle: '输入有误',
    });
    expect(choice.dataValidation.prompt).to.include('执法协作与信息共享情况');
    const count = ws.getCell(`J${rowOf(ws, 'field|G02.2|excellenceEnterprises')}`);
    expect(count.value).to.be.a('number');
    expect(count.dataValidation).to.deep.include({ type: 'whole', operator: 'between', formulae: [0, 1000] });
    expect(count.dataValidation.error).to.match(/应为整数，范围 0–1000/);
    const member = ws.getCell(`J${rowOf(ws, 'member|G01.1|lists|权力清单')}`);
    expect(member.value).to.equal('是');
    expect(member.dataValidation).to.deep.include({ type: 'list', formulae: ['"是,否"'] });
    const note = ws.getCell(`M${rowOf(ws, 'checkpoint|G01.1')}`);
    expect(note.dataValidation).to.deep.include({ type: 'textLength', operator: 'lessThanOrEqual', formulae: [5000] });
    const fill = ws.getCell(`L${rowOf(ws, 'checkpoint|G01.1')}`).fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).to.equal('FFFFF2CC');
    // Rubric text: locked (the default) and without a validation.
    const method = ws.getCell(`G${rowOf(ws, 'checkpoint|G01.1')}`);
    expect(method.protection?.locked).not.to.equal(false);
    expect(method.dataValidation).to.equal(undefined);
    expect(method.alignment?.wrapText).to.equal(true);
    expect(ws.getCell(`K${rowOf(ws, 'checkpoint|G01.1')}`).protection?.locked).not.to.equal(false);
  });

  it('renders any layout: hidden sheets and columns, merges, numbers with their format, decimals with one bound', async () => {
    const small: WorkbookLayout = {
      title: '测试',
      date: '2016-01-02T03:04:05Z',
      sheets: [
        {
          name: '表一',
          state: 'visible',
          columns: { A: { width: 10 }, B: { width: 12, hidden: true } },
          cells: {
            A1: { value: '标题', style: 'title' },
            A2: { value: 0.3, style: 'number', numFmt: '0.00' },
            B2: { value: 7, style: 'inputNumber', unlocked: true, validation: { kind: 'decimal', min: 0, prompt: '不小于 0', error: '应不小于 0' } },
          },
          merges: ['A1:B1'],
          protected: false,
        },
        { name: '表二', state: 'hidden', columns: {}, cells: { A1: { value: 'x' } }, protected: true },
      ],
    };
    const read = await load(await writeWorkbook(small));
    const one = read.getWorksheet('表一') as ExcelJS.Worksheet;
    expect(one.getCell('A2').value).to.equal(0.3);
    expect(one.getCell('A2').numFmt).to.equal('0.00');
    expect(one.getColumn('B').hidden).to.equal(true);
    expect(one.getCell('B1').isMerged).to.equal(true);
    expect(one.getCell('B2').dataValidation).to.deep.include({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect((one as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).to.equal(null);
    expect(read.getWorksheet('表二')?.state).to.equal('hidden');
    expect(read.created?.toISOString()).to.equal('2016-01-02T03:04:05.000Z');
  });

  it('writes a list Excel cannot hold inline (a comma in a value, over 255 characters) into a very hidden lists sheet, each list once', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `很长的选项名称第${i + 1}项`);
    const list = (values: string[]) => ({ value: null, unlocked: true, validation: { kind: 'list' as const, values, prompt: '选', error: '错' } });
    const wide: WorkbookLayout = {
      title: 'x',
      date: '2016-01-01',
      sheets: [
        {
          name: '表',
          state: 'visible',
          columns: {},
          cells: { C4: list(['甲,乙', '丙']), C5: list(long), C6: list(['甲,乙', '丙']), C7: list(['是', '否']) },
          protected: true,
        },
      ],
    };
    const read = await load(await writeWorkbook(wide));
    const ws = read.getWorksheet('表') as ExcelJS.Worksheet;
    expect(ws.getCell('C4').dataValidation.formulae).to.deep.equal(["'_kaohe_lists'!$B$1:$B$2"]);
    expect(ws.getCell('C5').dataValidation.formulae).to.deep.equal(["'_kaohe_lists'!$C$1:$C$30"]);
    expect(ws.getCell('C6').dataValidation.formulae).to.deep.equal(["'_kaohe_lists'!$B$1:$B$2"]);
    expect(ws.getCell('C7').dataValidation.formulae).to.deep.equal(['"是,否"']);
    const lists = read.getWorksheet('_kaohe_lists') as ExcelJS.Worksheet;
    expect(lists.state).to.equal('veryHidden');
    expect([lists.getCell('B1').value, lists.getCell('B2').value, lists.getCell('C30').value]).to.deep.equal(['甲,乙', '丙', '很长的选项名称第30项']);
    // Column A stays empty: the importer reads row identifiers there on every sheet.
    expect(lists.getColumn('A').values.filter((v) => v !== undefined && v !== null)).to.deep.equal([]);
  });

  it('dates every zip entry with the layout date (the deadline in UTC), never the clock', () => {
    const dates = new Set(zipEntries(bytes).flatMap((e) => [e.dosDate, e.localDosDate]));
    expect([...dates]).to.deep.equal([dosDate(2016, 3, 31)]);
  });

  it('opens in LibreOffice as written: a re-save keeps the protection, the unlocked inputs, the validations and their Chinese prompts', async function () {
    this.timeout(120_000);
    requireSoffice();
    const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-template-'));
    try {
      const file = path.join(dir, 'template.xlsx');
      writeFileSync(file, bytes);
      const converted = await convertToXlsx(file);
      const entries = zipEntries(readFileSync(converted));
      rmSync(path.dirname(converted), { recursive: true, force: true });
      const text = (name: string) => entries.find((e) => e.name === name)?.text ?? '';
      const evidenceXml = text('xl/worksheets/sheet2.xml');
      expect(evidenceXml).to.match(/<sheetProtection [^>]*sheet="(1|true)"/);
      expect(evidenceXml).to.include('执法协作与信息共享情况');
      expect(evidenceXml).to.include('填写提示');
      expect((evidenceXml.match(/<dataValidation /g) ?? []).length).to.be.above(3);
      expect(text('xl/styles.xml')).to.match(/<protection locked="(0|false)"/);
      // LibreOffice has no very hidden sheets: it saves the identity sheet as hidden, which the importer accepts.
      expect(text('xl/workbook.xml')).to.match(/<sheet name="_kaohe"[^>]*state="(hidden|veryHidden)"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
