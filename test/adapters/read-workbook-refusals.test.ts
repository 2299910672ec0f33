/**
 * Uploads the reader refuses before exceljs parses them, each with a Chinese reason that
 * names the problem and never a throw: files that are not workbooks, encrypted or old
 * .xls files, files too large, packed or unpacked, macros, external links, sheets with
 * too many rows. The inputs are generated here, from one small workbook written with
 * exceljs (encrypted by xlsx-populate, converted to .xls by LibreOffice), so no binary
 * fixture is kept.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { MAX_SHEET_ROWS } from '../../src/adapters/xlsx/read-limits.js';
import { readWorkbook } from '../../src/adapters/xlsx/read-workbook.js';
import { encryptWorkbook, sheetNamesWithPassword } from '../support/encrypt-workbook.js';
import { convertTo, requireSoffice } from '../support/libreoffice.js';
import { buildZip, type ZipInput } from '../support/zip-build.js';
import { zipEntries } from '../support/xlsx-zip.js';

const NOT_XLSX = '文件已损坏或不是 .xlsx 工作簿';

async function smallWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('证据');
  ws.getCell('A1').value = '检查点';
  ws.getCell('B1').value = 12.5;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The small workbook's entries, with `change` applied to them, zipped again. */
async function alteredWorkbook(change: (entries: ZipInput[]) => ZipInput[]): Promise<Uint8Array> {
  const entries = zipEntries(await smallWorkbook()).map((e) => ({ name: e.name, data: e.text }));
  return buildZip(change(entries));
}

function withSheetRows(entries: ZipInput[], rows: number): ZipInput[] {
  const rowXml: string[] = [];
  for (let r = 1; r <= rows; r++) rowXml.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  return entries.map((e) =>
    e.name === 'xl/worksheets/sheet1.xml'
      ? {
          name: e.name,
          data: String(e.data)
            .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:A${rows}"/>`)
            .replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rowXml.join('')}</sheetData>`),
        }
      : e,
  );
}

async function refusal(bytes: Uint8Array): Promise<string> {
  const result = await readWorkbook(bytes);
  if (result.ok) throw new Error('expected a refusal, the workbook was read');
  return result.reason;
}

describe('refusing an upload that is not a safe workbook', () => {
  it('reads the small workbook the refusals start from', async () => {
    const result = await readWorkbook(await smallWorkbook());
    expect(result.ok).to.equal(true);
  });

  it('refuses random bytes as corrupt', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expect(await refusal(bytes)).to.contain(NOT_XLSX);
  });

  it('refuses a truncated workbook as corrupt', async () => {
    const whole = await smallWorkbook();
    expect(await refusal(whole.subarray(0, Math.floor(whole.length / 2)))).to.contain(NOT_XLSX);
  });

  it('refuses an empty file', async () => {
    expect(await refusal(new Uint8Array(0))).to.contain(NOT_XLSX);
  });

  it('refuses a PDF', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect(await refusal(new Uint8Array(pdf))).to.contain(NOT_XLSX);
  });

  it('refuses a CSV renamed .xlsx', async () => {
    const csv = Buffer.from('单位,自评分\n兰州市,90\n嘉峪关市,85.5\n', 'utf8');
    expect(await refusal(new Uint8Array(csv))).to.contain(NOT_XLSX);
  });

  it('refuses a zip that is not a workbook (a .docx, say)', async () => {
    const docx = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    expect(await refusal(docx)).to.contain(NOT_XLSX);
  });

  it('refuses a workbook whose sheet XML is broken, in Chinese', async () => {
    const bytes = await alteredWorkbook((entries) =>
      entries.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data: String(e.data).slice(0, 300) } : e)),
    );
    const reason = await refusal(bytes);
    expect(reason).to.contain(NOT_XLSX);
    expect(reason).to.contain('其中的表格内容无法解析'); // ours, not exceljs's English message
  });

  it('refuses an OLE2 file it cannot place, naming both a password and an old .xls, and what to do', async () => {
    const ole = new Uint8Array(8192);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const reason = await refusal(ole);
    expect(reason).to.contain('密码');
    expect(reason).to.contain('.xls');
    expect(reason).to.contain('去掉打开密码');
    expect(reason).to.contain('另存为 .xlsx');
  });

  it('refuses a workbook encrypted with an open password, saying so and how to remove it', async () => {
    const encrypted = await encryptWorkbook(await smallWorkbook(), 'kaohe');
    expect(await sheetNamesWithPassword(encrypted, 'kaohe')).to.deep.equal(['证据']);
    const reason = await refusal(encrypted);
    expect(reason).to.contain('设了打开密码');
    expect(reason).to.contain('用密码进行加密');
    expect(reason).not.to.contain('.xls ');
  });

  it('refuses an old .xls saved by LibreOffice as an OLE2 file', async function () {
    this.timeout(90_000);
    requireSoffice();
    const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-read-xls-'));
    try {
      const original = path.join(dir, '证据.xlsx');
      writeFileSync(original, await smallWorkbook());
      const xls = await convertTo(original, 'xls');
      const reason = await refusal(new Uint8Array(readFileSync(xls)));
      rmSync(path.dirname(xls), { recursive: true, force: true });
      expect(reason).to.contain('旧版 .xls');
      expect(reason).to.contain('另存为 .xlsx');
      expect(reason).not.to.contain('密码');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a 50 MB file by its size, before looking inside', async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const reason = await refusal(big);
    expect(reason).to.contain('文件过大（50 MB）');
    expect(reason).to.contain('不得超过 10 MB');
  });

  it('refuses a workbook with a VBA project', async () => {
    const bytes = await alteredWorkbook((entries) => [...entries, { name: 'xl/vbaProject.bin', data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) }]);
    expect(await refusal(bytes)).to.contain('工作簿包含宏');
  });

  it('refuses a macro-enabled workbook (.xlsm content type)', async () => {
    const bytes = await alteredWorkbook((entries) =>
      entries.map((e) =>
        e.name === '[Content_Types].xml'
          ? {
              name: e.name,
              data: String(e.data).replace('spreadsheetml.sheet.main+xml', 'ms-excel.sheet.macroEnabled.main+xml'),
            }
          : e,
      ),
    );
    expect(await refusal(bytes)).to.contain('工作簿包含宏');
  });

  it('refuses a macro project stored under another name, by its relation', async () => {
    const bytes = await alteredWorkbook((entries) => [
      ...entries.map((e) =>
        e.name === 'xl/_rels/workbook.xml.rels'
          ? {
              name: e.name,
              data: String(e.data).replace(
                '</Relationships>',
                '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="code.bin"/></Relationships>',
              ),
            }
          : e,
      ),
      { name: 'xl/code.bin', data: new Uint8Array([1, 2, 3]) },
    ]);
    expect(await refusal(bytes)).to.contain('工作簿包含宏');
  });

  it('refuses a workbook with an external link', async () => {
    const bytes = await alteredWorkbook((entries) => [
      ...entries,
      {
        name: 'xl/externalLinks/externalLink1.xml',
        data: '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1"/></externalLink>',
      },
    ]);
    expect(await refusal(bytes)).to.contain('外部链接');
  });

  it('refuses a 100,000-row sheet quickly, naming the sheet and the row limit', async () => {
    const bytes = await alteredWorkbook((entries) => withSheetRows(entries, 100_000));
    const started = Date.now();
    const reason = await refusal(bytes);
    const elapsed = Date.now() - started;
    expect(reason).to.contain('工作表“证据”有 100000 行');
    expect(reason).to.contain(`${MAX_SHEET_ROWS} 行的上限`);
    // Counted in the sheet's XML before exceljs builds a row: well under the test's timeout.
    expect(elapsed).to.be.below(5000);
  });

  it('refuses a sheet whose only row is numbered past the limit', async () => {
    const bytes = await alteredWorkbook((entries) =>
      entries.map((e) =>
        e.name === 'xl/worksheets/sheet1.xml'
          ? {
              name: e.name,
              data: String(e.data).replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData><row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>'),
            }
          : e,
      ),
    );
    expect(await refusal(bytes)).to.contain('有 1000000 行');
  });

  it('reads a sheet of exactly the row limit', async function () {
    this.timeout(60_000);
    const bytes = await alteredWorkbook((entries) => withSheetRows(entries, MAX_SHEET_ROWS));
    const result = await readWorkbook(bytes);
    if (!result.ok) throw new Error(result.reason);
    expect(result.workbook.sheets[0]?.rowCount).to.equal(MAX_SHEET_ROWS);
  });

  it('refuses a zip bomb: a tiny file whose entries claim gigabytes', async () => {
    const bytes = await alteredWorkbook((entries) => [
      ...entries,
      { name: 'xl/media/image1.png', data: 'x', claimedSize: 3_000_000_000 },
      { name: 'xl/media/image2.png', data: 'x', claimedSize: 3_000_000_000 },
    ]);
    expect(bytes.length).to.be.below(10_000);
    expect(await refusal(bytes)).to.contain('解压后超过 64 MB');
  });

  it('refuses a zip bomb that hides behind a small claimed size, without inflating it', async () => {
    const bytes = await alteredWorkbook((entries) => [
      ...entries.filter((e) => e.name !== 'xl/sharedStrings.xml'),
      { name: 'xl/sharedStrings.xml', data: new Uint8Array(80 * 1024 * 1024), claimedSize: 1000 },
    ]);
    expect(bytes.length).to.be.below(1024 * 1024);
    const started = Date.now();
    expect(await refusal(bytes)).to.contain(NOT_XLSX);
    expect(Date.now() - started).to.be.below(5000);
  });

  it('refuses a zip with too many entries', async () => {
    const bytes = await alteredWorkbook((entries) => [
      ...entries,
      ...Array.from({ length: 2500 }, (_, n) => ({ name: `xl/media/image${n}.png`, data: '', store: true })),
    ]);
    expect(await refusal(bytes)).to.contain('内部文件过多');
  });
});
