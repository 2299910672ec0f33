import { expect } from 'chai';
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ResultsV1, UnitResultV1 } from '../../src/core/index.js';
import { seedsAssessed } from '../support/assessed-seeds.js';
import { described, editJsonFile, runKaohe, seedEvidence, seedRubric, useTempDirs } from '../support/cli.js';
import { readResults } from '../support/outputs.js';
import { fromRoot } from '../support/paths.js';

type UnitOutput = {
  kaohe: string;
  engine: ResultsV1['engine'];
  rubric: ResultsV1['rubric'];
  year: number;
  unit: Omit<UnitResultV1, 'rank' | 'tiedWith' | 'flags'>;
};

describe('kaohe score', () => {
  const tempDir = useTempDirs();
  let assessed: ResultsV1;
  before(() => {
    const { out, run } = seedsAssessed();
    expect(run.status, described(run)).to.equal(0);
    assessed = readResults(out);
  });

  const score = (unitCode: string, rubric = seedRubric) => runKaohe(['score', '--rubric', rubric, '--evidence', seedEvidence(unitCode)]);

  it("When a user scores one unit, Then it prints that unit's result as JSON and exits 0", () => {
    const run = score('620700');
    expect(run.status, described(run)).to.equal(0);
    const output = JSON.parse(run.stdout) as UnitOutput;
    expect(output.kaohe).to.equal('unit-result/v1');
    expect(output.unit.code).to.equal('620700');
    expect(output.unit.name).to.equal('张掖市');
    expect(output.rubric.id).to.equal('gansu-2015');
    expect(output.rubric.hash).to.equal(assessed.rubric.hash);
    expect(output.engine).to.deep.equal(assessed.engine);
    for (const item of output.unit.items) expect(item.trace, item.code).to.be.an('array').that.is.not.empty;
  });

  it('When a user scores each unit on its own, Then its total, grade, sections and items agree with the full assessment', () => {
    for (const unit of assessed.units) {
      const run = score(unit.code);
      expect(run.status, described(run)).to.equal(0);
      const alone = (JSON.parse(run.stdout) as UnitOutput).unit;
      const { rank: _r, tiedWith: _t, flags: _f, ...expected } = unit;
      expect(alone, unit.name).to.deep.equal(expected);
    }
  });

  it('When a user scores the vetoed unit, Then it shows 不合格 and the veto while keeping the computed score', () => {
    const output = JSON.parse(score('620400').stdout) as UnitOutput;
    expect(output.unit.vetoed).to.equal(true);
    expect(output.unit.grade).to.equal('不合格');
    expect(output.unit.total).to.be.at.least(60);
    expect(output.unit.vetoes.find((v) => v.code === 'GV1')?.triggered).to.equal(true);
  });

  it('When a user scores a unit, Then no file is written where they stand', () => {
    const here = tempDir('cwd');
    const run = runKaohe(['score', '--rubric', seedRubric, '--evidence', seedEvidence('620100')], { cwd: here });
    expect(run.status, described(run)).to.equal(0);
    expect(readdirSync(here)).to.deep.equal([]);
  });

  it('When the evidence file has a bad value, Then it exits 1 naming the file, the JSON path and the reason, and prints no result', () => {
    const file = path.join(tempDir('evidence'), '620100.json');
    copyFileSync(seedEvidence('620100'), file);
    editJsonFile(file, (e: any) => void (e.items['G09.1'].values.goodAirDays = '较好'));
    const run = runKaohe(['score', '--rubric', seedRubric, '--evidence', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.include(file);
    expect(run.stderr).to.match(/\$\.items\["G09\.1"\]\.values\.goodAirDays: .*应为数值/);
  });

  it('When the evidence was written for another rubric, Then it is refused with the path $.rubric', () => {
    const run = score('620100', fromRoot('rubrics', 'national-example.json'));
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('$.rubric:');
    expect(run.stderr).to.include('[evidence_mismatch]');
  });

  it('When --evidence is left out, Then it says what is missing and exits non-zero', () => {
    const run = runKaohe(['score', '--rubric', seedRubric]);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('--evidence');
    expect(run.stdout).to.equal('');
  });

  it('When an unknown option is given, Then it is named and the exit code is not 0', () => {
    const run = runKaohe(['score', '--rubric', seedRubric, '--evidence', seedEvidence('620100'), '--unit', '620100']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('--unit');
  });
});
