/**
 * kaohe audit bundle, and kaohe audit verify on auditor notes: the built CLI in a child
 * process against a database of its own on the test run's FerretDB, seeded through the
 * services as the server would have written it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { bundleSchema, runTexts } from '../../src/audit/index.js';
import { sha256 } from '../../src/core/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type NoteRecord, splitEvidence } from '../../src/records/index.js';
import { type Services } from '../../src/services/index.js';
import { composeServices } from '../../src/compose.js';
import type { Stores } from '../../src/services/ports.js';
import { type KaoheRun, described, runKaoheAsync, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { YEAR, gansuRubric, seedDocument, storeSubmission } from '../integration/review-run-support.js';

const UNITS = initialUnits().map((u) => u.code);
const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
const auditor: Actor = { userId: 'auditor', username: 'auditor', role: 'auditor' };

const kaohe = (args: readonly string[], env: Record<string, string>): Promise<KaoheRun> => runKaoheAsync(args, env);

/** The 2015 cycle with every unit's demo submission and the examiners' reviews, written as the services write them. */
async function seededCycle(stores: Stores, services: Services): Promise<void> {
  const rubric = gansuRubric();
  await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
  for (const code of UNITS) {
    const seed = seedDocument(code);
    const { submitted, review } = splitEvidence(rubric, seed.items);
    await storeSubmission({ stores, clock: fixedClock('2016-02-01T00:00:00.000Z') }, code, submitted, { selfTotal: seed.selfTotal });
    if (Object.keys(review).length > 0) await services.reviews.save(examiner, { year: YEAR }, code, review, undefined);
  }
}

describe('kaohe audit bundle; kaohe audit verify on auditor notes (built CLI, real FerretDB)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  let connection: Connection;
  let stores: Stores;
  let services: Services;
  let env: Record<string, string>;
  let out: string;

  before(async () => {
    const uri = await ferretdbUri();
    const name = `kaohe_cli_${randomBytes(6).toString('hex')}`;
    connection = await connect(uri, name);
    stores = await mongoStores(connection);
    const clock = fixedClock('2016-04-01T00:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
    await seededCycle(stores, services);
    env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
    out = path.join(tempDir('bundle'), 'kaohe-bundle-2015.json');
  });
  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('--help explains the command in Chinese and exits 0; it is in the overview', async () => {
    const help = await kaohe(['audit', 'bundle', '--help'], {});
    expect(help.status, described(help)).to.equal(0);
    expect(help.stdout).to.include('用法：kaohe audit bundle --year <年度> [--run <评分编号>] --out <文件>');
    expect((await kaohe(['--help'], {})).stdout).to.include('  audit bundle ');
  });

  it('before any run is final: without --run it says so and exits 1, writing nothing', async () => {
    await services.runs.create(examiner, { year: YEAR });
    const run = await kaohe(['audit', 'bundle', '--year', '2015', '--out', out], env);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('没有定稿的评分');
    expect(() => statSync(out)).to.throw();
  });

  it('--run names a draft, which is exported as one', async () => {
    const draftOut = path.join(path.dirname(out), 'draft.json');
    const run = await kaohe(['audit', 'bundle', '--year', '2015', '--run', '2015-1', '--out', draftOut], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('评分 2015-1，草稿');
    expect(JSON.parse(readFileSync(draftOut, 'utf8')).run.status).to.equal('draft');
  });

  it('the latest finalised run by default: says where it wrote, the run, the units and the size; the file rebuilds the run’s hashes', async () => {
    await services.runs.finalize(examiner, { year: YEAR }, '2015-1', 1);
    await services.runs.create(examiner, { year: YEAR });
    const note = await services.notes.add(auditor, { year: YEAR }, '620100', { itemCode: 'G10.1', verdict: 'disagree', reason: '覆盖率记录不完整。' });
    const run = await kaohe(['audit', 'bundle', '--year', '2015', '--out', out], env);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout)
      .to.include(`已写出审计包：${out}`)
      .and.include('评分 2015-1，已定稿')
      .and.include('14 个单位')
      .and.include('第三方评估意见 1 条')
      .and.include('文件大小');
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(bundleSchema.safeParse(bundle).success).to.equal(true);
    expect(bundle.manifest).to.include({ source: 'service', createdBy: 'cli', year: YEAR });
    const stored = await stores.runs.get('2015-1');
    expect(sha256(runTexts(bundle).inputs)).to.equal(stored?.inputsHash);
    expect(sha256(runTexts(bundle).results)).to.equal(stored?.resultsHash);
    expect(bundle.notes.map((n: NoteRecord) => n.id)).to.deep.equal([note.id]);
    expect(bundle.audit).to.deep.equal(await stores.audit.all());
  });

  const refused: [string, string[], number, string][] = [
    ['no --year', ['--out', 'x.json'], 2, '--year'],
    ['no --out', ['--year', '2015'], 2, '--out'],
    ['a year that is not one', ['--year', '15', '--out', 'x.json'], 2, '--year'],
    ['a run id that is not one', ['--year', '2015', '--run', 'latest', '--out', 'x.json'], 2, '--run'],
    ['an unknown option', ['--year', '2015', '--out', 'x.json', '--all'], 2, '--all'],
    ['a year without a cycle', ['--year', '2016', '--out', 'x.json'], 1, '2016 年度考核周期不存在'],
    ['a run that does not exist', ['--year', '2015', '--run', '2015-9', '--out', 'x.json'], 1, '2015-9'],
  ];
  for (const [what, args, status, says] of refused) {
    it(`${what}: exit ${status}, saying so in Chinese`, async () => {
      const run = await kaohe(['audit', 'bundle', ...args], env);
      expect(run.status, described(run)).to.equal(status);
      expect(run.stderr).to.include(says);
      expect(run.stdout).to.equal('');
    });
  }

  it('a folder that does not exist: exit 1 naming the file', async () => {
    const target = path.join(tempDir('missing'), 'no', 'such', 'bundle.json');
    const run = await kaohe(['audit', 'bundle', '--year', '2015', '--out', target], env);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('无法写出').and.include(target);
  });

  it('kaohe audit verify checks the notes: passes untouched; a note changed in the database is named, exit 1', async () => {
    const clean = await kaohe(['audit', 'verify'], env);
    expect(clean.status, described(clean)).to.equal(0);
    const [note] = await stores.notes.list({ year: YEAR });
    if (!note) throw new Error('no note');
    await connection.collection('notes').updateOne({ id: note.id }, { $set: { reason: '改过的理由' } });
    try {
      const run = await kaohe(['audit', 'verify'], env);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stdout).to.include(`note:${note.id}`);
    } finally {
      await connection.collection('notes').updateOne({ id: note.id }, { $set: { reason: note.reason } });
    }
  });
});
