/**
 * GET /api/cycles/:cycle/reviews/template.xlsx over HTTP on the real FerretDB: the
 * examiners download the field sheet for the units they name (all units without
 * ?units=), each unit's sheet protected with the submission read-only and the
 * examiner's cells unlocked and validated, pre-filled with the stored review, and the
 * versions read at export in the very hidden identity sheet. Cities and auditors are
 * refused.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { splitEvidence } from '../../src/records/index.js';
import { type TestService, startService } from '../support/service.js';
import { YEAR, gansuRubric, openCycle, seedDocument, submitSeedWithReview } from './review-run-support.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PATH = `/api/cycles/${YEAR}/reviews/template.xlsx`;

async function download(service: TestService, token: string, path = PATH): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function rowOf(ws: ExcelJS.Worksheet, id: string): number {
  let found = 0;
  ws.getColumn('A').eachCell((cell, r) => {
    if (cell.value === id) found = r;
  });
  if (found === 0) throw new Error(`no row ${id} on ${ws.name}`);
  return found;
}

describe('GET /api/cycles/:cycle/reviews/template.xlsx (HTTP, real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;

  before(async () => {
    service = await startService();
    await openCycle(service);
    await submitSeedWithReview(service, '620100');
  });
  after(() => service.close());

  it('gives an examiner the field sheet of the named units: protected unit sheets, the submission read-only, the review pre-filled in validated input cells', async () => {
    const reply = await download(service, service.users.examiner.token, `${PATH}?units=620100,620200`);
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-type')).to.equal(XLSX);
    expect(decodeURIComponent(reply.headers.get('content-disposition') ?? '')).to.include('2015年度质量工作考核实地核查表.xlsx');
    const wb = await workbookOf(reply.bytes);
    expect(wb.worksheets.map((ws) => [ws.name, ws.state])).to.deep.equal([
      ['封面', 'visible'],
      ['兰州市', 'visible'],
      ['嘉峪关市', 'visible'],
      ['_kaohe', 'veryHidden'],
    ]);
    for (const ws of wb.worksheets) {
      const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
      expect(protection?.sheet, ws.name).to.equal(true);
    }
    const lz = wb.getWorksheet('兰州市') as ExcelJS.Worksheet;
    expect(lz.getColumn('A').hidden).to.equal(true);
    expect(lz.getCell('A1').value).to.equal('unit|620100');

    const seed = seedDocument('620100');
    const { review } = splitEvidence(gansuRubric(), seed.items);
    const [code, item] = Object.entries(review).find(([, i]) => i.values !== undefined && Object.values(i.values).some((v) => !Array.isArray(v))) ?? [];
    if (!code || !item?.values) throw new Error('the seed has a review value');
    const [key, value] = Object.entries(item.values).find(([, v]) => !Array.isArray(v)) ?? [];
    const verified = lz.getCell(`H${rowOf(lz, `field|${code}|${key}`)}`);
    expect(verified.value).to.equal(value === true ? '是' : value === false ? '否' : value);
    expect(verified.protection?.locked).to.equal(false);
    expect(verified.dataValidation?.showInputMessage).to.equal(true);
    expect(verified.dataValidation?.prompt).to.match(/[\u4e00-\u9fff]/);

    const g011 = rowOf(lz, 'checkpoint|G01.1');
    expect(lz.getCell(`G${g011}`).value).to.equal(seed.items['G01.1']?.selfScore);
    expect(lz.getCell(`G${g011}`).protection?.locked).to.not.equal(false);
    const adjustment = lz.getCell(`J${g011}`);
    expect(adjustment.protection?.locked).to.equal(false);
    expect(adjustment.dataValidation).to.deep.include({ type: 'decimal', operator: 'between', formulae: [0, 1.5] });
    expect(adjustment.dataValidation?.prompt).to.include('调整理由');

    const identity = wb.getWorksheet('_kaohe') as ExcelJS.Worksheet;
    const pairs: Record<string, unknown> = {};
    identity.eachRow((row) => (pairs[String(row.getCell(1).value)] = row.getCell(2).value));
    expect(pairs).to.include({
      format: 'review-sheet/v1',
      year: '2015',
      rubricHash: gansuRubric().hash,
      units: '620100,620200',
      'submissionVersion|620100': '1',
      'reviewVersion|620100': '1',
      'submissionVersion|620200': '0',
      'reviewVersion|620200': '0',
    });
  });

  it('includes every unit without ?units=, and admins may download it too', async () => {
    const units = (await service.stores.units.list()).map((u) => u.code).sort();
    for (const user of [service.users.examiner, service.users.admin]) {
      const reply = await download(service, user.token);
      expect(reply.status, user.username).to.equal(200);
      const wb = await workbookOf(reply.bytes);
      expect(wb.worksheets).to.have.length(units.length + 2);
      const identity = wb.getWorksheet('_kaohe') as ExcelJS.Worksheet;
      expect(identity.getCell('B6').value).to.equal(units.join(','));
    }
  });

  it('refuses cities and auditors (403, in Chinese), without a token 401', async () => {
    for (const user of [service.users.city, service.users.auditor]) {
      const reply = await service.request('GET', PATH, { user });
      expect(reply.status, user.username).to.equal(403);
      expect(reply.body.message, user.username).to.match(/^此操作不对当前身份开放（(市州|第三方评价机构)）$/);
    }
    expect((await service.request('GET', PATH)).status).to.equal(401);
  });

  it('answers 404 for an unknown unit or cycle, 400 for a malformed ?units=', async () => {
    const unknown = await service.request('GET', `${PATH}?units=620100,629999`, { user: service.users.examiner });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.message).to.include('629999');
    const noCycle = await service.request('GET', '/api/cycles/2030/reviews/template.xlsx', { user: service.users.examiner });
    expect(noCycle.status).to.equal(404);
    expect(noCycle.body.message).to.include('2030');
    const malformed = await service.request('GET', `${PATH}?units=62`, { user: service.users.examiner });
    expect(malformed.status).to.equal(400);
    expect(JSON.stringify(malformed.body)).to.include('6 位行政区划代码');
  });
});
