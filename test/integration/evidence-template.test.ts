/**
 * GET /api/cycles/:cycle/submissions/:unit/template.xlsx over HTTP on the real
 * FerretDB: 兰州市's city user downloads its template, pre-filled with the draft it
 * saved, under a Chinese file name; another unit's template is refused, an unknown
 * unit or cycle is 404.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { splitEvidence } from '../../src/records/index.js';
import { evidenceTemplateFileName } from '../../src/spreadsheet/template-file-name.js';
import { type TestService, startService } from '../support/service.js';
import { CYCLE_CONTACT, YEAR, gansuRubric, openCycle, seedDocument } from './review-run-support.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PATH = `/api/cycles/${YEAR}/submissions/620100/template.xlsx`;

async function download(service: TestService, token: string, path = PATH): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET …/submissions/:unit/template.xlsx (HTTP, real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;

  before(async () => {
    service = await startService();
    await openCycle(service);
    const seed = seedDocument('620100');
    const { submitted } = splitEvidence(gansuRubric(), seed.items);
    const items = Object.fromEntries(Object.entries(submitted).map(([code, { materials: _m, ...rest }]) => [code, rest]));
    const saved = await service.request('PUT', `/api/cycles/${YEAR}/submissions/620100`, {
      user: service.users.city,
      body: { items, selfTotal: seed.selfTotal },
    });
    expect(saved.status, saved.text).to.equal(200);
  });
  after(() => service.close());

  it("gives 兰州市's city user its template, as .xlsx under a Chinese name, pre-filled with the saved draft", async () => {
    const reply = await download(service, service.users.city.token);
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-type')).to.equal(XLSX);
    const name = '2015年度质量工作考核证据模板-兰州市.xlsx';
    expect(evidenceTemplateFileName(2015, '兰州市')).to.equal(name);
    expect(reply.headers.get('content-disposition')).to.equal(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(reply.headers.get('etag')).to.equal('"1"');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(reply.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).to.deep.equal(['封面', '证据', '_kaohe']);
    const identity = wb.getWorksheet('_kaohe') as ExcelJS.Worksheet;
    const pairs = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((r) => [identity.getCell(`A${r}`).value, identity.getCell(`B${r}`).value]));
    expect(pairs).to.include({ year: '2015', unit: '620100', unitName: '兰州市', rubricHash: gansuRubric().hash, submissionVersion: '1' });
    const evidence = wb.getWorksheet('证据') as ExcelJS.Worksheet;
    let row = 0;
    evidence.getColumn('A').eachCell((cell, r) => {
      if (cell.value === 'field|G01.2|enforcementCooperation') row = r;
    });
    expect(evidence.getCell(`J${row}`).value).to.equal('仅建立协作机制');
    const cover: string[] = [];
    wb.getWorksheet('封面')?.eachRow((r) => r.eachCell((cell) => cover.push(String(cell.value))));
    expect(cover.join('\n')).to.include(`请联系：${CYCLE_CONTACT}`);
  });

  it('gives the same bytes twice while the draft is unchanged', async () => {
    const one = await download(service, service.users.city.token);
    const two = await download(service, service.users.city.token);
    expect(one.bytes.equals(two.bytes)).to.equal(true);
  });

  it('lets examiners, auditors and admins download any unit; a unit with nothing saved gets an empty template (version 0)', async () => {
    for (const user of [service.users.examiner, service.users.auditor, service.users.admin]) {
      const reply = await download(service, user.token, `/api/cycles/${YEAR}/submissions/620200/template.xlsx`);
      expect(reply.status, user.username).to.equal(200);
      expect(reply.headers.get('etag')).to.equal('"0"');
      expect(decodeURIComponent(reply.headers.get('content-disposition') ?? '')).to.include('2015年度质量工作考核证据模板-嘉峪关市.xlsx');
    }
  });

  it("refuses a city another unit's template (403, in Chinese)", async () => {
    const reply = await service.request('GET', PATH, { user: service.users.otherCity });
    expect(reply.status).to.equal(403);
    expect(reply.body.message).to.include('只能查看本单位');
  });

  it('answers 404 for an unknown unit or cycle, 400 for a malformed unit code, 401 without a token', async () => {
    const unknown = await service.request('GET', `/api/cycles/${YEAR}/submissions/629999/template.xlsx`, { user: service.users.examiner });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.message).to.include('629999');
    const noCycle = await service.request('GET', '/api/cycles/2030/submissions/620100/template.xlsx', { user: service.users.examiner });
    expect(noCycle.status).to.equal(404);
    expect(noCycle.body.message).to.include('2030');
    const malformed = await service.request('GET', `/api/cycles/${YEAR}/submissions/62/template.xlsx`, { user: service.users.examiner });
    expect(malformed.status).to.equal(400);
    const anonymous = await service.request('GET', PATH);
    expect(anonymous.status).to.equal(401);
  });
  it('after the unit submits, the template shows what it submitted and says it is frozen', async () => {
    const submitted = await service.request('POST', `/api/cycles/${YEAR}/submissions/620100/submit`, { user: service.users.city, body: { version: 1 } });
    expect(submitted.status, submitted.text).to.equal(200);
    const reply = await download(service, service.users.city.token);
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('etag')).to.equal('"2"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(reply.bytes as unknown as ArrayBuffer);
    const cover: string[] = [];
    wb.getWorksheet('封面')?.eachRow((row) => row.eachCell((cell) => cover.push(String(cell.value))));
    expect(cover).to.include('第 2 版（已提交）');
    expect(cover.join('\n')).to.include('材料已冻结');
    expect(wb.getWorksheet('_kaohe')?.getCell('B8').value).to.equal('2');
  });
});
