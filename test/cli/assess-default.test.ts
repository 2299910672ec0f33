// `kaohe assess` without --rubric assesses the newest version of gansu-2015 with that version's seeds.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, defaultEvidenceDir, newestRubricFile } from '../../src/cli/defaults.js';
import { described, runKaohe, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { GOLDEN_DIR } from '../support/golden.js';
import { readResults } from '../support/outputs.js';
import { fromRoot } from '../support/paths.js';

const newest = fromRoot('rubrics', 'gansu-2015-1.1.0.json');
const newestSeeds = fromRoot('seeds', 'evidence', '2015-1.1.0');

describe('kaohe assess without --rubric', () => {
  const tempDir = useTempDirs();

  describe('When a user runs it with every default', () => {
    let out: string;
    let run: ReturnType<typeof runKaohe>;
    before(() => {
      out = tempDir('default');
      run = runKaohe(['assess', '--out', out, '--no-pdf']);
    });

    it('Then it assesses gansu-2015 1.1.0 and says so on its first line', () => {
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout.split('\n')[0]).to.equal('甘肃省2015年度市州政府质量工作考核细则及评分标准（gansu-2015 1.1.0）');
      expect(readResults(out).rubric.version).to.equal('1.1.0');
    });

    it("Then it reads 1.1.0's seeds with their approved targets: no unit misses 优良天数比例 against its filed target (Q04.1)", () => {
      const { units } = readResults(out);
      expect(units).to.have.length(14);
      for (const unit of units) expect(unit.missingItems, unit.name).not.to.include('Q04.1');
    });

    it('Then results.json is byte for byte the one of naming that rubric, its seeds and the register', () => {
      const named = tempDir('named');
      const explicit = runKaohe(['assess', '--rubric', newest, '--evidence', newestSeeds, '--units', seedUnits, '--out', named, '--no-pdf']);
      expect(explicit.status, described(explicit)).to.equal(0);
      expect(readFileSync(path.join(out, 'results.json')).equals(readFileSync(path.join(named, 'results.json')))).to.equal(true);
    });
  });

  it('When a user names rubrics/gansu-2015.json, Then it assesses 1.0.0 on its own seeds, exactly as the golden results', () => {
    const out = tempDir('first');
    const run = runKaohe(['assess', '--rubric', seedRubric, '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout.split('\n')[0]).to.equal('甘肃省2015年度市州政府质量工作考核细则及评分标准（gansu-2015 1.0.0）');
    expect(readFileSync(path.join(out, 'results.json')).equals(readFileSync(path.join(GOLDEN_DIR, 'results.json')))).to.equal(true);
  });

  it('When a user names rubrics/lanzhou-2015.json, Then it assesses 兰州市’s 8 counties on their own seeds', () => {
    const out = tempDir('lanzhou');
    const run = runKaohe(['assess', '--rubric', fromRoot('rubrics', 'lanzhou-2015.json'), '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(0);
    const { units } = readResults(out);
    expect(units.map((u) => u.name))
      .to.have.length(8)
      .and.include('城关区')
      .and.include('榆中县');
    expect(units.find((u) => u.rank === 1)?.name).to.equal('城关区');
    expect(units.find((u) => u.rank === 8)?.total).to.equal(49.43);
  });

  it('When a user asks for help, Then the defaults name the rubric file and seeds it would take', () => {
    const help = runKaohe(['assess', '--help']).stdout;
    expect(help).to.include(`现为 ${path.relative(fromRoot(), newestRubricFile())}（1.1.0）`);
    expect(help).to.include('1.0.0 版用 --rubric rubrics/gansu-2015.json');
    expect(help).to.include('seeds/evidence/2015-1.1.0');
  });
});

describe('the newest version of a rubric among rubric files', () => {
  const tempDir = useTempDirs();
  const rubricFile = (dir: string, name: string, head: object | string) =>
    writeFileSync(path.join(dir, name), typeof head === 'string' ? head : JSON.stringify({ kaohe: 'rubric/v1', year: 2015, ...head }));

  it('is rubrics/gansu-2015-1.1.0.json today, over 1.0.0 (gansu-2015.json) and the national example', () => {
    expect(newestRubricFile()).to.equal(newest);
  });

  it("is chosen by each file's own version, compared number by number (1.10.0 after 1.9.0), whatever the file is called", () => {
    const dir = tempDir('rubrics');
    rubricFile(dir, 'a-newest.json', { id: 'gansu-2015', version: '1.10.0' });
    rubricFile(dir, 'gansu-2015-1.9.0.json', { id: 'gansu-2015', version: '1.9.0' });
    rubricFile(dir, 'gansu-2015.json', { id: 'gansu-2015', version: '1.0.0' });
    rubricFile(dir, 'other.json', { id: 'national-example', version: '9.0.0' });
    rubricFile(dir, 'broken.json', '{ "id": "gansu-2015", ');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a rubric');
    expect(newestRubricFile(dir)).to.equal(path.join(dir, 'a-newest.json'));
    expect(newestRubricFile(dir, 'national-example')).to.equal(path.join(dir, 'other.json'));
    expect(() => newestRubricFile(dir, 'gansu-2016')).to.throw('没有考核细则 gansu-2016');
  });

  it('compares versions as semantic versions do', () => {
    expect(compareVersions('1.10.0', '1.9.0')).to.be.greaterThan(0);
    expect(compareVersions('2.0.0', '1.99.99')).to.be.greaterThan(0);
    expect(compareVersions('1.1.0', '1.1.0')).to.equal(0);
    expect(compareVersions('1.0.9', '1.1.0')).to.be.lessThan(0);
  });

  it("takes a version's own seeds where it has them (1.1.0), else the year's (1.0.0), else a body's seeds for that rubric (兰州市's)", () => {
    expect(defaultEvidenceDir({ id: 'gansu-2015', year: 2015, version: '1.1.0' })).to.equal(newestSeeds);
    expect(defaultEvidenceDir({ id: 'gansu-2015', year: 2015, version: '1.0.0' })).to.equal(fromRoot('seeds', 'evidence', '2015'));
    expect(defaultEvidenceDir({ id: 'lanzhou-2015', year: 2015, version: '1.0.0' })).to.equal(fromRoot('seeds', 'evidence', '2015-620100'));
    // No seeds for the rubric: the year's, whose loading names the mismatch.
    expect(defaultEvidenceDir({ id: 'wuwei-2015', year: 2015, version: '1.0.0' })).to.equal(fromRoot('seeds', 'evidence', '2015'));
  });
});
