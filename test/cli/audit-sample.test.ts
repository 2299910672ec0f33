import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { SAMPLE_COLUMNS, sampleCheckpoints, sampleCsv } from '../../src/audit/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { exportBundle } from '../../src/services/audit/bundles.js';
import { initialUnitTree } from '../../src/adapters/files/bootstrap-data.js';
import { splitEvidence } from '../../src/records/index.js';
import { composeServices } from '../../src/compose.js';
import type { Stores } from '../../src/services/ports.js';
import { type KaoheRun, described, runKaohe, runKaoheAsync, useTempDirs } from '../support/cli.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { repoRoot } from '../support/paths.js';
import { seedBundle } from '../support/seed-bundles.js';
import { YEAR, gansuRubric, seedDocument, storeSubmission } from '../integration/review-run-support.js';

/** The CSV's data lines (BOM, header and the final line end aside). */
const csvLines = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1);

describe('kaohe audit sample', () => {
  const tempDir = useTempDirs();
  let dir: string;
  let bundleFile: string;
  before(() => {
    dir = tempDir('audit-sample');
    bundleFile = path.join(dir, 'bundle.json');
    writeFileSync(bundleFile, `${JSON.stringify(seedBundle())}\n`);
  });

  describe('When a user samples a bundle file with --size, --seed and --out', () => {
    let run: KaoheRun;
    let out: string;
    before(() => {
      out = path.join(dir, 'sample.csv');
      run = runKaohe(['audit', 'sample', '--bundle', bundleFile, '--year', '2015', '--size', '20', '--seed', '20160301', '--out', out]);
    });

    it('Then it exits 0 and says where it wrote the CSV', () => {
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('已写出').and.to.include('sample.csv').and.to.include('20 行');
    });

    it('Then the CSV holds the header and 20 rows, the same rows the terminal table prints', () => {
      const lines = csvLines(out);
      expect(readFileSync(out, 'utf8').startsWith(`\uFEFF${SAMPLE_COLUMNS.join(',')}\r\n`)).to.equal(true);
      expect(lines).to.have.length(20);
      const printed = run.stdout.split('\n');
      for (const line of lines) {
        const [order, code, name, item, , , points, score] = line.split(',');
        expect(
          printed.some((p) => new RegExp(`^\\s*${order}\\s+${code}\\s+${name}\\s+${(item ?? '').replace('.', '\\.')}\\s.*\\s${points}\\s+${score}\\s`).test(p)),
          line,
        ).to.equal(true);
      }
    });

    it('Then the terminal names the year, size, seed and the weight formula', () => {
      expect(run.stdout).to.include('2015 年度').and.to.include('样本量 20，种子 20160301').and.to.include('w = 分值 + 2 × |自评分 − 得分|');
    });

    it('Then the CSV is what the toolkit draws from the same bundle, size and seed', () => {
      expect(readFileSync(out, 'utf8')).to.equal(sampleCsv(sampleCheckpoints(seedBundle(), { size: 20, seed: '20160301' })));
    });

    it('Then the same seed again writes the same bytes, and another seed another sample', () => {
      const again = path.join(dir, 'again.csv');
      const other = path.join(dir, 'other.csv');
      expect(runKaohe(['audit', 'sample', '--bundle', bundleFile, '--size', '20', '--seed', '20160301', '--out', again]).status).to.equal(0);
      expect(runKaohe(['audit', 'sample', '--bundle', bundleFile, '--size', '20', '--seed', '20160302', '--out', other]).status).to.equal(0);
      expect(readFileSync(again).equals(readFileSync(out))).to.equal(true);
      expect(readFileSync(other, 'utf8')).to.not.equal(readFileSync(out, 'utf8'));
    });
  });

  describe('When no --out is given', () => {
    it('Then it writes audit-sample-<year>-seed<seed>.csv in the current folder', () => {
      const cwd = tempDir('audit-sample-cwd');
      const run = runKaohe(['audit', 'sample', '--bundle', bundleFile, '--size', '14', '--seed', '7'], { cwd });
      expect(run.status, described(run)).to.equal(0);
      const file = path.join(cwd, 'audit-sample-2015-seed7.csv');
      expect(existsSync(file)).to.equal(true);
      expect(run.stdout).to.include('已写出 audit-sample-2015-seed7.csv');
      expect(csvLines(file).map((l) => l.split(',')[1])).to.deep.equal(
        initialUnits()
          .map((u) => u.code)
          .sort(),
      );
    });
  });

  describe('When the arguments are wrong', () => {
    const refused: [string, string[], number, string][] = [
      ['no --size', ['--seed', '1'], 2, '--size'],
      ['a size that is no positive integer', ['--size', '0', '--seed', '1'], 2, '--size'],
      ['a size with a fraction', ['--size', '1.5', '--seed', '1'], 2, '--size'],
      ['no --seed', ['--size', '5'], 2, '--seed'],
      ['a year that is not the bundle’s', ['--year', '2016', '--size', '5', '--seed', '1'], 2, '与审计包的年度 2015 不一致'],
      ['--run with --bundle', ['--run', '2015-1', '--size', '5', '--seed', '1'], 2, '--run'],
    ];
    for (const [what, args, status, says] of refused) {
      it(`Then ${what} exits ${status} and says ${says}`, () => {
        const cwd = tempDir('audit-sample-refused');
        const run = runKaohe(['audit', 'sample', '--bundle', bundleFile, ...args], { cwd });
        expect(run.status, described(run)).to.equal(status);
        expect(run.stderr).to.include(says);
        expect(existsSync(path.join(cwd, 'audit-sample-2015-seed1.csv'))).to.equal(false);
      });
    }

    it('Then without --bundle, --year is required (exit 2)', () => {
      const run = runKaohe(['audit', 'sample', '--size', '5', '--seed', '1']);
      expect(run.status, described(run)).to.equal(2);
      expect(run.stderr).to.include('--year');
    });

    it('Then a file that is not a bundle exits 1, naming the file and the field, and writes nothing', () => {
      const cwd = tempDir('audit-sample-bad');
      const run = runKaohe(['audit', 'sample', '--bundle', path.join(repoRoot, 'seeds', 'units.json'), '--size', '5', '--seed', '1'], { cwd });
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include('units.json').and.to.include('$.kaohe');
      expect(existsSync(path.join(cwd, 'audit-sample-2015-seed1.csv'))).to.equal(false);
    });
  });

  it('--help states the weight formula and the columns in Chinese', () => {
    const run = runKaohe(['audit', 'sample', '--help']);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('w = 分值 + 2 × 差距 + 考核组改动').and.to.include('Efraimidis–Spirakis').and.to.include(SAMPLE_COLUMNS.join('、'));
  });

  describe('When a user samples from the database (no --bundle; built CLI, real FerretDB)', function () {
    this.timeout(60_000);
    const examiner: Actor = { userId: 'examiner', username: 'examiner', role: 'examiner' };
    let connection: Connection;
    let stores: Stores;
    let env: Record<string, string>;

    before(async () => {
      const uri = await ferretdbUri();
      const name = `kaohe_sample_${randomBytes(6).toString('hex')}`;
      connection = await connect(uri, name);
      stores = await mongoStores(connection);
      const clock = fixedClock('2016-04-01T00:00:00.000Z');
      await bootstrap(stores, clock, initialUnits(), initialRubricSources());
      const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 1024 });
      const rubric = gansuRubric();
      await services.cycles.create(examiner, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
      for (const { code } of initialUnits()) {
        const seed = seedDocument(code);
        const { submitted, review } = splitEvidence(rubric, seed.items);
        // 兰州市's coverage verified lower than submitted: a correction the sample sees only in stored records.
        if (code === '620100') review['G10.1'] = { values: { supervisionCoverage: 99 } };
        await storeSubmission({ stores, clock: fixedClock('2016-02-01T00:00:00.000Z') }, code, submitted, { selfTotal: seed.selfTotal });
        if (Object.keys(review).length > 0) await services.reviews.save(examiner, { year: YEAR }, code, review, undefined);
      }
      await services.runs.create(examiner, { year: YEAR });
      await services.runs.finalize(examiner, { year: YEAR }, '2015-1', 1);
      env = { MONGODB_URI: uri, KAOHE_DB_NAME: name };
    });
    after(async () => {
      await connection.dropDatabase();
      await connection.close();
    });

    const kaohe = (args: readonly string[]): Promise<KaoheRun> => runKaoheAsync(args, env);

    it("Then it samples the year's latest final run, the same sample as from that run's bundle, with the examiners' correction named", async () => {
      const out = path.join(tempDir('audit-sample-db'), 'db.csv');
      const run = await kaohe(['audit', 'sample', '--year', '2015', '--size', '1000', '--seed', 'db', '--out', out]);
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('数据库中的评分 2015-1');
      const bundle = await exportBundle(stores, initialUnitTree().tree, { year: YEAR }, { by: 'test', at: '2016-04-02T00:00:00.000Z', engineVersion: 'test' });
      expect(readFileSync(out, 'utf8')).to.equal(sampleCsv(sampleCheckpoints(bundle, { size: 1000, seed: 'db' })));
      expect(csvLines(out).find((l) => l.startsWith(`${l.split(',')[0]},620100,兰州市,G10.1,`))).to.include(
        '考核组核实值与填报不同（“新开工大中型工程项目质量监督覆盖率”）',
      );
    });

    it('Then a year without a cycle exits 1 and says so', async () => {
      const run = await kaohe(['audit', 'sample', '--year', '2016', '--size', '5', '--seed', '1', '--out', path.join(tempDir('audit-sample-db'), 'none.csv')]);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include('2016');
    });
  });
});
