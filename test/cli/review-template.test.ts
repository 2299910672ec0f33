/**
 * kaohe review template: the built CLI in a child process against a database of its
 * own on the test run's FerretDB, with 兰州市's submission and review saved through the
 * services as the server would have written them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
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
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type KaoheRun, described, runKaoheAsync, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { YEAR, gansuRubric, seedDocument } from '../integration/review-run-support.js';

const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const city: Actor = { userId: 'lanzhou', username: 'lanzhou', role: 'city', unitCode: '620100' };
const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(['review', 'template', ...args], env);

describe('kaohe review template (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  let connection: Connection;
  let env: Record<string, string>;
  let unitCount: number;

  before(async () => {
    const uri = await ferretdbUri();
    const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
    connection = await connect(uri, name);
    const stores = await mongoStores(connection);
    const clock = fixedClock('2016-02-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    unitCount = (await stores.units.list()).length;
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    const rubric = gansuRubric();
    await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
    const seed = seedDocument('620100');
    const { submitted, review } = splitEvidence(rubric, seed.items);
    const items = Object.fromEntries(Object.entries(submitted).map(([code, { materials: _m, ...rest }]) => [code, rest]));
    await services.submissions.save(city, { year: YEAR }, '620100', { items, selfTotal: seed.selfTotal }, undefined);
    await services.reviews.save(examiner, { year: YEAR }, '620100', review, undefined);
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('--help explains the command in Chinese and exits 0; it is in the overview', async () => {
    const help = await kaohe(['--help'], {});
    expect(help.status, described(help)).to.equal(0);
    expect(help.stdout).to.include('用法：kaohe review template --year <年度> [--units <单位代码,单位代码,…>] [--out <文件或文件夹>]');
    expect((await runKaoheAsync(['--help'], {})).stdout).to.match(/ {2}review template +从数据库导出考核组的实地核查表/);
  });

  it('writes the field sheet of the named units, says where and which; the file holds their sheets and the versions read', async () => {
    const out = path.join(tempDir('review'), '核查.xlsx');
    const run = await kaohe(['--year', '2015', '--units', '620100,620200', '--out', out], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include(`已写出实地核查表：${out}`).and.include('2015年度，2 个单位：620100、620200').and.include('文件大小');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).to.deep.equal(['封面', '兰州市', '嘉峪关市', '_kaohe']);
    const identity = wb.getWorksheet('_kaohe') as ExcelJS.Worksheet;
    const pairs: Record<string, unknown> = {};
    identity.eachRow((row) => (pairs[String(row.getCell(1).value)] = row.getCell(2).value));
    expect(pairs).to.include({ 'submissionVersion|620100': '1', 'reviewVersion|620100': '1', 'reviewVersion|620200': '0' });
  });

  it('includes every unit without --units, into a folder under its own name', async () => {
    const dir = tempDir('all');
    const run = await kaohe(['--year', '2015', '--out', dir], env);
    expect(run.status, described(run)).to.equal(0);
    expect(readdirSync(dir)).to.deep.equal(['2015年度质量工作考核实地核查表.xlsx']);
    expect(run.stdout).to.include(`${unitCount} 个单位`);
  });

  it('refuses a malformed --units or --year with exit 2, an unknown unit or year with exit 1, in Chinese, writing nothing', async () => {
    const dir = tempDir('bad');
    const malformed = await kaohe(['--year', '2015', '--units', '620100,62', '--out', dir], env);
    expect(malformed.status, described(malformed)).to.equal(2);
    expect(malformed.stderr).to.include('--units 应为逗号分隔的6位行政区划代码');
    const noYear = await kaohe(['--units', '620100'], env);
    expect(noYear.status, described(noYear)).to.equal(2);
    const unknown = await kaohe(['--year', '2015', '--units', '629999', '--out', dir], env);
    expect(unknown.status, described(unknown)).to.equal(1);
    expect(unknown.stderr).to.include('629999');
    const noCycle = await kaohe(['--year', '2030', '--out', dir], env);
    expect(noCycle.status, described(noCycle)).to.equal(1);
    expect(noCycle.stderr).to.include('2030');
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});
