/**
 * kaohe evidence template: the built CLI in a child process against a database of its
 * own on the test run's FerretDB, with 兰州市's draft saved through the services as the
 * server would have written it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
import { type KaoheRun, described, runKaoheAsync, seedEvidence, seedRubric, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { YEAR, gansuRubric, seedDocument } from '../integration/review-run-support.js';

const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const city: Actor = { userId: 'lanzhou', username: 'lanzhou', role: 'city', unitCode: '620100' };
const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(['evidence', 'template', ...args], env);

describe('kaohe evidence template (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  let connection: Connection;
  let env: Record<string, string>;

  before(async () => {
    const uri = await ferretdbUri();
    const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
    connection = await connect(uri, name);
    const stores = await mongoStores(connection);
    const clock = fixedClock('2016-02-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    const rubric = gansuRubric();
    await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
    const seed = seedDocument('620100');
    const items = Object.fromEntries(Object.entries(splitEvidence(rubric, seed.items).submitted).map(([code, { materials: _m, ...rest }]) => [code, rest]));
    await services.submissions.save(city, { year: YEAR }, '620100', { items, selfTotal: seed.selfTotal }, undefined);
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('--help explains the command in Chinese and exits 0; it is in the overview', async () => {
    const help = await kaohe(['--help'], {});
    expect(help.status, described(help)).to.equal(0);
    expect(help.stdout).to.include('用法：kaohe evidence template --year <年度> --unit <单位代码> [--out <文件或文件夹>]');
    expect((await runKaoheAsync(['--help'], {})).stdout).to.match(/ {2}evidence template +从数据库导出一个单位的证据模板/);
  });

  it('writes the template, says where, the unit and the draft version; the file opens with the draft in it', async () => {
    const out = path.join(tempDir('template'), '兰州.xlsx');
    const run = await kaohe(['--year', '2015', '--unit', '620100', '--out', out], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include(`已写出证据模板：${out}`).and.include('兰州市（620100），2015年度，草稿第 1 版').and.include('文件大小');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => [ws.name, ws.state])).to.deep.equal([
      ['封面', 'visible'],
      ['证据', 'visible'],
      ['_kaohe', 'veryHidden'],
    ]);
    expect(wb.getWorksheet('_kaohe')?.getCell('B8').value).to.equal('1');
  });

  it('--out a folder puts the file under its Chinese name inside; a unit with nothing saved gets an empty template', async () => {
    const dir = tempDir('folder');
    const run = await kaohe(['--year', '2015', '--unit', '620200', '--out', dir], env);
    expect(run.status, described(run)).to.equal(0);
    const file = path.join(dir, '2015年度质量工作考核证据模板-嘉峪关市.xlsx');
    expect(run.stdout).to.include(`已写出证据模板：${file}`).and.include('尚未保存草稿');
    expect(statSync(file).size).to.be.above(10_000);
  });

  const refused: [string, string[], number, string][] = [
    ['no --year', ['--unit', '620100'], 2, '缺少 --year'],
    ['no --unit', ['--year', '2015'], 2, '缺少 --unit'],
    ['a year that is not one', ['--year', '15', '--unit', '620100'], 2, '--year 应为4位年度'],
    ['a unit code that is not one', ['--year', '2015', '--unit', '兰州'], 2, '--unit 应为6位行政区划代码'],
    ['an unknown option', ['--year', '2015', '--unit', '620100', '--all'], 2, '不认识的选项 --all'],
    ['a year without a cycle', ['--year', '2016', '--unit', '620100'], 1, '2016 年度考核周期不存在'],
    ['a unit that does not exist', ['--year', '2015', '--unit', '629999'], 1, '单位 629999 不存在'],
  ];
  for (const [what, args, status, says] of refused) {
    it(`${what}: exit ${status}, saying so in Chinese, writing nothing`, async () => {
      const dir = tempDir('refused');
      const run = await kaohe([...args, '--out', dir], env);
      expect(run.status, described(run)).to.equal(status);
      expect(run.stderr).to.include(says);
      expect(run.stdout).to.equal('');
      expect(readdirSync(dir)).to.deep.equal([]);
    });
  }

  it('a folder that does not exist: exit 1 naming the file', async () => {
    const target = path.join(tempDir('missing'), 'no', 'such', 'template.xlsx');
    const run = await kaohe(['--year', '2015', '--unit', '620100', '--out', target], env);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('无法写出').and.include(target);
  });
});

describe('kaohe evidence template --rubric --evidence (built CLI, files alone)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();

  it('writes the template of the unit the evidence file names, which kaohe evidence import --rubric turns back into the unit’s part of the evidence', async () => {
    const dir = tempDir('files');
    const contact = '考核组 李四 0931-1111111';
    const made = await runKaoheAsync([
      'evidence',
      'template',
      '--rubric',
      seedRubric,
      '--evidence',
      seedEvidence('620300'),
      '--contact',
      contact,
      '--out',
      dir,
    ]);
    expect(made.status, described(made)).to.equal(0);
    const file = path.join(dir, `2015年度质量工作考核证据模板-${seedDocument('620300').unit.name}.xlsx`);
    expect(made.stdout).to.include(`已写出证据模板：${file}`).and.include('（620300），2015年度，预填自');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const cover: string[] = [];
    wb.getWorksheet('封面')?.eachRow((row) => row.eachCell((cell) => cover.push(String(cell.value))));
    expect(cover).to.include('以考核通知为准').and.include('来自证据文件');
    expect(cover.join('\n')).to.include(`请联系：${contact}；`);

    const out = path.join(dir, 'back.json');
    const back = await runKaoheAsync(['evidence', 'import', file, '--rubric', seedRubric, '--unit', '620300', '--out', out]);
    expect(back.status, described(back)).to.equal(0);
    const seed = seedDocument('620300');
    const unitPart = Object.fromEntries(
      Object.entries(splitEvidence(gansuRubric(), seed.items).submitted).map(([code, { materials: _m, ...rest }]) => [code, rest]),
    );
    const imported = JSON.parse(readFileSync(out, 'utf8'));
    expect(imported.items).to.deep.equal(unitPart);
    expect(imported.selfTotal).to.equal(seed.selfTotal);
    expect(Object.values(unitPart).some((item) => item.notApplicable === true)).to.equal(true);
  });

  const refused: [string, string[], number, string][] = [
    ['--evidence without --rubric', ['--evidence', 'x.json'], 2, '缺少 --rubric'],
    ['--rubric with --year', ['--rubric', 'r.json', '--evidence', 'e.json', '--year', '2015'], 2, '不能与 --year、--unit'],
    ['--deadline without files', ['--year', '2015', '--unit', '620100', '--deadline', '2016-03-31'], 2, '--deadline 只用于从文件生成模板'],
    ['--contact without files', ['--year', '2015', '--unit', '620100', '--contact', '张三'], 2, '--contact 只用于从文件生成模板'],
    ['an empty contact', ['--rubric', 'r.json', '--evidence', 'e.json', '--contact', ' '], 2, '--contact 应为不超过 200 个字符的一行文字'],
    ['a deadline that is not a date', ['--rubric', 'r.json', '--evidence', 'e.json', '--deadline', '三月底'], 2, '--deadline 应为日期时间'],
    ['an evidence file that does not exist', ['--rubric', seedRubric, '--evidence', 'no-such.json'], 1, '无法读取证据文件'],
    ['a rubric that is not one', ['--rubric', seedEvidence('620100'), '--evidence', seedEvidence('620100')], 1, '考核细则'],
  ];
  for (const [what, args, status, says] of refused) {
    it(`${what}: exit ${status}, saying so in Chinese, writing nothing`, async () => {
      const dir = tempDir('refused-files');
      const run = await runKaoheAsync(['evidence', 'template', ...args, '--out', dir]);
      expect(run.status, described(run)).to.equal(status);
      expect(run.stderr).to.include(says);
      expect(readdirSync(dir)).to.deep.equal([]);
    });
  }
});
