/**
 * POST /api/cycles/:cycle/reviews/import over HTTP on the real FerretDB, with the real
 * writer and reader: the field sheet downloaded, edited as an examiner would (through
 * a library) and posted back. Unedited it changes nothing; filled in, each unit's
 * review is saved; a unit whose sheet has a problem or whose review changed since the
 * export is refused and named while the other goes in.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { convertToXlsx, requireSoffice } from '../support/libreoffice.js';
import { type TestService, startService } from '../support/service.js';
import { YEAR, openCycle, submitSeedWithReview } from './review-run-support.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TEMPLATE = `/api/cycles/${YEAR}/reviews/template.xlsx?units=620100,620200`;
const IMPORT = `/api/cycles/${YEAR}/reviews/import`;

type Edits = Record<string, Record<string, Record<string, ExcelJS.CellValue>>>;

describe('POST /api/cycles/:cycle/reviews/import (HTTP, real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;

  async function download(): Promise<Buffer> {
    const res = await fetch(`${service.url}${TEMPLATE}`, { headers: { authorization: `Bearer ${service.users.examiner.token}` } });
    expect(res.status).to.equal(200);
    return Buffer.from(await res.arrayBuffer());
  }

  /** The sheet with cells changed, by sheet name, row id (column A) and column letter; the changed cells' addresses by `sheet|id|column`. */
  async function filled(bytes: Buffer, edits: Edits): Promise<{ bytes: Buffer; cells: Record<string, string> }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: Record<string, string> = {};
    for (const [name, rows] of Object.entries(edits)) {
      const sheet = wb.getWorksheet(name) as ExcelJS.Worksheet;
      sheet.getColumn('A').eachCell((cell, row) => {
        for (const [column, value] of Object.entries(rows[String(cell.value)] ?? {})) {
          sheet.getCell(`${column}${row}`).value = value;
          cells[`${name}|${String(cell.value)}|${column}`] = `${name}!${column}${row}`;
        }
      });
    }
    return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), cells };
  }

  const post = (bytes: Uint8Array, user = service.users.examiner) => service.request('POST', IMPORT, { user, raw: bytes, headers: { 'content-type': XLSX } });
  const review = async (unit: string) => (await service.request('GET', `/api/cycles/${YEAR}/reviews/${unit}`, { user: service.users.examiner })).body;

  before(async () => {
    service = await startService();
    await openCycle(service);
    await submitSeedWithReview(service, '620100');
    await submitSeedWithReview(service, '620200');
  });
  after(() => service.close());

  it('imports an unedited field sheet back without writing anything: every review as it was, version and all', async () => {
    const before = [await review('620100'), await review('620200')];
    const reply = await post(await download());
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body.units.map((u: { unit: string; outcome: string }) => [u.unit, u.outcome])).to.deep.equal([
      ['620100', 'unchanged'],
      ['620200', 'unchanged'],
    ]);
    expect([await review('620100'), await review('620200')]).to.deep.equal(before);
  });

  it('saves what the examiner filled in: a verified value, an examiner field, a finding, an adjustment with its justification', async () => {
    const { bytes } = await filled(await download(), {
      嘉峪关市: {
        'checkpoint|G01.1': { I: '负面清单未在政府网站公布', J: 1, K: '负面清单未公布，扣 0.5 分' },
        'field|G04.2|uninvestigatedAds': { H: 2 },
        'field|G02.2|excellenceEnterprises': { H: '３' },
      },
    });
    const reply = await post(bytes);
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body.units).to.deep.equal([
      { unit: '620100', name: '兰州市', outcome: 'unchanged', version: 1 },
      { unit: '620200', name: '嘉峪关市', outcome: 'imported', version: 2 },
    ]);
    const saved = await review('620200');
    expect(saved.version).to.equal(2);
    expect(saved.updatedBy).to.equal(service.users.examiner.username);
    expect(saved.items['G01.1']).to.deep.include({
      finding: '负面清单未在政府网站公布',
      adjustment: { score: 1, justification: '负面清单未公布，扣 0.5 分', by: service.users.examiner.username },
    });
    expect(saved.items['G04.2'].values.uninvestigatedAds).to.equal(2);
    expect(saved.items['G02.2'].values.excellenceEnterprises).to.equal(3);

    // The same file again (as after correcting another unit's cell): nothing to write, nothing refused.
    const again = await post(bytes);
    expect(again.status, again.text).to.equal(200);
    expect(again.body.units.map((u: { unit: string; outcome: string }) => [u.unit, u.outcome])).to.deep.equal([
      ['620100', 'unchanged'],
      ['620200', 'unchanged'],
    ]);
    expect(await review('620200')).to.deep.equal(saved);
  });

  it('refuses a unit whose sheet has an adjustment without justification, at its cell, while the other unit goes in', async () => {
    const before = await review('620100');
    const { bytes, cells } = await filled(await download(), {
      兰州市: { 'checkpoint|G01.2': { J: 0.5 } },
      嘉峪关市: { 'checkpoint|G01.2': { I: '执法协作机制已建立' } },
    });
    const reply = await post(bytes);
    expect(reply.status, reply.text).to.equal(200);
    const [lz, jyg] = reply.body.units;
    expect(lz).to.deep.include({ unit: '620100', name: '兰州市', outcome: 'refused' });
    expect(lz.problems.map((p: { path: string }) => p.path)).to.deep.equal([cells['兰州市|checkpoint|G01.2|J']?.replace(/J(\d+)$/, 'K$1')]);
    expect(lz.problems[0].message).to.include('G01.2').and.include('必须写明调整理由');
    expect(jyg).to.deep.include({ unit: '620200', outcome: 'imported', version: 3 });
    expect(await review('620100')).to.deep.equal(before);
    expect((await review('620200')).items['G01.2'].finding).to.equal('执法协作机制已建立');
  });

  it('refuses and names a unit whose review changed since the export, while the other goes in', async () => {
    const exported = await download();
    const current = await review('620100');
    const changed = await service.request('PUT', `/api/cycles/${YEAR}/reviews/620100`, {
      user: service.users.examiner,
      body: { version: current.version, items: { ...current.items, 'G01.1': { finding: '另一位考核组成员的记录' } } },
    });
    expect(changed.status, changed.text).to.equal(200);
    const { bytes } = await filled(exported, {
      兰州市: { 'checkpoint|G01.2': { I: '现场查看了执法协作记录' } },
      嘉峪关市: { 'checkpoint|G01.2': { I: '执法协作记录不全' } },
    });
    const reply = await post(bytes);
    expect(reply.status, reply.text).to.equal(200);
    const [lz, jyg] = reply.body.units;
    expect(lz).to.deep.include({ unit: '620100', name: '兰州市', outcome: 'refused' });
    expect(lz.reason).to.include('审核记录已被修改');
    expect(jyg).to.deep.include({ unit: '620200', outcome: 'imported', version: 4 });
    const after = await review('620100');
    expect(after.version).to.equal(2);
    expect(after.items['G01.1'].finding).to.equal('另一位考核组成员的记录');
  });

  it('refuses and names a unit whose submission changed since the export (reopened), while the other goes in', async () => {
    const exported = await download();
    const reopened = await service.request('POST', `/api/cycles/${YEAR}/submissions/620200/reopen`, {
      user: service.users.examiner,
      body: { version: 1, reason: '补充材料' },
    });
    expect(reopened.status, reopened.text).to.equal(200);
    const before = await review('620200');
    const { bytes } = await filled(exported, {
      兰州市: { 'checkpoint|G02.1': { I: '质量奖评审资料齐全' } },
      嘉峪关市: { 'checkpoint|G02.1': { I: '质量奖评审资料不全' } },
    });
    const reply = await post(bytes);
    expect(reply.status, reply.text).to.equal(200);
    const [lz, jyg] = reply.body.units;
    expect(lz).to.deep.include({ unit: '620100', outcome: 'imported', version: 3 });
    expect(jyg).to.deep.include({ unit: '620200', name: '嘉峪关市', outcome: 'refused' });
    expect(jyg.reason).to.include('单位材料已有变动（导出时第 1 版，现为第 2 版）');
    expect(await review('620200')).to.deep.equal(before);
  });

  it('names a unit whose sheet was deleted from the file as not imported, and imports the other', async () => {
    const before = await review('620200');
    const { bytes: edited } = await filled(await download(), { 兰州市: { 'checkpoint|G03.1': { I: '标准化工作台账已查' } } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(edited as unknown as ArrayBuffer);
    wb.removeWorksheet((wb.getWorksheet('嘉峪关市') as ExcelJS.Worksheet).id);
    const reply = await post(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(reply.status, reply.text).to.equal(200);
    const [lz, jyg] = reply.body.units;
    expect(lz).to.deep.include({ unit: '620100', outcome: 'imported' });
    expect(jyg).to.deep.include({ unit: '620200', name: '嘉峪关市', outcome: 'refused' });
    expect(jyg.reason).to.include('文件中已没有该单位的工作表');
    expect(await review('620200')).to.deep.equal(before);
    expect((await review('620100')).items['G03.1'].finding).to.equal('标准化工作台账已查');
  });

  it('imports a field sheet as LibreOffice saves it: the filled unit goes in, the other is unchanged', async () => {
    requireSoffice();
    const { bytes } = await filled(await download(), { 兰州市: { 'checkpoint|G02.2': { I: '卓越绩效企业名单已核对', J: 1, K: '一家企业资料不实' } } });
    const dir = mkdtempSync(path.join(tmpdir(), 'kaohe-field-sheet-'));
    try {
      const original = path.join(dir, 'sheet.xlsx');
      writeFileSync(original, bytes);
      const converted = await convertToXlsx(original);
      const reply = await post(readFileSync(converted));
      rmSync(path.dirname(converted), { recursive: true, force: true });
      expect(reply.status, reply.text).to.equal(200);
      const [lz, jyg] = reply.body.units;
      expect(lz).to.deep.include({ unit: '620100', outcome: 'imported' });
      expect(jyg).to.deep.include({ unit: '620200', outcome: 'unchanged' });
      expect((await review('620100')).items['G02.2']).to.deep.include({
        finding: '卓越绩效企业名单已核对',
        adjustment: { score: 1, justification: '一家企业资料不实', by: service.users.examiner.username },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses cities and auditors before reading the body (403), and a file that is no field sheet (400), changing nothing', async () => {
    for (const user of [service.users.city, service.users.auditor]) {
      const reply = await service.request('POST', IMPORT, { user, raw: Buffer.from('not a workbook'), headers: { 'content-type': XLSX } });
      expect(reply.status, user.username).to.equal(403);
    }
    const garbage = await post(Buffer.from('not a workbook'));
    expect(garbage.status).to.equal(400);
    expect(garbage.body.message).to.include('无法导入');
  });
});
