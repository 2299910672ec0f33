import { expect } from 'chai';
import { type BundleDiff, type BundleV1, type UnitDiff, diffBundles, sealBundle } from '../../src/audit/index.js';
import { checkpointJson, seedBundle, serviceBundle } from '../support/seed-bundles.js';
import { sealEvent, subjects } from '../../src/records/index.js';
import type { EvidenceJson } from '../support/seeds.js';

function unitDiff(diff: BundleDiff, code: string): UnitDiff {
  const unit = diff.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the diff`);
  return unit;
}

function resultOf(bundle: BundleV1, code: string) {
  const unit = bundle.results.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the results`);
  return unit;
}

/** Every unit's total, rank and grade in the diff are those its bundles' results publish. */
function expectStandingsFromResults(diff: BundleDiff, a: BundleV1, b: BundleV1): void {
  for (const u of diff.units) {
    const [ra, rb] = [resultOf(a, u.code), resultOf(b, u.code)];
    expect(u.before).to.deep.equal({
      total: ra.total,
      rank: ra.rank,
      grade: ra.grade,
      vetoed: ra.vetoed,
      base: ra.base,
      bonus: ra.bonus,
      deductions: ra.deductions,
    });
    expect(u.after).to.deep.equal({
      total: rb.total,
      rank: rb.rank,
      grade: rb.grade,
      vetoed: rb.vetoed,
      base: rb.base,
      bonus: rb.bonus,
      deductions: rb.deductions,
    });
  }
}

describe('diffBundles (audit diff)', () => {
  let a: BundleV1;
  before(() => {
    a = seedBundle();
  });

  describe('When both bundles are the same', () => {
    it('Then they are identical: no unit, item, rubric or other part differs', () => {
      const diff = diffBundles(a, seedBundle());
      expect(diff.identical).to.equal(true);
      expect(diff.units.filter((u) => u.changed)).to.deep.equal([]);
      expect(diff.rubric).to.deep.equal({ wide: [], items: [] });
      expect(diff.otherParts).to.deep.equal([]);
      expect(diff.units.map((u) => u.code)).to.deep.equal(a.units.map((u) => u.code));
    });

    it('Then a manifest made at another time (its date and author) is no difference', () => {
      const { kaohe: _k, manifest, ...content } = a;
      const later = sealBundle(content, {
        engine: manifest.engine,
        year: manifest.year,
        source: manifest.source,
        createdAt: '2016-03-01T00:00:00Z',
        createdBy: 'someone',
      });
      expect(diffBundles(a, later).identical).to.equal(true);
    });
  });

  describe("When a unit submitted another value (嘉峪关市's G10.1 supervision coverage 100 → 99)", () => {
    let b: BundleV1;
    let diff: BundleDiff;
    before(() => {
      b = seedBundle({ evidence: { '620200': (e) => (e.items['G10.1'].values.supervisionCoverage = 99) } });
      diff = diffBundles(a, b);
    });

    it("Then G10.1 of 嘉峪关市 changed 2.5 → 2 because of the evidence (values.supervisionCoverage), and nothing else of that unit's", () => {
      const unit = unitDiff(diff, '620200');
      expect(unit.items).to.have.length(1);
      const [item] = unit.items;
      expect(item).to.deep.include({
        code: 'G10.1',
        kind: 'checkpoint',
        before: { score: 2.5, status: 'scored' },
        after: { score: 2, status: 'scored' },
        outcomeChanged: true,
        causes: ['evidence'],
      });
      expect(item?.changes).to.deep.equal({ evidence: ['values.supervisionCoverage'], review: [], rubric: [] });
    });

    it('Then its total falls 79.75 → 79.25 and it swaps 4th and 5th place with 庆阳市, whose scores did not change', () => {
      const unit = unitDiff(diff, '620200');
      expect(unit.changed).to.equal(true);
      expect(unit.before).to.deep.include({ total: 79.75, rank: 4, grade: '合格', vetoed: false });
      expect(unit.after).to.deep.include({ total: 79.25, rank: 5, grade: '合格', vetoed: false });
      const qingyang = unitDiff(diff, '621000');
      expect(qingyang).to.deep.include({ changed: true, items: [] });
      expect([qingyang.before?.rank, qingyang.after?.rank]).to.deep.equal([5, 4]);
      expectStandingsFromResults(diff, a, b);
    });

    it('Then the other units are unchanged, the rubric too, and the bundles are not identical', () => {
      expect(diff.units.filter((u) => u.changed).map((u) => u.code)).to.deep.equal(['620200', '621000']);
      expect(diff.rubric).to.deep.equal({ wide: [], items: [] });
      expect(diff.identical).to.equal(false);
      expect(diff.otherParts).to.deep.equal([]);
    });
  });

  describe("When the examiners changed an adjustment (酒泉市's G12.1 adjusted score 2.5 → 0.5)", () => {
    let b: BundleV1;
    let diff: BundleDiff;
    before(() => {
      b = seedBundle({ evidence: { '620900': (e) => (e.items['G12.1'].adjustment.score = 0.5) } });
      diff = diffBundles(a, b);
    });

    it('Then G12.1 changed 2.5 → 0.5 because of the review (adjustment), not the evidence', () => {
      const [item, ...others] = unitDiff(diff, '620900').items;
      expect(others).to.deep.equal([]);
      expect(item).to.deep.include({ code: 'G12.1', before: { score: 2.5, status: 'scored' }, after: { score: 0.5, status: 'scored' }, causes: ['review'] });
      expect(item?.changes).to.deep.equal({ evidence: [], review: ['adjustment'], rubric: [] });
    });

    it('Then 酒泉市 falls 84.35 → 82.35, from 2nd to 3rd, and 天水市 rises to 2nd', () => {
      expect(unitDiff(diff, '620900').before).to.deep.include({ total: 84.35, rank: 2, grade: '合格', vetoed: false });
      expect(unitDiff(diff, '620900').after).to.deep.include({ total: 82.35, rank: 3, grade: '合格', vetoed: false });
      expect([unitDiff(diff, '620500').before?.rank, unitDiff(diff, '620500').after?.rank]).to.deep.equal([3, 2]);
      expectStandingsFromResults(diff, a, b);
    });
  });

  describe('When an examiner-filled value changed (兰州市 G24.2: a discretionary deduction of 1)', () => {
    it('Then G24.2 changed because of the review (values.discretionaryDeduction)', () => {
      const b = seedBundle({ evidence: { '620100': (e) => (e.items['G24.2'].values.discretionaryDeduction = 1) } });
      const [item] = unitDiff(diffBundles(a, b), '620100').items;
      expect(item).to.deep.include({ code: 'G24.2', causes: ['review'] });
      expect(item?.changes.review).to.deep.equal(['values.discretionaryDeduction']);
      expect(item?.after?.score).to.equal((item?.before?.score ?? 0) - 1);
    });
  });

  describe("When one checkpoint's rule changed in the rubric (G10.1: 1 point off per percentage point instead of 0.5)", () => {
    let b: BundleV1;
    let diff: BundleDiff;
    before(() => {
      b = seedBundle({
        rubric: (r) => (checkpointJson(r, 'G10.1').rule = { max: [0, { '-': [2.5, { '*': [1, { '-': [100, { var: 'supervisionCoverage' }] }] }] }] }),
      });
      diff = diffBundles(a, b);
    });

    it('Then the rubric lists G10.1 with its rule changed, and nothing rubric-wide', () => {
      expect(diff.rubric).to.deep.equal({ wide: [], items: [{ code: 'G10.1', changes: ['rule'] }] });
    });

    it('Then every unit whose G10.1 points changed shows G10.1 with the rubric as its only cause, and the points the results give', () => {
      const moved = b.results.units.filter(
        (u) => u.items.find((i) => i.code === 'G10.1')?.score !== resultOf(a, u.code).items.find((i) => i.code === 'G10.1')?.score,
      );
      expect(moved.length).to.be.greaterThan(0);
      for (const unit of diff.units) {
        const expected = moved.some((m) => m.code === unit.code);
        expect(
          unit.items.map((i) => i.code),
          unit.code,
        ).to.deep.equal(expected ? ['G10.1'] : []);
        for (const item of unit.items) {
          expect(item.causes).to.deep.equal(['rubric']);
          expect(item.changes.rubric).to.deep.equal(['rule']);
          expect(item.after?.score).to.equal(resultOf(b, unit.code).items.find((i) => i.code === 'G10.1')?.score);
        }
      }
      expectStandingsFromResults(diff, a, b);
    });
  });

  describe('When the rubric rounds item scores another way (half-up → down)', () => {
    it("Then each checkpoint whose points changed (兰州市's G13.2 1.19 → 1.18 among them) names the rubric-wide rounding as its cause", () => {
      const b = seedBundle({ rubric: (r) => (r.rounding = 'down') });
      const diff = diffBundles(a, b);
      expect(diff.rubric).to.deep.equal({ wide: ['rounding'], items: [] });
      const changed = diff.units.flatMap((u) => u.items);
      expect(changed.length).to.be.greaterThan(0);
      for (const item of changed) expect(item).to.deep.include({ causes: ['rubric'], changes: { evidence: [], review: [], rubric: ['rounding'] } });
      expect(unitDiff(diff, '620100').items.find((i) => i.code === 'G13.2')).to.deep.include({
        before: { score: 1.19, status: 'scored' },
        after: { score: 1.18, status: 'scored' },
      });
      expectStandingsFromResults(diff, a, b);
    });
  });

  describe("When both bundles come from the service and the examiners verified a unit-filled value (兰州市's G10.1 coverage: submitted 99.6, verified 99)", () => {
    let diff: BundleDiff;
    before(() => {
      const original = serviceBundle(a);
      const verified = seedBundle({ evidence: { '620100': (e) => (e.items['G10.1'].values.supervisionCoverage = 99) } });
      const stored = new Map(
        original.units.map((u) => [u.code, { submitted: JSON.parse(u.submission?.items ?? '{}'), review: JSON.parse(u.review?.items ?? '{}') }]),
      );
      diff = diffBundles(
        original,
        serviceBundle(verified, (u) => {
          const records = stored.get(u.code) ?? { submitted: {}, review: {} };
          return u.code === '620100' ? { ...records, review: { ...records.review, 'G10.1': { values: { supervisionCoverage: 99 } } } } : records;
        }),
      );
    });

    it('Then the stored records show the change was the review, not what the unit submitted', () => {
      const [item, ...others] = unitDiff(diff, '620100').items;
      expect(others).to.deep.equal([]);
      expect(item).to.deep.include({ code: 'G10.1', before: { score: 2.3, status: 'scored' }, after: { score: 2, status: 'scored' }, causes: ['review'] });
      expect(item?.changes).to.deep.equal({ evidence: [], review: ['values.supervisionCoverage'], rubric: [] });
    });

    it('Then the same two bundles read from their evidence alone (as files bundles are) attribute it to the evidence', () => {
      const verified = seedBundle({ evidence: { '620100': (e) => (e.items['G10.1'].values.supervisionCoverage = 99) } });
      expect(unitDiff(diffBundles(a, verified), '620100').items[0]?.causes).to.deep.equal(['evidence']);
    });
  });

  describe('When a rubric-wide setting changed that no item shows (the bonus cap 3 → 1)', () => {
    it("Then the rubric names bonus.cap, and a unit whose bonus was capped shows it in its standing (兰州市's bonus 3 → 1) with no item changed", () => {
      const b = seedBundle({ rubric: (r) => (r.bonus.cap = 1) });
      const diff = diffBundles(a, b);
      expect(diff.rubric).to.deep.equal({ wide: ['bonus.cap'], items: [] });
      const lanzhou = unitDiff(diff, '620100');
      expect(lanzhou).to.deep.include({ changed: true, items: [] });
      expect([lanzhou.before?.bonus, lanzhou.after?.bonus]).to.deep.equal([resultOf(a, '620100').bonus, 1]);
      expectStandingsFromResults(diff, a, b);
    });
  });

  describe('When a unit is in only one of the bundles', () => {
    it('Then it is listed with no standing on the side it is missing from', () => {
      const { kaohe: _k, manifest, ...content } = a;
      const without = sealBundle(
        {
          ...content,
          units: content.units.filter((u) => u.code !== '623000'),
          results: { ...content.results, units: content.results.units.filter((u) => u.code !== '623000') },
        },
        { engine: manifest.engine, year: manifest.year, source: manifest.source },
      );
      const diff = diffBundles(without, a);
      expect(unitDiff(diff, '623000')).to.deep.include({ name: '甘南藏族自治州', before: null, changed: true, items: [] });
      expect(unitDiff(diff, '623000').after?.rank).to.equal(14);
      expect(diff.otherParts).to.deep.equal([]);
      expect(diffBundles(a, without).units.find((u) => u.code === '623000')?.after).to.equal(null);
    });
  });

  describe("When only evaluators' notes differ", () => {
    it('Then no unit changed, the bundles are not identical, and notes is named as the part that differs', () => {
      const { kaohe: _k, manifest, ...content } = a;
      const noted = sealBundle(
        {
          ...content,
          notes: [{ id: 'n1', year: 2015, unitCode: '620100', verdict: 'agree', reason: '复核无误', by: 'evaluator', at: '2016-03-01T00:00:00Z' }],
        },
        { engine: manifest.engine, year: manifest.year, source: manifest.source },
      );
      const diff = diffBundles(a, noted);
      expect(diff.identical).to.equal(false);
      expect(diff.units.filter((u) => u.changed)).to.deep.equal([]);
      expect(diff.otherParts).to.deep.equal(['notes']);
    });
  });

  describe('When the next year is assessed on a rubric of the same shape (gansu-2016; 嘉峪关市 G10.1 coverage 100 → 99)', () => {
    let b: BundleV1;
    let diff: BundleDiff;
    before(() => {
      const nextYear = (e: EvidenceJson) => Object.assign(e, { year: 2016, rubric: 'gansu-2016' });
      const evidence = Object.fromEntries(a.units.map((u) => [u.code, nextYear]));
      b = seedBundle({
        rubric: (r) => Object.assign(r, { id: 'gansu-2016', year: 2016 }),
        evidence: { ...evidence, '620200': (e) => (nextYear(e).items['G10.1'].values.supervisionCoverage = 99) },
      });
      diff = diffBundles(a, b);
    });

    it('Then units and checkpoints are matched by code across the years, and the rubric differs only in its id and year', () => {
      expect(b.manifest.year).to.equal(2016);
      expect(diff.units.map((u) => u.code)).to.deep.equal(a.units.map((u) => u.code));
      expect(diff.rubric.items).to.deep.equal([]);
      expect([...diff.rubric.wide].sort()).to.deep.equal(['id', 'year']);
    });

    it("Then only 嘉峪关市's G10.1 changed, because of the evidence, and the standings are those the two years' results publish", () => {
      expect(diff.units.filter((u) => u.items.length > 0).map((u) => u.code)).to.deep.equal(['620200']);
      const [item] = unitDiff(diff, '620200').items;
      expect(item).to.deep.include({ code: 'G10.1', causes: ['evidence'] });
      expectStandingsFromResults(diff, a, b);
    });
  });
});

describe('diffBundles: a bundle whose stored records are newer than its run', () => {
  const coverage99 = (e: EvidenceJson) => (e.items['G10.1'].values.supervisionCoverage = 99);
  const after = serviceBundle(seedBundle({ evidence: { '620200': coverage99 } }));
  /** Run 2015-1 as exported once 嘉峪关市 had resubmitted: its evidence is the scored one, its records the new ones. */
  function olderRunExportedLater(subjectsChangedAfterRun: readonly string[]): BundleV1 {
    const scored = serviceBundle(seedBundle());
    const { kaohe: _format, manifest, ...content } = scored;
    const units = content.units.map((u) => (u.code === '620200' ? { ...u, submission: after.units.find((x) => x.code === '620200')?.submission ?? null } : u));
    const at = '2016-04-01T08:00:00.000Z';
    const entry = (seq: number, action: string, subject: string) =>
      sealEvent({ seq, at, actor: 'examiner', action, subject, year: 2015, beforeHash: '', afterHash: '', prevHash: '' });
    const audit = [entry(1, 'run.create', subjects.run('2015-1')), ...subjectsChangedAfterRun.map((s, i) => entry(i + 2, 'submission.submit', s))];
    const run = {
      runId: '2015-1',
      year: 2015,
      seq: 1,
      status: 'final' as const,
      version: 2,
      rubricHash: scored.results.rubric.hash,
      engineVersion: 'test',
      inputsHash: '',
      resultsHash: '',
      createdBy: 'examiner',
      createdAt: at,
    };
    return sealBundle({ ...content, units, run, audit }, { engine: manifest.engine, year: manifest.year, source: 'service' });
  }

  it('traces the change in the evidence the run scored when the chain shows the unit resubmitted after the run', () => {
    const before = olderRunExportedLater([subjects.submission({ year: 2015 }, '620200')]);
    const [item] = unitDiff(diffBundles(before, after), '620200').items;
    expect(item).to.deep.include({ code: 'G10.1', causes: ['evidence'] });
    expect(item?.changes.evidence).to.deep.equal(['values.supervisionCoverage']);
  });

  it('reads the stored records when nothing changed after the run (here they agree, so no input changed)', () => {
    const before = olderRunExportedLater([]);
    const [item] = unitDiff(diffBundles(before, after), '620200').items;
    expect(item).to.deep.include({ code: 'G10.1', causes: [] });
  });
});
