import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { ResultsV1 } from '../../src/core/index.js';
import { readJsonFile, seedEvidenceDir, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';
import { checkpointsOf, readRubricJson, stringsIn } from '../support/rubric-json.js';
import { assessSeeds, seedEvidenceFiles, seedEvidenceJson } from '../support/seeds.js';
import { taiwanWords, traditionalCharacters } from '../support/simplified.js';

/** The 14 municipal-level units of Gansu, as DESIGN.md lists them. */
const GANSU_UNITS: readonly (readonly [string, string])[] = [
  ['620100', '兰州市'],
  ['620200', '嘉峪关市'],
  ['620300', '金昌市'],
  ['620400', '白银市'],
  ['620500', '天水市'],
  ['620600', '武威市'],
  ['620700', '张掖市'],
  ['620800', '平凉市'],
  ['620900', '酒泉市'],
  ['621000', '庆阳市'],
  ['621100', '定西市'],
  ['621200', '陇南市'],
  ['622900', '临夏回族自治州'],
  ['623000', '甘南藏族自治州'],
];

interface Register {
  province: { code: string; name: string };
  units: { code: string; name: string; kind: string }[];
}

const cents = (points: number) => Math.round(points * 100);

describe('the demo evidence for 2015 (seeds/)', () => {
  const tempDir = useTempDirs();
  const register = readJsonFile<Register>(seedUnits);

  it('registers the 14 municipal-level units of Gansu with their administrative codes and names', () => {
    expect(register.province).to.deep.equal({ code: '620000', name: '甘肃省' });
    expect(register.units.map((u) => [u.code, u.name])).to.deep.equal(GANSU_UNITS);
  });

  it('registers 12 of them as 地级市 and the two 自治州 as 自治州', () => {
    const kinds = (kind: string) => register.units.filter((u) => u.kind === kind).map((u) => u.name);
    expect(kinds('地级市')).to.have.length(12);
    expect(kinds('自治州')).to.deep.equal(['临夏回族自治州', '甘南藏族自治州']);
  });

  it('holds one evidence file per unit, named by its code, written for gansu-2015 and the year 2015', () => {
    expect(seedEvidenceFiles()).to.deep.equal(GANSU_UNITS.map(([code]) => `${code}.json`));
    for (const e of seedEvidenceJson()) {
      const name = GANSU_UNITS.find(([code]) => code === e.unit.code)?.[1];
      expect(e.unit.name, e.unit.code).to.equal(name);
      expect(e.rubric).to.equal('gansu-2015');
      expect(e.year).to.equal(2015);
    }
  });

  it('is written in Simplified Chinese (notes, findings, justifications)', () => {
    for (const file of seedEvidenceFiles()) {
      const strings = stringsIn(JSON.parse(readFileSync(path.join(seedEvidenceDir, file), 'utf8')));
      const wrong = strings.filter((s) => traditionalCharacters(s.text).length > 0 || taiwanWords(s.text).length > 0);
      expect(wrong, file).to.deep.equal([]);
    }
  });

  describe('When the seeds are assessed', () => {
    let results: ResultsV1;
    before(() => {
      results = assessSeeds();
    });
    const allItems = () => results.units.flatMap((u) => u.items.map((item) => ({ unit: u, item })));

    it('Then all 14 units are ranked', () => {
      expect(results.units.map((u) => u.code).sort()).to.deep.equal(GANSU_UNITS.map(([code]) => code));
    });

    it('Then at least one checkpoint lacks evidence: it scores 0, is reported missing, and the run goes on', () => {
      const missing = allItems().filter(({ item }) => item.missing);
      expect(missing).to.not.be.empty;
      for (const { unit, item } of missing) {
        expect(item.score, `${unit.name} ${item.code}`).to.equal(0);
        expect(item.status).to.equal('missing');
        expect(unit.missingItems).to.include(item.code);
      }
    });

    it('Then two units tie exactly on different evidence, and share their rank', () => {
      expect(results.summary.ties).to.not.be.empty;
      for (const tie of results.summary.ties) {
        const units = tie.map((code) => results.units.find((u) => u.code === code) as ResultsV1['units'][number]);
        expect(new Set(units.map((u) => u.total)).size, tie.join(' ')).to.equal(1);
        expect(new Set(units.map((u) => u.rank)).size, tie.join(' ')).to.equal(1);
        expect(new Set(units.map((u) => u.evidenceHash)).size, 'tied units have different evidence').to.equal(units.length);
        // tiedWith lists the whole group sharing the rank, the unit itself included (see RankedUnit in src/core/assessment-result.ts).
        for (const u of units) expect(u.tiedWith).to.have.members(tie);
      }
    });

    it('Then a unit claims bonus points above the cap of 3 and is counted 3', () => {
      expect(readRubricJson(seedRubric).bonus?.cap).to.equal(3);
      const over = results.units.filter((u) => u.bonusClaimed > 3);
      expect(over).to.not.be.empty;
      for (const u of over) expect(u.bonus, u.name).to.equal(3);
      for (const u of results.units) expect(u.bonus, u.name).to.be.at.most(3);
    });

    it('Then exactly one unit is vetoed: 不合格 although its score is 60 or more', () => {
      expect(results.summary.vetoed).to.have.length(1);
      const vetoed = results.units.filter((u) => u.vetoed);
      expect(vetoed.map((u) => u.code)).to.deep.equal(results.summary.vetoed);
      expect(vetoed[0]?.grade).to.equal('不合格');
      expect(vetoed[0]?.total).to.be.at.least(60);
    });

    it('Then some deductions are applied after the sum', () => {
      expect(results.units.some((u) => u.deductions > 0)).to.equal(true);
    });

    it('Then self-scores differ from verified scores, and the total is made of verified scores only', () => {
      const differing = allItems().filter(({ item }) => item.selfScore !== undefined && item.selfScore !== item.score);
      expect(differing.length).to.be.at.least(5);
      expect(results.units.some((u) => u.selfTotal !== undefined && u.selfTotal !== u.total)).to.equal(true);
      for (const u of results.units) {
        const checkpoints = u.items.filter((i) => i.kind === 'checkpoint').reduce((sum, i) => sum + cents(i.score), 0);
        expect(cents(u.base), u.name).to.equal(checkpoints);
        expect(cents(u.total), u.name).to.equal(cents(u.base) + cents(u.bonus) - cents(u.deductions));
      }
    });

    it('Then at least one checkpoint is declared 不涉及 and scores what the rubric states for it', () => {
      const declared = new Map(checkpointsOf(readRubricJson(seedRubric)).map(({ checkpoint }) => [checkpoint.code, checkpoint]));
      const notApplicable = allItems().filter(({ item }) => item.status === 'not_applicable');
      expect(notApplicable).to.not.be.empty;
      for (const { unit, item } of notApplicable) {
        const rule = declared.get(item.code)?.notApplicable;
        expect(rule, `${unit.name} ${item.code} may not be 不涉及`).to.not.equal(undefined);
        expect(item.score, `${unit.name} ${item.code}`).to.equal(rule?.score === 'full' ? declared.get(item.code)?.points : rule?.score);
      }
    });

    it('Then at least one examiner adjustment, with a written justification, replaces the computed score', () => {
      const adjusted = allItems().filter(({ item }) => item.adjustment !== undefined);
      expect(adjusted).to.not.be.empty;
      for (const { unit, item } of adjusted) {
        const where = `${unit.name} ${item.code}`;
        expect(item.adjustment?.justification.length, where).to.be.greaterThan(10);
        expect(item.score, where).to.equal(item.adjustment?.score);
        expect(item.computed, where).to.be.a('number').and.not.equal(item.score);
      }
    });
  });

  it('is what scripts/make-demo-evidence.ts writes: run in a copy of the repository, it reproduces every committed file byte for byte', () => {
    const copy = tempDir('demo');
    for (const file of ['scripts/make-demo-evidence.ts', 'rubrics/gansu-2015.json', 'seeds/units.json']) {
      mkdirSync(path.join(copy, path.dirname(file)), { recursive: true });
      copyFileSync(fromRoot(file), path.join(copy, file));
    }
    symlinkSync(fromRoot('node_modules'), path.join(copy, 'node_modules'), 'dir');
    const run = spawnSync(fromRoot('node_modules', '.bin', 'tsx'), ['scripts/make-demo-evidence.ts'], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    const written = path.join(copy, 'seeds', 'evidence', '2015');
    expect(readdirSync(written).sort()).to.deep.equal(seedEvidenceFiles());
    for (const file of seedEvidenceFiles()) {
      const same = readFileSync(path.join(written, file)).equals(readFileSync(path.join(seedEvidenceDir, file)));
      expect(same, `seeds/evidence/2015/${file} is not what the script writes: regenerate it with "npx tsx scripts/make-demo-evidence.ts"`).to.equal(true);
    }
  });
});
