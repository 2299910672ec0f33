import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { secondEvaluation } from '../../src/audit/index.js';
import { type ResultsV1, assess, buildResults, lintRubric, parseEvidence, parseRubric } from '../../src/core/index.js';
import { fromRoot } from '../support/paths.js';
import { checkpointsOf, readRubricJson, stringsIn } from '../support/rubric-json.js';
import { traditionalCharacters } from '../support/simplified.js';

const json = readRubricJson(fromRoot('rubrics', 'lanzhou-2015.json'));
const evidenceDir = fromRoot('seeds', 'evidence', '2015-620100');
const cents = (points: number) => Math.round(points * 100);

interface TreeNode {
  code: string;
  name: string;
  children?: TreeNode[];
}

function evidenceDocuments(): { unit: { code: string; name: string }; rubric: string; year: number }[] {
  return readdirSync(evidenceDir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(`${evidenceDir}/${n}`, 'utf8')) as { unit: { code: string; name: string }; rubric: string; year: number });
}

function assessSeeds(): ResultsV1 {
  const rubric = parseRubric(json);
  const evidences = evidenceDocuments().map((e) => parseEvidence(e));
  return buildResults(rubric, assess(rubric, evidences, { engineVersion: 'test', year: rubric.year }), evidences);
}

function unitOf(results: ResultsV1, code: string): ResultsV1['units'][number] {
  const unit = results.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the results`);
  return unit;
}

describe('rubrics/lanzhou-2015.json (兰州市 assesses its 8 county-level units: a demonstration)', () => {
  it('lints clean', () => {
    const report = lintRubric(json);
    expect(report.problems).to.deep.equal([]);
    expect(report.rubric?.id).to.equal('lanzhou-2015');
    expect(report.rubric?.version).to.equal('1.0.0');
  });

  it('says plainly that it is a demonstration derived from the provincial rubric, not a Lanzhou document', () => {
    expect(json.title).to.include('（演示）');
    expect(json.issuer).to.equal('兰州市质量发展领导小组办公室（演示）');
    const note = (json.changelog as { version: string; changes: string[] }[])[0];
    expect(note?.version).to.equal('1.0.0');
    expect(note?.changes[0]).to.include('非兰州市正式文件').and.to.include('gansu-2015 1.0.0');
  });

  it('is scaled to a county: 5 sections and 16 checkpoints adding up to exactly 100 points, each section to its own points', () => {
    expect(json.sections).to.have.length(5);
    expect(checkpointsOf(json)).to.have.length(16);
    expect(json.sections.reduce((sum, s) => sum + cents(s.points), 0)).to.equal(100 * 100);
    for (const section of json.sections) {
      const sum = section.indicators.flatMap((i) => i.checkpoints).reduce((s, c) => s + cents(c.points), 0);
      expect(sum, section.title).to.equal(cents(section.points));
    }
  });

  it('grades 优秀 from 90, 良好 from 80, 合格 from 60, else 不合格, and a veto forces 不合格', () => {
    expect(json.result.grades.map((g) => [g.grade, g.min])).to.deep.equal([
      ['优秀', 90],
      ['良好', 80],
      ['合格', 60],
      ['不合格', undefined],
    ]);
    expect(json.result.veto).to.equal('不合格');
  });

  it('writes every text in Simplified Chinese with full-width punctuation (the English title aside)', () => {
    const texts = stringsIn(json).filter(({ path, text }) => !path.endsWith('.titleEn') && /[\u4e00-\u9fff]/u.test(text));
    expect(texts.length).to.be.greaterThan(100);
    expect(texts.filter(({ text }) => /[,;:()?]/u.test(text) || traditionalCharacters(text).length > 0)).to.deep.equal([]);
  });

  it("has seeds for exactly 兰州市's 8 county-level units in the 2015 unit tree, each for this rubric and year", () => {
    const tree = JSON.parse(readFileSync(fromRoot('seeds', 'units-tree', 'gansu-2015.json'), 'utf8')) as { root: TreeNode };
    const lanzhou = tree.root.children?.find((c) => c.code === '620100');
    expect(lanzhou?.name).to.equal('兰州市');
    const children = (lanzhou?.children ?? []).map((c) => [c.code, c.name]);
    expect(children).to.have.length(8);
    const seeds = evidenceDocuments();
    expect(seeds.map((e) => [e.unit.code, e.unit.name])).to.deep.equal(children);
    for (const e of seeds) expect([e.rubric, e.year], e.unit.code).to.deep.equal(['lanzhou-2015', 2015]);
  });

  describe('assessing the 8 seeds', () => {
    const results = assessSeeds();

    it('scores every checkpoint of every county from its evidence: nothing missing, nothing refused', () => {
      expect(results.units).to.have.length(8);
      for (const unit of results.units) {
        const problems = unit.items.filter((i) => i.status !== 'scored');
        expect(problems.map((i) => i.code), unit.name).to.deep.equal([]);
      }
    });

    it('gives 城关区 97.30 (优秀), first', () => {
      // S1 组织领导 4 + 4 + 6 (25 of 25 townships) + 6 = 20
      // S2 8 (抽查合格率 94.2 ≥ 90) + 6 (3 campaign + 3, 结案率 95.1 ≥ 90) + 5.6 (6 − 1 × (100 − 99.6)) + 10 (1,280 of 1,200 batches, capped) = 29.6
      // S3 7 (coverage 100) + 4 (一次验收 99.2 ≥ 98) + 7 (办结率 98.6 ≥ 98) = 18
      // S4 6.7 (7 − 0.5 × (100 − 99.4)) + 4 (9 enterprises × 0.5 = 4.5, capped at 4) + 3 (3 brands) = 13.7
      // S5 8 (协管员 in every township) + 7 (4 + 3) = 15
      // base 20 + 29.6 + 18 + 13.7 + 15 = 96.3; bonus 1 (one 省政府质量奖); no deduction: 97.30
      const unit = unitOf(results, '620102');
      expect(unit.base).to.equal(96.3);
      expect(unit.bonus).to.equal(1);
      expect(unit.deductions).to.equal(0);
      expect(unit.total).to.equal(97.3);
      expect(unit.grade).to.equal('优秀');
      expect(unit.rank).to.equal(1);
    });

    it('gives 红古区 49.43 (不合格) after a deduction of 2, last and flagged 后两位', () => {
      // S1 3 (no leading-group meeting: 4 − 1) + 2 (考核组: 不充分) + 3.43 (6 × 4 / 7 = 3.428…, half-up) + 4.5 (6 − 1.5 酌情扣分) = 12.93
      // S2 3 (抽查合格率 84.2 ≥ 80) + 3 (campaign 3; 结案率 78 < 80: 0) + 2.5 (6 − 1 × (100 − 96.5)) + 7.5 (10 × 150 / 200) = 16
      // S3 4 (7 − 1 × (100 − 97)) + 2 (一次验收 96.1 ≥ 95) + 3 (办结率 92.5 ≥ 90) = 9
      // S4 5 (7 − 0.5 × (100 − 96)) + 0.5 (1 enterprise) + 0 (no brand) = 5.5
      // S5 4 (协管员 in some townships) + 4 (in the targets, townships not assessed) = 8
      // base 12.93 + 16 + 9 + 5.5 + 8 = 51.43; no bonus; 2 市级通报 × 1 = 2 deducted: 49.43
      const unit = unitOf(results, '620111');
      expect(unit.base).to.equal(51.43);
      expect(unit.bonus).to.equal(0);
      expect(unit.deductions).to.equal(2);
      expect(unit.total).to.equal(49.43);
      expect(unit.grade).to.equal('不合格');
      expect(unit.rank).to.equal(8);
      expect(unit.flags.map((f) => f.code)).to.deep.equal(['BOTTOM2']);
    });

    it("agrees with the audit's second evaluator on every item, veto and total of the 8 counties", () => {
      const rubric = parseRubric(json);
      const checked = secondEvaluation(rubric, evidenceDocuments().map((e) => parseEvidence(e)), results);
      expect(checked.problems).to.deep.equal([]);
      expect(checked.checkpoints).to.equal(8 * rubric.allItems.length);
    });

    it('ranks the 8 counties apart, across all four grades', () => {
      const ranked = [...results.units].sort((a, b) => a.rank - b.rank);
      expect(ranked.map((u) => [u.name, u.total, u.grade])).to.deep.equal([
        ['城关区', 97.3, '优秀'],
        ['西固区', 91.96, '优秀'],
        ['七里河区', 88.7, '良好'],
        ['榆中县', 86.78, '良好'],
        ['安宁区', 85.42, '良好'],
        ['永登县', 77.08, '合格'],
        ['皋兰县', 68.24, '合格'],
        ['红古区', 49.43, '不合格'],
      ]);
    });
  });
});
