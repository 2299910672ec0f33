/**
 * kaohe targets list | file | decide: the built CLI in a child process against a
 * database of its own on the test run's FerretDB, on gansu-2015 1.1.0's text, whose
 * five target fields (Q04.1, G05.1 and the province's allocations G11.5, G12.1, G15.1)
 * are filed targets.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { composeServices } from '../../src/compose.js';
import type { Actor } from '../../src/services/access/actor.js';
import type { Stores } from '../../src/services/ports.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type KaoheRun, described, runKaoheAsync, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { fromRoot } from '../support/paths.js';

const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(['targets', ...args], env);

/** 1.1.0's text under a version of its own, so that the test publishes the rubric its cycle runs on. */
function rubricWithTargets(): Record<string, unknown> {
  const text = readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8');
  // Its changelog's first entry would name 1.1.0, which this copy is not.
  const { changelog: _changelog, ...document } = JSON.parse(text) as Record<string, unknown>;
  return { ...document, version: '1.1.1' };
}

describe('kaohe targets (built CLI, real FerretDB)', function () {
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
    // The system clock decides in the child: a filing window open until 2100.
    const clock = fixedClock('2015-03-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    const rubric = await services.rubrics.create(examiner, rubricWithTargets());
    await services.rubrics.publish(examiner, rubric.hash, rubric.version);
    await services.cycles.create(examiner, { year: 2015, rubric: rubric.hash, deadline: '2100-03-31T23:59:59+08:00' });
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('files a unit’s targets from a JSON file, returns one with a reason, approves the rest, and lists them', async () => {
    const file = path.join(tempDir('targets'), 'targets.json');
    writeFileSync(file, JSON.stringify({ 'Q04.1': { goodAirDaysTarget: 80 }, 'G05.1': { cqoTarget: 12 } }));
    const filed = await kaohe(['file', '--year', '2015', '--unit', '620100', file], env);
    expect(filed.status, described(filed)).to.equal(0);
    expect(filed.stdout).to.contain('兰州市（620100）目标备案，第 1 版').and.to.contain('Q04.1 goodAirDaysTarget = 80  待审核');

    const returned = await kaohe(
      ['decide', '--year', '2015', '--unit', '620100', '--return', '请按核准数重报', '--item', 'G05.1', '--field', 'cqoTarget'],
      env,
    );
    expect(returned.status, described(returned)).to.equal(0);
    expect(returned.stdout).to.contain('G05.1 cqoTarget = 12  已退回：请按核准数重报');

    const approved = await kaohe(['decide', '--year', '2015', '--unit', '620100', '--approve'], env);
    expect(approved.status, described(approved)).to.equal(0);
    expect(approved.stdout).to.contain('Q04.1 goodAirDaysTarget = 80  已批准');

    writeFileSync(file, JSON.stringify({ 'Q04.1': { goodAirDaysTarget: 70 } }));
    const frozen = await kaohe(['file', '--year', '2015', '--unit', '620100', file], env);
    expect(frozen.status).to.equal(1);
    expect(frozen.stderr).to.contain('已批准的目标不能修改');

    const list = await kaohe(['list', '--year', '2015'], env);
    expect(list.status, described(list)).to.equal(0);
    expect(list.stdout).to.contain('G12.1 platformTarget（省下达本市州的新建创新平台目标数）  未备案');
    expect(list.stdout).to.contain('嘉峪关市（620200）目标备案，第 0 版');
    const events = (await stores.audit.all()).filter((e) => e.subject === 'targets:2015/620100').map((e) => `${e.action} ${e.actor}`);
    expect(events).to.deep.equal(['targets.file cli', 'targets.return cli', 'targets.approve cli']);
  });

  it('refuses a decision without --approve or --return (exit 2)', async () => {
    const run = await kaohe(['decide', '--year', '2015', '--unit', '620100'], env);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('--approve 或 --return');
  });
});
