/**
 * The offline round trip for every seeded unit, with the real writer, reader and
 * FerretDB: the template of a saved draft imported without edits leaves the draft byte
 * for byte as it was; an empty template filled in through exceljs the way a clerk types
 * (some numbers as full-width text, percentages with %, 是/否 as √/×) imports to the
 * seeded items; and the same filled file re-saved by headless LibreOffice imports to the
 * same items.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Field } from '../../src/core/rubric/index.js';
import type { UnitItem } from '../../src/records/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { importEvidence } from '../../src/spreadsheet/evidence-import.js';
import { convertToXlsx, requireSoffice } from '../support/libreoffice.js';
import { seedEvidenceFiles } from '../support/seeds.js';
import { type TestService, startService } from '../support/service.js';
import { type SeededUnit, inDocumentOrder, seededUnit } from '../support/workbook-read.js';
import { YEAR, openCycle } from './review-run-support.js';

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const fullWidth = (text: string) => text.replace(/[0-9]/g, (d) => FULL_WIDTH_DIGITS[Number(d)] ?? d).replace('.', '．');

/** How a clerk types a field's value: every other number as full-width text, a % where the unit is %, √/× for yes/no. */
function typed(field: Field, value: unknown, n: number): ExcelJS.CellValue {
  if (typeof value === 'boolean') return n % 2 === 0 ? (value ? '√' : '×') : value ? '是' : '否';
  if (typeof value === 'number') {
    if (field.unit === '%') return `${fullWidth(String(value))}％`;
    return n % 2 === 0 ? fullWidth(String(value)) : value;
  }
  return typeof value === 'string' ? ` ${value} ` : null;
}

/** An empty template filled in with the unit's seeded items, cell by cell, as a clerk would. */
async function fillAsClerk(empty: Uint8Array, seeded: SeededUnit): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(empty) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('证据') as ExcelJS.Worksheet;
  let n = 0;
  sheet.getColumn('A').eachCell((cell, row) => {
    const id = String(cell.value).split('|');
    const item: UnitItem | undefined = id[1] === undefined ? undefined : seeded.items[id[1]];
    const at = (column: string) => sheet.getCell(`${column}${row}`);
    if (id[0] === 'selfTotal' && seeded.selfTotal !== undefined) at('L').value = fullWidth(String(seeded.selfTotal));
    if (item === undefined) return;
    n++;
    if (id[0] === 'checkpoint') {
      if (item.notApplicable !== undefined) at('K').value = item.notApplicable ? '是' : '否';
      if (item.selfScore !== undefined) at('L').value = n % 3 === 0 ? fullWidth(String(item.selfScore)) : item.selfScore;
      if (item.note !== undefined) at('M').value = item.note;
      return;
    }
    const field = seeded.rubric.items.get(id[1] as string)?.fieldsByKey.get(id[2] as string) as Field;
    const value = item.values?.[field.key];
    if (id[0] === 'member') {
      if (Array.isArray(value)) at('J').value = value.includes(id[3] as string) ? (n % 2 === 0 ? '✓' : '是') : '否';
      return;
    }
    if (value !== undefined) at('J').value = typed(field, value, n);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the offline round trip for every seeded unit (real writer, reader, LibreOffice and FerretDB)', function () {
  this.timeout(120_000);
  let service: TestService;
  const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-round-trip-'));

  before(async () => {
    requireSoffice();
    service = await startService();
    await openCycle(service);
  });
  after(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importedItems(seeded: SeededUnit, bytes: Uint8Array) {
    const read = await service.services.deps.workbooks.read(bytes);
    if (!read.ok) expect.fail(read.reason);
    const result = importEvidence(read.workbook, seeded.rubric, { year: YEAR, unit: seeded.unit, rubricHash: seeded.rubric.hash });
    if (!result.ok) expect.fail(JSON.stringify(result.problems, null, 1));
    return result;
  }

  for (const file of seedEvidenceFiles()) {
    const code = file.replace('.json', '');
    it(`${code}: template → import leaves the draft byte-identical; a clerk's filled template, and LibreOffice's re-save of it, import to the seeded items`, async () => {
      const seeded = seededUnit(code);
      const city: Actor = { userId: `city-${code}`, username: `city-${code}`, role: 'city', unitCode: code };
      const { services } = service;

      // A clerk fills the empty template (nothing saved yet: version 0).
      const empty = await services.evidenceTemplates.template(city, { year: YEAR }, code);
      expect(empty.version).to.equal(0);
      const filled = await fillAsClerk(empty.bytes, seeded);
      const fromClerk = await importedItems(seeded, filled);
      expect(JSON.stringify(fromClerk.items)).to.equal(JSON.stringify(inDocumentOrder(seeded.items)));
      expect(fromClerk.selfTotal).to.equal(seeded.selfTotal);

      // The same file as LibreOffice saves it.
      const original = path.join(dir, `${code}.xlsx`);
      writeFileSync(original, filled);
      const converted = await convertToXlsx(original);
      const fromLibreOffice = await importedItems(seeded, readFileSync(converted));
      rmSync(path.dirname(converted), { recursive: true, force: true });
      expect(JSON.stringify(fromLibreOffice.items)).to.equal(JSON.stringify(fromClerk.items));
      expect(fromLibreOffice.selfTotal).to.equal(seeded.selfTotal);

      // Imported for real, then exported and imported back without edits: the stored draft does not change by a byte.
      const saved = await services.evidenceImport.importWorkbook(city, { year: YEAR }, code, filled, undefined);
      expect(saved.record?.version).to.equal(1);
      const before = await service.stores.submissions.get({ year: YEAR }, code);
      const template = await services.evidenceTemplates.template(city, { year: YEAR }, code);
      expect(JSON.stringify((await importedItems(seeded, template.bytes)).items)).to.equal(before?.items);
      const again = await services.evidenceImport.importWorkbook(city, { year: YEAR }, code, template.bytes, template.version);
      expect(again.record?.version).to.equal(1);
      expect(JSON.stringify(await service.stores.submissions.get({ year: YEAR }, code))).to.equal(JSON.stringify(before));
    });
  }
});
