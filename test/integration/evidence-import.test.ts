/**
 * POST /api/cycles/:cycle/submissions/:unit/import over HTTP on the real FerretDB: 兰州市's
 * city user downloads its template, fills it in through exceljs as a clerk would, and
 * imports it; an unedited file changes nothing; a file with problems changes nothing and
 * the answer lists every problem at its cell; a stale version, another unit's template,
 * another unit's city and a file that is no workbook are refused.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { splitEvidence } from '../../src/records/index.js';
import { type TestService, startService } from '../support/service.js';
import { YEAR, gansuRubric, openCycle, seedDocument } from './review-run-support.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const base = (unit: string) => `/api/cycles/${YEAR}/submissions/${unit}`;

async function template(service: TestService, unit = '620100'): Promise<Buffer> {
  const user = unit === '620100' ? service.users.city : service.users.examiner;
  const res = await fetch(`${service.url}${base(unit)}/template.xlsx`, { headers: { authorization: `Bearer ${user.token}` } });
  expect(res.status).to.equal(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The workbook with cells changed by row id (column A) and column letter, as a clerk types them. */
async function filled(bytes: Buffer, edits: Record<string, Record<string, ExcelJS.CellValue>>): Promise<{ bytes: Buffer; cells: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('证据') as ExcelJS.Worksheet;
  const cells: Record<string, string> = {};
  sheet.getColumn('A').eachCell((cell, row) => {
    const edit = edits[String(cell.value)];
    for (const [column, value] of Object.entries(edit ?? {})) {
      sheet.getCell(`${column}${row}`).value = value;
      cells[`${String(cell.value)}@${column}`] = `证据!${column}${row}`;
    }
  });
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), cells };
}

describe('POST …/submissions/:unit/import (HTTP, real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;

  const post = (bytes: Uint8Array, o: { version?: number; unit?: string; user?: TestService['users']['city']; type?: string } = {}) =>
    service.request('POST', `${base(o.unit ?? '620100')}/import`, {
      user: o.user ?? service.users.city,
      raw: bytes,
      headers: { 'content-type': o.type ?? XLSX, ...(o.version === undefined ? {} : { 'if-match': `"${o.version}"` }) },
    });
  const stored = async () => (await service.request('GET', base('620100'), { user: service.users.city })).body;

  before(async () => {
    service = await startService();
    await openCycle(service);
    const seed = seedDocument('620100');
    const { submitted } = splitEvidence(gansuRubric(), seed.items);
    const saved = await service.request('PUT', base('620100'), { user: service.users.city, body: { items: submitted, selfTotal: seed.selfTotal } });
    expect(saved.status, saved.text).to.equal(200);
  });
  after(() => service.close());

  it('an unedited template imports to the same draft: nothing written, the stored items byte for byte as they were', async () => {
    const before = await service.request('GET', base('620100'), { user: service.users.city });
    const reply = await post(await template(service), { version: 1 });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.headers.get('etag')).to.equal('"1"');
    const after = await service.request('GET', base('620100'), { user: service.users.city });
    expect(after.text).to.equal(before.text);
  });

  it('imports what a clerk typed (full-width digits, a %, 是/否 as √/×, a note) as a save through the same checks, version and audit', async () => {
    const { bytes } = await filled(await template(service), {
      'field|G04.1|caseClosureRate': { J: '９１．５％' },
      'field|G01.1|approvalReview': { J: '×' },
      'member|G01.1|lists|负面清单': { J: '否' },
      'checkpoint|G01.1': { L: '０.５', M: '清理工作尚在进行。' },
      selfTotal: { L: 90.15 },
    });
    const reply = await post(bytes, { version: 1 });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.headers.get('etag')).to.equal('"2"');
    const draft = await stored();
    expect(draft.items['G04.1'].values.caseClosureRate).to.equal(91.5);
    expect(draft.items['G01.1']).to.deep.equal({
      values: { approvalReview: false, lists: ['权力清单', '责任清单'] },
      selfScore: 0.5,
      note: '清理工作尚在进行。',
    });
    expect(draft.selfTotal).to.equal(90.15);
    expect(draft.updatedBy).to.equal(service.users.city.username);
    const trail = await service.request('GET', `/api/audit/events?year=${YEAR}&unit=620100`, { user: service.users.examiner });
    expect(trail.status, trail.text).to.equal(200);
    expect(trail.body.filter((e: { action: string }) => e.action === 'submission.save')).to.have.length(2);
  });

  it('refuses a workbook with problems as a whole, listing every problem at its cell in one round; nothing is stored', async () => {
    const { bytes, cells } = await filled(await template(service), {
      'field|G02.2|excellenceEnterprises': { J: { formula: 'SUM(1,2)', result: 3 } },
      'field|G04.1|caseClosureRate': { J: '120%' },
      'field|G04.2|adMonitoring': { J: '差不多' },
      'field|G01.2|enforcementCooperation': { J: '正在建立' },
    });
    const reply = await post(bytes, { version: 2 });
    expect(reply.status).to.equal(400);
    expect(reply.body.message).to.match(/^工作簿中有 \d+ 个问题，未导入任何内容/);
    const byPath = new Map<string, string>(reply.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath.get(cells['field|G02.2|excellenceEnterprises@J']!)).to.match(
      /^G02\.2 “导入卓越绩效管理模式的企业数”：填写的是“=SUM\(1,2\)”，这里要填写值，不能是公式/,
    );
    expect(byPath.get(cells['field|G04.2|adMonitoring@J']!)).to.match(/应填“是”或“否”$/);
    // … and in parts, for a page to show as columns
    const formula = reply.body.errors.find((e: { path: string }) => e.path === cells['field|G02.2|excellenceEnterprises@J']);
    expect(formula.cell).to.deep.include({ item: 'G02.2', field: '导入卓越绩效管理模式的企业数', found: '=SUM(1,2)' });
    expect(formula.cell.reason).to.match(/不能是公式/);
    // The cells that read well are judged by the core in the same round, as a save would judge them.
    expect(byPath.get(cells['field|G04.1|caseClosureRate@J']!)).to.match(/超出允许范围/);
    expect(byPath.get(cells['field|G01.2|enforcementCooperation@J']!)).to.include('正在建立');
    expect(reply.body.errors).to.have.length(4);
    expect((await stored()).version).to.equal(2);
  });

  it('refuses a stale version (409), and without If-Match takes the version the template was exported at', async () => {
    const old = await filled(await template(service), { 'checkpoint|G02.1': { M: '补充说明' } });
    expect((await post(old.bytes, { version: 1 })).status).to.equal(409);
    const fresh = await post(old.bytes);
    expect(fresh.status, fresh.text).to.equal(200);
    expect(fresh.headers.get('etag')).to.equal('"3"');
    // The same file again: exported at version 2, the draft is now at 3.
    expect((await post(old.bytes)).status).to.equal(409);
  });

  it("refuses another unit's template by name", async () => {
    const reply = await post(await template(service, '620200'), { version: 3 });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors[0].path).to.equal('_kaohe!B3');
    expect(reply.body.errors[0].message).to.include('这是嘉峪关市（620200）的模板，不能导入到兰州市（620100）');
  });

  it("refuses another unit's city and an examiner before reading the body, and a body that is no .xlsx", async () => {
    const bytes = await template(service);
    expect((await post(bytes, { user: service.users.otherCity, version: 3 })).status).to.equal(403);
    expect((await post(bytes, { user: service.users.examiner, version: 3 })).status).to.equal(403);
    const notXlsx = await post(Buffer.from('编码,名称\nG01.1,x\n'), { version: 3 });
    expect(notXlsx.status).to.equal(400);
    expect(notXlsx.body.message).to.match(/^无法导入：/);
    const wrongType = await post(bytes, { version: 3, type: 'text/csv' });
    expect(wrongType.status).to.equal(400);
    expect(wrongType.body.errors[0].path).to.equal('$.headers["content-type"]');
    expect((await stored()).version).to.equal(3);
  });
  it('refuses a body over 10 MB (413) and any import once the unit has submitted (409); nothing changes', async () => {
    const huge = await post(new Uint8Array(10 * 1024 * 1024 + 1), { version: 3 });
    expect(huge.status).to.equal(413);
    expect(huge.body.message).to.match(/工作簿超过大小上限 10 MB/);
    const submitted = await service.request('POST', `${base('620100')}/submit`, { user: service.users.city, body: { version: 3 } });
    expect(submitted.status, submitted.text).to.equal(200);
    const after = await post(await template(service), { version: 4 });
    expect(after.status).to.equal(409);
    expect(after.body.message).to.match(/已提交，已冻结/);
    expect((await stored()).version).to.equal(4);
  });
});
