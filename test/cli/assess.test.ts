import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../../src/core/index.js';
import { copySeedEvidence, described, editJsonFile, readJsonFile, runKaohe, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { OUTPUT_ENTRIES, OUTPUT_FILES, filesUnder, markdownTable, readRankingCsv, readResults } from '../support/outputs.js';
import { seedsAssessed } from '../support/assessed-seeds.js';
import { fromRoot } from '../support/paths.js';
import { checkpointsOf, findCheckpoint, readRubricJson } from '../support/rubric-json.js';

interface Register {
  units: { code: string; name: string; kind: string }[];
}

const register = readJsonFile<Register>(seedUnits);
const rubricJson = readRubricJson(seedRubric);
const packageVersion = readJsonFile<{ version: string }>(fromRoot('package.json')).version;
const TWO_DECIMALS = /^-?\d+\.\d{2}$/;

describe('kaohe assess', () => {
  const tempDir = useTempDirs();

  describe('When a user assesses the 1.0.0 seeds (--rubric rubrics/gansu-2015.json, default evidence and register), writing to a fresh folder', () => {
    let out: string;
    let run: ReturnType<typeof runKaohe>;
    before(() => {
      ({ out, run } = seedsAssessed());
    });

    it('Then it exits 0 and the folder holds exactly results.json, the report files, charts/ and scorecards/', () => {
      expect(run.status, described(run)).to.equal(0);
      expect(readdirSync(out).sort()).to.deep.equal([...OUTPUT_ENTRIES].sort());
    });

    it('Then scorecards/ holds one page per unit and charts/ the ranking, grade, heat and one radar per unit (no movement chart without last year)', () => {
      const codes = register.units.map((u) => u.code).sort();
      expect(readdirSync(path.join(out, 'scorecards')).sort()).to.deep.equal(codes.map((c) => `${c}.html`));
      expect(readdirSync(path.join(out, 'charts')).sort()).to.deep.equal(
        ['chart-grades.png', 'chart-heat.png', 'chart-ranking.png', ...codes.map((c) => `chart-unit-${c}.png`)].sort(),
      );
    });

    it('When a user assesses the same input again, Then every file (results, reports, PDF, workbook, charts) is byte-identical', () => {
      const again = tempDir('again');
      const second = runKaohe(['assess', '--rubric', seedRubric, '--out', again]);
      expect(second.status, described(second)).to.equal(0);
      expect(filesUnder(again)).to.deep.equal(filesUnder(out));
      for (const name of filesUnder(out)) {
        const a = readFileSync(path.join(out, name));
        const b = readFileSync(path.join(again, name));
        expect(a.equals(b), `${name} differs between two runs`).to.equal(true);
      }
    });

    it('Then it says on the terminal which files it wrote', () => {
      for (const name of OUTPUT_FILES) expect(run.stdout).to.include(name);
    });

    it('Then all 14 units of the register are ranked, best first, equal totals sharing a rank', () => {
      const { units } = readResults(out);
      expect(units.map((u) => u.code).sort()).to.deep.equal(register.units.map((u) => u.code).sort());
      for (const unit of units) {
        // Competition ranking: one more than the number of units with a strictly higher total.
        const above = units.filter((other) => other.total > unit.total).length;
        expect(unit.rank, `${unit.name} ${unit.total}`).to.equal(above + 1);
      }
      expect(units.map((u) => u.rank)).to.deep.equal([...units.map((u) => u.rank)].sort((a, b) => a - b));
    });

    it('Then results.json names the rubric by id, version and content hash, and the engine by its version', () => {
      const results = readResults(out);
      expect(results.kaohe).to.equal('results/v1');
      expect(results.rubric.id).to.equal('gansu-2015');
      expect(results.rubric.version).to.equal((rubricJson as { version: string }).version);
      expect(results.rubric.hash).to.match(/^sha256:[0-9a-f]{64}$/);
      expect(results.rubric.hash).to.equal(contentHash(rubricJson));
      expect(results.engine).to.deep.equal({ name: 'kaohe', version: packageVersion });
      expect(results.rubric.precision).to.equal(2);
    });

    it('Then the rubric hash in results.json is the one `kaohe rubric lint` shows for that rubric', () => {
      const lint = runKaohe(['rubric', 'lint', seedRubric]);
      expect(lint.status, described(lint)).to.equal(0);
      expect(lint.stdout).to.include(readResults(out).rubric.hash);
    });

    it('Then every unit carries its code, name, total, grade, rank, veto flag and every item with code, max, score, missing and trace', () => {
      const results = readResults(out);
      const names = new Map(register.units.map((u) => [u.code, u.name]));
      const itemCodes = [
        ...checkpointsOf(rubricJson).map((c) => c.checkpoint.code),
        ...(rubricJson.bonus?.items ?? []).map((i) => i.code),
        ...(rubricJson.deductions?.items ?? []).map((i) => i.code),
      ];
      for (const unit of results.units) {
        expect(unit.name).to.equal(names.get(unit.code));
        expect(unit.total).to.be.a('number');
        expect(['合格', '不合格']).to.include(unit.grade);
        expect(unit.rank).to.be.within(1, 14);
        expect(unit.vetoed).to.be.a('boolean');
        expect(unit.items.map((i) => i.code)).to.have.members(itemCodes);
        for (const item of unit.items) {
          const where = `${unit.name} ${item.code}`;
          expect(item.max, where).to.be.a('number');
          expect(item.score, where).to.be.within(0, item.cap ?? item.max);
          expect(item.missing, where).to.be.a('boolean');
          expect(item.trace, where).to.be.an('array').that.is.not.empty;
        }
      }
    });

    it('Then ranking.csv starts with a UTF-8 byte-order mark and shows the totals of results.json with two decimals, in the same order', () => {
      const { bytes, rows } = readRankingCsv(out);
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const { units } = readResults(out);
      expect(rows).to.have.length(14);
      rows.forEach((row, i) => {
        const unit = units[i];
        expect(row['单位代码']).to.equal(unit?.code);
        expect(row['单位名称']).to.equal(unit?.name);
        expect(row['名次']).to.equal(String(unit?.rank));
        expect(row['结果']).to.equal(unit?.grade);
        expect(row['总分'], unit?.name).to.match(TWO_DECIMALS);
        expect(Number(row['总分']), unit?.name).to.equal(unit?.total);
      });
    });

    it('Then report.md ranks the same units with the totals of results.json, shown with two decimals', () => {
      const report = readFileSync(path.join(out, 'report.md'), 'utf8');
      const rows = markdownTable(report, '排名');
      const { units } = readResults(out);
      expect(rows).to.have.length(14);
      rows.forEach((row, i) => {
        const unit = units[i];
        expect(row['单位']).to.equal(unit?.name);
        expect(row['名次']).to.equal(String(unit?.rank));
        expect(row['总分'], unit?.name).to.match(TWO_DECIMALS);
        expect(Number(row['总分']), unit?.name).to.equal(unit?.total);
      });
    });

    it('Then report.md names the rubric hash and the engine version it came from', () => {
      const report = readFileSync(path.join(out, 'report.md'), 'utf8');
      const results = readResults(out);
      expect(report).to.include(results.rubric.hash);
      expect(report).to.include(results.evidenceHash);
      expect(report).to.include(`kaohe ${packageVersion}`);
    });
  });

  it('When a user runs it from another folder with a relative --out, Then it still finds its default inputs and writes there', () => {
    const elsewhere = tempDir('cwd');
    const run = runKaohe(['assess', '--out', 'bulletin', '--no-pdf'], { cwd: elsewhere });
    expect(run.status, described(run)).to.equal(0);
    expect(readdirSync(path.join(elsewhere, 'bulletin')).sort()).to.deep.equal(OUTPUT_ENTRIES.filter((f) => f !== 'report.pdf').sort());
    expect(readResults(path.join(elsewhere, 'bulletin')).units).to.have.length(14);
  });

  describe('When an input file is bad, Then it exits 1, names the file, the JSON path and the reason, and writes nothing', () => {
    const g101 = findCheckpoint(rubricJson, 'G10.1').path;
    const coverage = '$.items["G10.1"].values.supervisionCoverage';
    const cases: {
      story: string;
      /** Breaks a copy of the inputs; returns the extra arguments and the file to be named. */
      spoil: (evidenceDir: string, scratch: string) => { args: string[]; file: string };
      path: string;
      reason: RegExp;
      code: string;
    }[] = [
      {
        story: 'an evidence file that is not JSON',
        spoil: (dir) => {
          const file = path.join(dir, '620500.json');
          writeFileSync(file, '{ "kaohe": "evidence/v1", ');
          return { args: [], file };
        },
        path: '$',
        reason: /不是有效的 JSON/,
        code: 'json_invalid',
      },
      {
        story: 'a value of the wrong type (text where a rate is expected)',
        spoil: (dir) => {
          const file = path.join(dir, '620500.json');
          editJsonFile(file, (e: any) => void (e.items['G10.1'].values.supervisionCoverage = '百分之百'));
          return { args: [], file };
        },
        path: coverage,
        reason: /应为数值/,
        code: 'evidence_type',
      },
      {
        story: 'a value outside its allowed range (a coverage of 120%)',
        spoil: (dir) => {
          const file = path.join(dir, '620500.json');
          editJsonFile(file, (e: any) => void (e.items['G10.1'].values.supervisionCoverage = 120));
          return { args: [], file };
        },
        path: coverage,
        reason: /超出允许范围 \[0, 100\]/,
        code: 'evidence_out_of_range',
      },
      {
        story: 'a field the checkpoint does not have',
        spoil: (dir) => {
          const file = path.join(dir, '620500.json');
          editJsonFile(file, (e: any) => void (e.items['G10.1'].values.coverageRate = 100));
          return { args: [], file };
        },
        path: '$.items["G10.1"].values.coverageRate',
        reason: /没有字段 "coverageRate"/,
        code: 'evidence_unknown_field',
      },
      {
        story: 'a rubric copy whose rule calls an operator rubrics may not use',
        spoil: (_dir, scratch) => {
          const file = path.join(scratch, 'gansu-2015-edited.json');
          const copy = readRubricJson(seedRubric);
          findCheckpoint(copy, 'G10.1').checkpoint.rule = { method: [{ var: 'supervisionCoverage' }, 'toFixed', [0]] };
          writeFileSync(file, JSON.stringify(copy, null, 2));
          return { args: ['--rubric', file], file };
        },
        path: `${g101}.rule.method`,
        reason: /"method" 不允许/,
        code: 'logic_forbidden_operator',
      },
      {
        story: 'a rubric copy whose rule reads through __proto__',
        spoil: (_dir, scratch) => {
          const file = path.join(scratch, 'gansu-2015-edited.json');
          const copy = readRubricJson(seedRubric);
          findCheckpoint(copy, 'G10.1').checkpoint.rule = { var: '__proto__.polluted' };
          writeFileSync(file, JSON.stringify(copy, null, 2));
          return { args: ['--rubric', file], file };
        },
        path: `${g101}.rule.var`,
        reason: /__proto__/,
        code: 'logic_unsafe_path',
      },
    ];

    for (const c of cases) {
      it(`When the input holds ${c.story}`, () => {
        const evidenceDir = copySeedEvidence(tempDir('evidence'));
        const { args, file } = c.spoil(evidenceDir, tempDir('scratch'));
        const out = tempDir('out');
        const run = runKaohe(['assess', '--rubric', seedRubric, '--evidence', evidenceDir, '--units', seedUnits, ...args, '--out', out]);
        expect(run.status, described(run)).to.equal(1);
        expect(run.stderr).to.include(file);
        const line = run.stderr.split('\n').find((l) => l.trim().startsWith(`${c.path}:`));
        expect(line, `no problem listed at ${c.path}\n${described(run)}`).to.be.a('string');
        expect(line).to.match(c.reason);
        expect(line).to.include(`[${c.code}]`);
        expect(readdirSync(out), 'the --out folder must stay empty').to.deep.equal([]);
      });
    }

    it('When two evidence files are bad, Then both are listed in one run', () => {
      const evidenceDir = copySeedEvidence(tempDir('evidence'));
      editJsonFile(path.join(evidenceDir, '620100.json'), (e: any) => void (e.items['G10.1'].values.supervisionCoverage = -1));
      writeFileSync(path.join(evidenceDir, '623000.json'), 'not json');
      const out = tempDir('out');
      const run = runKaohe(['assess', '--rubric', seedRubric, '--evidence', evidenceDir, '--out', out]);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include(path.join(evidenceDir, '620100.json'));
      expect(run.stderr).to.include(path.join(evidenceDir, '623000.json'));
      expect(readdirSync(out)).to.deep.equal([]);
    });

    it('When --out names a folder that does not exist yet, Then it is not created', () => {
      const evidenceDir = copySeedEvidence(tempDir('evidence'));
      writeFileSync(path.join(evidenceDir, '620500.json'), '');
      const out = path.join(tempDir('parent'), 'reports', '2015');
      const run = runKaohe(['assess', '--rubric', seedRubric, '--evidence', evidenceDir, '--out', out]);
      expect(run.status, described(run)).to.equal(1);
      expect(existsSync(out)).to.equal(false);
    });
  });

  describe('When one unit of the register has no evidence file', () => {
    let out: string;
    let run: ReturnType<typeof runKaohe>;
    const absent = '620200';
    before(() => {
      const evidenceDir = copySeedEvidence(tempDir('evidence'));
      rmSync(path.join(evidenceDir, `${absent}.json`));
      out = tempDir('out');
      run = runKaohe(['assess', '--rubric', seedRubric, '--evidence', evidenceDir, '--units', seedUnits, '--out', out, '--no-pdf']);
    });

    it('Then the run still succeeds and that unit has a result and a rank', () => {
      expect(run.status, described(run)).to.equal(0);
      const { units } = readResults(out);
      expect(units).to.have.length(14);
      const unit = units.find((u) => u.code === absent);
      expect(unit?.name).to.equal('嘉峪关市');
      expect(unit?.rank).to.equal(14);
      expect(unit?.grade).to.equal('不合格');
    });

    it('Then every checkpoint that needs a value from the unit is reported missing and scores 0', () => {
      const unit = readResults(out).units.find((u) => u.code === absent);
      const needsValue = checkpointsOf(rubricJson)
        .filter(({ checkpoint }) => checkpoint.fields.some((f) => f.default === undefined && f.required !== false))
        .map(({ checkpoint }) => checkpoint.code);
      expect(needsValue.length).to.be.greaterThan(40);
      for (const code of needsValue) {
        const item = unit?.items.find((i) => i.code === code);
        expect(item?.missing, code).to.equal(true);
        expect(item?.status, code).to.equal('missing');
        expect(item?.score, code).to.equal(0);
      }
      expect(unit?.missingItems).to.include.members(needsValue);
    });

    it('Then nothing in its result was read from evidence, and it has no bonus, no deduction and no veto', () => {
      const unit = readResults(out).units.find((u) => u.code === absent);
      for (const item of unit?.items ?? []) {
        for (const event of item.trace) {
          if (event.kind === 'read') expect((event as { source?: string }).source, item.code).to.not.equal('evidence');
        }
        expect(item.selfScore, item.code).to.equal(undefined);
      }
      expect(unit?.bonus).to.equal(0);
      expect(unit?.deductions).to.equal(0);
      expect(unit?.vetoed).to.equal(false);
    });

    it('Then ranking.csv counts its missing checkpoints and report.md lists them', () => {
      const unit = readResults(out).units.find((u) => u.code === absent);
      const row = readRankingCsv(out).rows.find((r) => r['单位代码'] === absent);
      expect(row?.['缺证据要点数']).to.equal(String(unit?.missingItems.length));
      const listed = markdownTable(readFileSync(path.join(out, 'report.md'), 'utf8'), '缺少证据的考核要点').find((r) => r['单位'] === '嘉峪关市');
      expect(listed?.['考核要点']?.split('、')).to.deep.equal(unit?.missingItems);
    });
  });

  describe('When the evidence folder does not exist', () => {
    it('Then it exits 1, names the folder and writes nothing', () => {
      const scratch = tempDir('scratch');
      const missing = path.join(scratch, 'no-such-folder');
      const out = path.join(scratch, 'out');
      mkdirSync(out);
      const run = runKaohe(['assess', '--evidence', missing, '--out', out]);
      expect(run.status, described(run)).to.equal(1);
      expect(run.stderr).to.include(missing);
      expect(readdirSync(out)).to.deep.equal([]);
    });
  });

  describe('When the user misuses the command line', () => {
    it('Then an unknown option is named, with a hint to --help, and the exit code is not 0', () => {
      const run = runKaohe(['assess', '--outdir', 'x']);
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.include('--outdir');
      expect(run.stderr).to.include('kaohe assess --help');
    });
  });
});
