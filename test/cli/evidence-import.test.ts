/**
 * kaohe evidence import: the built CLI in a child process, into a database of its own on
 * the test run's FerretDB (the template exported by the services, filled through exceljs)
 * and from files alone into an evidence file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import { splitEvidence } from '../../src/records/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import type { Services } from '../../src/services/index.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type KaoheRun, described, runKaoheAsync, seedRubric, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { inDocumentOrder, seededUnit } from '../support/workbook-read.js';
import { YEAR, gansuRubric, seedDocument } from '../integration/review-run-support.js';

const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const city: Actor = { userId: 'lanzhou', username: 'lanzhou', role: 'city', unitCode: '620100' };
const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(['evidence', 'import', ...args], env);

/** The template's bytes with cells changed by row id (column A) and column letter. */
async function fill(bytes: Uint8Array, edits: Record<string, Record<string, ExcelJS.CellValue>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('证据') as ExcelJS.Worksheet;
  sheet.getColumn('A').eachCell((cell, row) => {
    for (const [column, value] of Object.entries(edits[String(cell.value)] ?? {})) sheet.getCell(`${column}${row}`).value = value;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('kaohe evidence import (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  let connection: Connection;
  let services: Services;
  let env: Record<string, string>;

  before(async () => {
    const uri = await ferretdbUri();
    const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
    connection = await connect(uri, name);
    const stores = await mongoStores(connection);
    const clock = fixedClock('2016-02-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    const rubric = gansuRubric();
    await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
    const seed = seedDocument('620100');
    await services.submissions.save(
      city,
      { year: YEAR },
      '620100',
      { items: splitEvidence(rubric, seed.items).submitted, selfTotal: seed.selfTotal },
      undefined,
    );
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const template = async () => (await services.evidenceTemplates.template(examiner, { year: YEAR }, '620100')).bytes;

  it('--help explains both ways in Chinese; it is in the overview', async () => {
    const help = await kaohe(['--help'], {});
    expect(help.status, described(help)).to.equal(0);
    expect(help.stdout).to.include('用法：kaohe evidence import <模板.xlsx> --year <年度> --unit <单位代码>');
    expect(help.stdout).to.include('kaohe evidence import <模板.xlsx> --rubric <考核细则.json> --unit <单位代码> --out <证据文件.json>');
    expect((await runKaoheAsync(['--help'], {})).stdout).to.match(/ {2}evidence import +导入填好的证据模板/);
  });

  it('imports a filled template into the database as the next version of the draft', async () => {
    const file = path.join(tempDir(), '兰州市.xlsx');
    writeFileSync(file, await fill(await template(), { 'field|G04.1|caseClosureRate': { J: '９０．２％' }, 'checkpoint|G02.1': { M: '已于11月完成评选。' } }));
    const run = await kaohe([file, '--year', '2015', '--unit', '620100'], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('兰州市（620100）2015年度草稿，现为第 2 版');
    const view = await services.submissions.get(city, { year: YEAR }, '620100');
    expect(view.items['G04.1']?.values?.caseClosureRate).to.equal(90.2);
    expect(view.items['G02.1']?.note).to.equal('已于11月完成评选。');
    expect(view.record?.updatedBy).to.equal('cli');
  });

  it('refuses a workbook with problems, listing each at its cell, and stores nothing (exit 1)', async () => {
    const file = path.join(tempDir(), 'bad.xlsx');
    writeFileSync(file, await fill(await template(), { 'field|G04.2|adMonitoring': { J: '也许' }, 'checkpoint|G03.2': { L: { formula: '1+1', result: 2 } } }));
    const run = await kaohe([file, '--year', '2015', '--unit', '620100'], env);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.match(/工作簿中有 2 个问题，未导入任何内容/);
    expect(run.stderr).to.match(/ {2}证据!J\d+ {2}G04\.2 “[^”]+”：填写的是“也许”，应填“是”或“否”/);
    expect(run.stderr).to.match(/ {2}证据!L\d+ {2}G03\.2 “自评分”：填写的是“=1\+1”，这里要填写值，不能是公式/);
    expect((await services.submissions.get(city, { year: YEAR }, '620100')).record?.version).to.equal(2);
  });

  it("from files alone, writes the evidence file of an unedited template: the unit's seeded items exactly", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'template.xlsx');
    // A fresh unit whose draft is exactly the seeded one.
    const seed = seedDocument('620200');
    const jiayuguan: Actor = { ...city, unitCode: '620200' };
    await services.submissions.save(
      jiayuguan,
      { year: YEAR },
      '620200',
      { items: splitEvidence(gansuRubric(), seed.items).submitted, selfTotal: seed.selfTotal },
      undefined,
    );
    writeFileSync(file, (await services.evidenceTemplates.template(examiner, { year: YEAR }, '620200')).bytes);
    const out = path.join(dir, 'evidence.json');
    const run = await kaohe([file, '--rubric', seedRubric, '--unit', '620200', '--out', out], {});
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('嘉峪关市（620200），2015年度');
    const seeded = seededUnit('620200');
    const expected = {
      kaohe: 'evidence/v1',
      rubric: 'gansu-2015',
      year: 2015,
      unit: seeded.unit,
      selfTotal: seeded.selfTotal,
      items: inDocumentOrder(seeded.items),
    };
    expect(readFileSync(out, 'utf8')).to.equal(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('refuses bad arguments in Chinese (exit 2) and a template for another unit by name (exit 1)', async () => {
    const none = await kaohe(['x.xlsx', '--unit', '620100'], {});
    expect(none.status, described(none)).to.equal(2);
    expect(none.stderr).to.include('请给出 --year（导入数据库）或 --rubric（只从文件导入）之一');
    const noFile = await kaohe(['--year', '2015', '--unit', '620100'], {});
    expect(noFile.status).to.equal(2);
    expect(noFile.stderr).to.include('缺少要导入的工作簿（.xlsx）');
    const dir = tempDir();
    const file = path.join(dir, 'lanzhou.xlsx');
    writeFileSync(file, await template());
    const other = await kaohe([file, '--rubric', seedRubric, '--unit', '620300', '--out', path.join(dir, 'e.json')], {});
    expect(other.status, described(other)).to.equal(1);
    expect(other.stderr, described(other)).to.include('_kaohe!B3  这是兰州市（620100）的模板，不能导入到金昌市（620300）');
  });
});
