// An approved filed target (目标备案) that changed between two runs is named as the cause of its checkpoint's change.
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type BundleDiff, type BundleV1, bundleFromFiles, diffBundles } from '../../src/audit/index.js';
import { causesText, partWords } from '../../src/audit/diff-words.js';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { fromRoot } from '../support/paths.js';
import type { EvidenceJson } from '../support/seeds.js';

const RUBRIC = fromRoot('rubrics', 'gansu-2015-1.1.0.json');
const SEEDS = fromRoot('seeds', 'evidence', '2015-1.1.0');

/** The 1.1.0 seeds assessed and sealed as `kaohe assess --bundle` does, after `edit`. */
function bundle110(edit: (documents: EvidenceJson[]) => void = () => {}): BundleV1 {
  const rubricJson = JSON.parse(readFileSync(RUBRIC, 'utf8'));
  const rubric = parseRubric(rubricJson);
  const documents: EvidenceJson[] = readdirSync(SEEDS)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(path.join(SEEDS, n), 'utf8')));
  edit(documents);
  const evidence = documents.map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
  return bundleFromFiles({ rubric: rubricJson, evidence, results, engineVersion: 'test' });
}

function lanzhou(documents: EvidenceJson[]): EvidenceJson {
  const found = documents.find((e) => e.unit.code === '620100');
  if (!found) throw new Error('no 620100 in the seeds');
  return found;
}

describe('audit diff: approved targets (目标备案)', () => {
  let a: BundleV1;
  before(() => {
    a = bundle110();
  });

  describe("When 兰州市's approved 优良天数 target is 70 instead of 72 (its 70.7% now meets it)", () => {
    let diff: BundleDiff;
    before(() => {
      diff = diffBundles(
        a,
        bundle110((documents) => (lanzhou(documents).targets['Q04.1'].goodAirDaysTarget.value = 70)),
      );
    });

    it('Then Q04.1 changed 4.70 → 6.00 because of the evidence, and what changed is the approved target', () => {
      const unit = diff.units.find((u) => u.code === '620100');
      expect(unit?.items).to.have.length(1);
      const [item] = unit?.items ?? [];
      expect(item).to.deep.include({ code: 'Q04.1', before: { score: 4.7, status: 'scored' }, after: { score: 6, status: 'scored' }, causes: ['evidence'] });
      expect(item?.changes).to.deep.equal({ evidence: ['targets.goodAirDaysTarget'], review: [], rubric: [] });
      expect(causesText(item as NonNullable<typeof item>)).to.equal('证据（备案目标“优良天数比例目标（已备案）”）');
    });

    it('Then no part is left unexplained', () => {
      expect(diff.otherParts).to.deep.equal([]);
    });
  });

  it('When only the dates of an approval differ, Then no checkpoint is said to have changed for it', () => {
    const diff = diffBundles(
      a,
      bundle110((documents) => (lanzhou(documents).targets['Q04.1'].goodAirDaysTarget.approvedAt = '2015-04-01T16:00:00+08:00')),
    );
    expect(diff.units.flatMap((u) => u.items)).to.deep.equal([]);
    expect(diff.identical).to.equal(false);
  });

  it('When a target is approved on one side only, Then its checkpoint names it (G12.1: none → 5, a missing target read as none)', () => {
    const without = bundle110((documents) => delete lanzhou(documents).targets['G12.1']);
    const item = diffBundles(without, a)
      .units.find((u) => u.code === '620100')
      ?.items.find((i) => i.code === 'G12.1');
    expect(item?.changes.evidence).to.deep.equal(['targets.platformTarget']);
  });

  it("names a unit's stored filing part 目标备案", () => {
    expect(partWords('units/620100/targets')).to.equal('单位 620100 的目标备案');
  });
});
