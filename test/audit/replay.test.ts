import { expect } from 'chai';
import { type BundleV1, type ReplayProblem, type ReplayReport, replayBundle } from '../../src/audit/index.js';
import { sealEvent } from '../../src/records/index.js';
import { copy, filesBundle, resealed, serviceBundle } from './replay-fixtures.js';

/** Bundles are edited as plain JSON, the way a tamperer edits the file. */
type Json = any;

const LANZHOU = '620100';

/** What a careful tamperer does to an entry they changed: seal it again. */
const resealEntry = (entry: Json): string => sealEvent(entry).hash;

function problems(report: ReplayReport, match: Partial<ReplayProblem>): ReplayProblem[] {
  return report.problems.filter((p) => Object.entries(match).every(([k, v]) => (p as unknown as Record<string, unknown>)[k] === v));
}

function expectProblem(report: ReplayReport, match: Partial<ReplayProblem>): ReplayProblem {
  const found = problems(report, match);
  expect(
    found,
    `no problem ${JSON.stringify(match)} among:\n${report.problems.map((p) => `${p.part} ${p.kind} ${p.unitCode ?? ''} ${p.itemCode ?? ''} ${p.message}`).join('\n')}`,
  ).to.not.be.empty;
  return found[0] as ReplayProblem;
}

const unitOf = (bundle: Json, code: string) => bundle.units.find((u: Json) => u.code === code);
const resultOf = (bundle: Json, code: string) => bundle.results.units.find((u: Json) => u.code === code);
const itemOf = (bundle: Json, code: string, item: string) => resultOf(bundle, code).items.find((i: Json) => i.code === item);

/** Each tampering, as made without touching the manifest and with the manifest recomputed. */
const VARIANTS: readonly [string, (b: BundleV1) => BundleV1][] = [
  ['manifest not updated', (b) => b],
  ['manifest resealed', resealed],
];

describe('audit replay (replayBundle)', () => {
  let files: BundleV1;
  let service: BundleV1;
  before(() => {
    files = filesBundle();
    service = serviceBundle();
  });

  describe('an intact bundle replays identically', () => {
    it('from files: every hash, every score and the second evaluator agree', () => {
      const report = replayBundle(files);
      expect(report.problems).to.deep.equal([]);
      expect(report).to.deep.include({ ok: true, units: 14, checkpoints: 868, secondEvaluator: { checkpoints: 868, disagreements: 0 } });
    });

    it('from the service: the chain, the records and the merge of submissions and reviews agree too', () => {
      const report = replayBundle(service);
      expect(report.problems).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.checkpoints).to.equal(868);
    });
  });

  describe('a changed evidence value is named', () => {
    const tamper = (b: BundleV1) => {
      const t: Json = copy(b);
      unitOf(t, LANZHOU).evidence.items['G10.1'].values.supervisionCoverage = 100; // 99.6 in the seeds
      return t as BundleV1;
    };
    for (const [variant, seal] of VARIANTS) {
      it(`in a files bundle, ${variant}`, () => {
        const report = replayBundle(seal(tamper(files)));
        expect(report.ok).to.equal(false);
        expectProblem(report, { part: `units/${LANZHOU}/evidence`, kind: 'evidence-hash', unitCode: LANZHOU });
        const score = expectProblem(report, { part: 'results', kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', field: 'score' });
        expect(score).to.include({ bundleValue: '2.30', recomputedValue: '2.50' });
        expectProblem(report, { kind: 'score', unitCode: LANZHOU, field: 'total', bundleValue: '90.74', recomputedValue: '90.94' });
        expect(problems(report, { kind: 'part-hash', part: `units/${LANZHOU}/evidence` })).to.have.length(seal === resealed ? 0 : 1);
      });

      it(`in a service bundle, ${variant}: also the run's inputs hash, the run record and the merge`, () => {
        const report = replayBundle(seal(tamper(service)));
        expectProblem(report, { part: `units/${LANZHOU}/evidence`, kind: 'evidence-hash', unitCode: LANZHOU });
        expectProblem(report, { part: 'run', kind: 'run-hash' });
        expectProblem(report, { part: 'run', kind: 'record-hash' });
        expectProblem(report, { part: `units/${LANZHOU}/evidence`, kind: 'merge', unitCode: LANZHOU, itemCode: 'G10.1' });
        expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', bundleValue: '2.30', recomputedValue: '2.50' });
      });
    }

    it('even when the tamperer also rewrote every hash the results record: the recomputed scores differ', () => {
      const t: Json = tamper(files);
      const forged = replayBundle(t).problems.filter((p) => p.kind === 'evidence-hash');
      for (const p of forged) {
        if (p.unitCode) resultOf(t, p.unitCode).evidenceHash = p.recomputedValue;
        else t.results.evidenceHash = p.recomputedValue;
      }
      const report = replayBundle(resealed(t));
      expect(problems(report, { kind: 'evidence-hash' })).to.deep.equal([]);
      expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', recomputedValue: '2.50' });
      expectProblem(report, { kind: 'second-evaluator', unitCode: LANZHOU, itemCode: 'G10.1', bundleValue: '2.30', recomputedValue: '2.50' });
    });
  });

  describe('a changed result value is named', () => {
    const tamper = (b: BundleV1) => {
      const t: Json = copy(b);
      itemOf(t, LANZHOU, 'G10.1').score = 2.5; // 2.3 computed
      return t as BundleV1;
    };
    for (const [variant, seal] of VARIANTS) {
      it(`in a files bundle, ${variant}: by the recomputation and by the second evaluator, with both values`, () => {
        const report = replayBundle(seal(tamper(files)));
        const score = expectProblem(report, { part: 'results', kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', field: 'score' });
        expect(score).to.include({ bundleValue: '2.50', recomputedValue: '2.30' });
        expect(score.message).to.include('包内值 2.50，重算值 2.30');
        expectProblem(report, { kind: 'second-evaluator', unitCode: LANZHOU, itemCode: 'G10.1', bundleValue: '2.50', recomputedValue: '2.30' });
        expect(report.secondEvaluator.disagreements).to.equal(1);
        expect(problems(report, { kind: 'part-hash', part: 'results' })).to.have.length(seal === resealed ? 0 : 1);
      });

      it(`in a service bundle, ${variant}: also the run's results hash and the run record`, () => {
        const report = replayBundle(seal(tamper(service)));
        expectProblem(report, { part: 'run', kind: 'run-hash' });
        expectProblem(report, { part: 'run', kind: 'record-hash', seq: service.audit.find((e) => e.subject.startsWith('run:'))?.seq });
        expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', bundleValue: '2.50', recomputedValue: '2.30' });
      });
    }

    it('a total, grade or rank changed in the results is named with both values', () => {
      const t: Json = copy(files);
      Object.assign(resultOf(t, '621200'), { total: 59.99, grade: '不合格' }); // 陇南市: exactly 60.00, 合格
      resultOf(t, '620900').rank = 1;
      const report = replayBundle(resealed(t));
      expectProblem(report, { unitCode: '621200', field: 'total', bundleValue: '59.99', recomputedValue: '60.00' });
      expectProblem(report, { unitCode: '621200', field: 'grade', bundleValue: '不合格', recomputedValue: '合格' });
      expectProblem(report, { unitCode: '620900', field: 'rank', bundleValue: '1', recomputedValue: '2' });
    });

    it('an item or a veto repeated in a unit’s results, or a veto the rubric does not have, is named, even with the manifest resealed', () => {
      const t: Json = copy(files);
      const unit = resultOf(t, LANZHOU);
      unit.items.push(copy(itemOf(t, LANZHOU, 'G10.1')));
      unit.vetoes.push(copy(unit.vetoes[0]), { ...copy(unit.vetoes[0]), code: 'V99' });
      const report = replayBundle(resealed(t));
      expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', message: `单位 ${LANZHOU} 的结果中考核要点 G10.1 出现了不止一次` });
      expectProblem(report, {
        kind: 'score',
        unitCode: LANZHOU,
        itemCode: unit.vetoes[0].code,
        message: `单位 ${LANZHOU} 的结果中一票否决事项 ${unit.vetoes[0].code} 出现了不止一次`,
      });
      expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'V99', message: `单位 ${LANZHOU} 的结果中有考核细则没有的一票否决事项 V99` });
    });

    it('a key added to the results is named, though the schema would drop it', () => {
      const t: Json = copy(service);
      t.results.units[0].note = '已复核';
      expectProblem(replayBundle(t), { part: 'results', kind: 'part-hash' });
      expectProblem(replayBundle(resealed(t)), { part: 'run', kind: 'run-hash' });
    });
  });

  describe('a changed rubric rule is named', () => {
    const tamper = (b: BundleV1) => {
      const t: Json = copy(b);
      const g10 = t.rubric.sections.flatMap((s: Json) => s.indicators).find((i: Json) => i.code === 'G10');
      const checkpoint = g10.checkpoints.find((c: Json) => c.code === 'G10.1');
      checkpoint.rule = JSON.parse(JSON.stringify(checkpoint.rule).replace('0.5', '0.25')); // deduct 0.25 per point instead of 0.5
      return t as BundleV1;
    };
    for (const [variant, seal] of VARIANTS) {
      it(`in a files bundle, ${variant}: the rubric's hash, and every score the rule changes`, () => {
        const report = replayBundle(seal(tamper(files)));
        const hash = expectProblem(report, { part: 'rubric', kind: 'rubric-hash' });
        expect(hash.bundleValue).to.equal(files.results.rubric.hash);
        expectProblem(report, { kind: 'score', unitCode: LANZHOU, itemCode: 'G10.1', bundleValue: '2.30', recomputedValue: '2.40' });
        expect(problems(report, { kind: 'part-hash', part: 'rubric' })).to.have.length(seal === resealed ? 0 : 1);
      });

      it(`in a service bundle, ${variant}: also against the run's rubric hash`, () => {
        const report = replayBundle(seal(tamper(service)));
        expect(problems(report, { part: 'rubric', kind: 'rubric-hash' })).to.have.length(2);
      });
    }
  });

  describe('the audit chain', () => {
    const submissionEntry = (b: BundleV1) => b.audit.find((e) => e.subject === `submission:2015/${LANZHOU}`)?.seq as number;

    for (const [variant, seal] of VARIANTS) {
      it(`a removed entry is named by the seq after it, and its record no longer matches the chain (${variant})`, () => {
        const t: Json = copy(service);
        const seq = submissionEntry(service);
        t.audit = t.audit.filter((e: Json) => e.seq !== seq);
        const report = replayBundle(seal(t));
        const chain = expectProblem(report, { part: 'audit', kind: 'chain', seq: seq + 1 });
        expect(chain.message).to.include(`序号应为 ${seq}，实际为 ${seq + 1}`);
        expectProblem(report, { part: `units/${LANZHOU}/submission`, kind: 'record-hash', unitCode: LANZHOU });
        expect(problems(report, { kind: 'part-hash', part: 'audit' })).to.have.length(seal === resealed ? 0 : 1);
      });
    }

    it('a changed entry is named by its own seq; changed and resealed, by the next one', () => {
      const t: Json = copy(service);
      const entry = t.audit[4];
      entry.actor = 'someone-else';
      expectProblem(replayBundle(resealed(t)), { kind: 'chain', seq: entry.seq });
      const resealedEntry: Json = copy(service);
      const { hash: _hash, ...fields } = resealedEntry.audit[4];
      Object.assign(resealedEntry.audit[4], { actor: 'someone-else' });
      resealedEntry.audit[4].hash = resealEntry({ ...fields, actor: 'someone-else' });
      const report = replayBundle(resealed(resealedEntry));
      expect(problems(report, { kind: 'chain', seq: entry.seq })).to.deep.equal([]);
      expectProblem(report, { kind: 'chain', seq: entry.seq + 1 });
    });

    it('two entries swapped are named', () => {
      const t: Json = copy(service);
      [t.audit[2], t.audit[3]] = [t.audit[3], t.audit[2]];
      const report = replayBundle(resealed(t));
      expectProblem(report, { kind: 'chain', seq: 4 });
      expectProblem(report, { kind: 'chain', seq: 3 });
    });

    it('a stored record changed behind the service is named against the entry that last logged it', () => {
      const t: Json = copy(service);
      const submission = unitOf(t, LANZHOU).submission;
      submission.items = submission.items.replace('99.6', '100');
      const report = replayBundle(resealed(t));
      expectProblem(report, { part: `units/${LANZHOU}/submission`, kind: 'record-hash', unitCode: LANZHOU, seq: submissionEntry(service) });
      expectProblem(report, { part: `units/${LANZHOU}/evidence`, kind: 'merge', unitCode: LANZHOU, itemCode: 'G10.1' });
    });

    it('a material record changed, or left out of the bundle, is named', () => {
      const changed: Json = copy(service);
      unitOf(changed, LANZHOU).materials[0].sha256 = 'cd'.repeat(32);
      expectProblem(replayBundle(resealed(changed)), { part: `units/${LANZHOU}/materials`, kind: 'record-hash', unitCode: LANZHOU, seq: 2 });
      const left: Json = copy(service);
      unitOf(left, LANZHOU).materials = [];
      expectProblem(replayBundle(resealed(left)), { part: `units/${LANZHOU}/materials`, kind: 'record-hash', unitCode: LANZHOU, seq: 2 });
    });

    it('an auditor note left out of the bundle, or cut from the end of the chain, is named', () => {
      const left: Json = copy(service);
      left.notes = [];
      expectProblem(replayBundle(resealed(left)), { part: 'notes', kind: 'record-hash', seq: service.audit.at(-1)?.seq });
      const cut: Json = copy(service);
      cut.audit.pop();
      expectProblem(replayBundle(resealed(cut)), { part: 'notes', kind: 'record-hash' });
    });
  });

  describe('the manifest and the schema', () => {
    it('a part missing from the manifest, or listed but absent, is named', () => {
      const t: Json = copy(files);
      delete t.manifest.parts.notes;
      t.manifest.parts['units/999999/evidence'] = t.manifest.parts.rubric;
      const report = replayBundle(t);
      expectProblem(report, { part: 'notes', kind: 'part-hash' });
      expectProblem(report, { part: 'units/999999/evidence', kind: 'part-hash' });
    });

    it('a wrong field is named with its part and JSON path', () => {
      const t: Json = copy(files);
      resultOf(t, LANZHOU).total = '90.74';
      unitOf(t, '620200').evidence.items['G10.1'].values = 'x';
      const report = replayBundle(t);
      expect(report.ok).to.equal(false);
      const results = expectProblem(report, { part: 'results', kind: 'schema' });
      expect(results.message).to.match(/\$\.results\.units\[\d+\]\.total/);
      expectProblem(report, { part: 'units/620200/evidence', kind: 'schema', unitCode: '620200' });
    });

    it('a result item’s trace event that is not one is named by its path alone, as any wrong field, with the manifest updated or not', () => {
      const t: Json = copy(service);
      itemOf(t, LANZHOU, 'G10.1').trace[0].kind = 'guess';
      for (const bundle of [t, resealed(t)]) {
        const report = replayBundle(bundle);
        expect(report.ok).to.equal(false);
        expect(report.problems.map((p) => p.kind)).to.deep.equal(['schema']);
        expect(report.problems[0]?.message).to.match(/\$\.results\.units\[\d+\]\.items\[\d+\]\.trace\[0\]\.kind/);
      }
    });

    it('something that is not a bundle is refused, not half-read', () => {
      for (const raw of [null, [], 'bundle', { kaohe: 'results/v1' }]) {
        const report = replayBundle(raw);
        expect(report.ok).to.equal(false);
        expect(report.problems.every((p) => p.kind === 'schema')).to.equal(true);
      }
    });
  });
});
