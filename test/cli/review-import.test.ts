/**
 * kaohe review import: the built CLI in a child process against a database of its own
 * on the test run's FerretDB. The field sheet comes from kaohe review template, is
 * edited through a library as an examiner would, and goes back in unit by unit.
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
import type { Stores } from '../../src/services/ports.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type KaoheRun, described, runKaoheAsync, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { YEAR, gansuRubric, seedDocument } from '../integration/review-run-support.js';

const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(['review', ...args], env);

describe('kaohe review import (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  let connection: Connection;
  let stores: Stores;
  let env: Record<string, string>;

  before(async () => {
    const uri = await ferretdbUri();
    const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
    connection = await connect(uri, name);
    stores = await mongoStores(connection);
    const clock = fixedClock('2016-02-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    const rubric = gansuRubric();
    await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
    for (const code of ['620100', '620200']) {
      const city: Actor = { userId: code, username: code, role: 'city', unitCode: code };
      const { submitted, review } = splitEvidence(rubric, seedDocument(code).items);
      const items = Object.fromEntries(Object.entries(submitted).map(([c, { materials: _m, ...rest }]) => [c, rest]));
      await services.submissions.save(city, { year: YEAR }, code, { items }, undefined);
      await services.reviews.save(examiner, { year: YEAR }, code, review, undefined);
    }
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  async function exported(): Promise<string> {
    const out = path.join(tempDir('sheet'), '核查.xlsx');
    const run = await kaohe(['template', '--year', '2015', '--units', '620100,620200', '--out', out], env);
    expect(run.status, described(run)).to.equal(0);
    return out;
  }

  /** Sets cells by sheet, row id (column A) and column; returns the addresses set. */
  async function edit(file: string, edits: Record<string, Record<string, Record<string, ExcelJS.CellValue>>>): Promise<string[]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const [name, rows] of Object.entries(edits)) {
      const sheet = wb.getWorksheet(name) as ExcelJS.Worksheet;
      sheet.getColumn('A').eachCell((cell, row) => {
        for (const [column, value] of Object.entries(rows[String(cell.value)] ?? {})) {
          sheet.getCell(`${column}${row}`).value = value;
          cells.push(`${name}!${column}${row}`);
        }
      });
    }
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    return cells;
  }

  it('--help explains the command in Chinese and exits 0; it is in the overview', async () => {
    const help = await kaohe(['import', '--help'], {});
    expect(help.status, described(help)).to.equal(0);
    expect(help.stdout).to.include('用法：kaohe review import <实地核查表.xlsx> --year <年度>');
    expect((await runKaoheAsync(['--help'], {})).stdout).to.match(/ {2}review import +导入填好的实地核查表/);
  });

  it('imports an unedited sheet without writing: exit 0, each unit 无变化', async () => {
    const run = await kaohe(['import', await exported(), '--year', '2015'], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('2 个单位，2 个已导入或无变化，0 个未导入').and.include('无变化  兰州市（620100）').and.include('无变化  嘉峪关市（620200）');
    expect((await stores.reviews.get({ year: YEAR }, '620100'))?.version).to.equal(1);
  });

  it('saves the unit whose sheet is good and refuses, at its cell, the one with an adjustment without justification: exit 1', async () => {
    const file = await exported();
    const [bad] = await edit(file, {
      兰州市: { 'checkpoint|G01.1': { J: 1 } },
      嘉峪关市: { 'checkpoint|G01.1': { I: '权力清单未公布', J: 1, K: '负面清单未公布' } },
    });
    const run = await kaohe(['import', file, '--year', '2015'], env);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr)
      .to.include('1 个已导入或无变化，1 个未导入')
      .and.include('未导入  兰州市（620100）')
      .and.include('已导入  嘉峪关市（620200）：审核记录第 2 版');
    expect(bad).to.match(/^兰州市!J\d+$/);
    expect(run.stderr).to.include(`${bad?.replace('!J', '!K')}  G01.1 “调整理由”：填写了调整分（1）必须写明调整理由`);
    const jyg = JSON.parse((await stores.reviews.get({ year: YEAR }, '620200'))?.items ?? '{}');
    expect(jyg['G01.1']).to.deep.equal({ finding: '权力清单未公布', adjustment: { score: 1, justification: '负面清单未公布', by: 'cli' } });
    expect((await stores.reviews.get({ year: YEAR }, '620100'))?.version).to.equal(1);
  });

  it('refuses a missing file or year (exit 2), an unreadable file or another year (exit 1), in Chinese', async () => {
    expect((await kaohe(['import', '--year', '2015'], env)).status).to.equal(2);
    expect((await kaohe(['import', 'x.xlsx'], env)).status).to.equal(2);
    const missing = await kaohe(['import', path.join(tempDir('none'), 'nope.xlsx'), '--year', '2015'], env);
    expect(missing.status, described(missing)).to.equal(1);
    expect(missing.stderr).to.include('无法读取');
    const otherYear = await kaohe(['import', await exported(), '--year', '2016'], env);
    expect(otherYear.status, described(otherYear)).to.equal(1);
    expect(otherYear.stderr).to.include('2016');
  });
});
