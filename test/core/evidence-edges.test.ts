import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { KaoheError, assess, buildResults, contentHash, lintRubric, parseEvidence, parseRubric } from '../../src/core/index.js';
import { checkpoint, directCheckpoint, evidence, field, rubric, rubricDocument } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

function refusal(run: () => unknown): { code: string; path: string } | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof KaoheError) return { code: error.code, path: error.path };
    throw error;
  }
}

describe('evidence at the edges', () => {
  it('when an examiner adjusts a score below zero, the evidence is refused (not scored −1)', () => {
    const r = rubric({}, [directCheckpoint({ points: 10 })]);
    const e = evidence({ C1: { values: { value: 5 }, adjustment: { score: -1, justification: '现场核实' } } });
    expect(refusal(() => assess(r, [e], { engineVersion: 'test' }))).to.deep.equal({ code: 'adjustment_invalid', path: '$.items.C1.adjustment.score' });
  });

  it('when a unit self-scores below zero, the evidence is refused', () => {
    const r = rubric({}, [directCheckpoint({ points: 10 })]);
    const e = evidence({ C1: { values: { value: 5 }, selfScore: -1 } });
    expect(refusal(() => assess(r, [e], { engineVersion: 'test' }))).to.deep.equal({ code: 'evidence_out_of_range', path: '$.items.C1.selfScore' });
  });

  it('when a checkpoint is coded like a JavaScript built-in ("toString") and left unanswered, it is simply missing', () => {
    const r = rubric({}, [checkpoint({ code: 'toString' })]);
    const e = parseEvidence(evidence({}));
    const item = buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0]?.items[0];
    expect([item?.score, item?.status]).to.deep.equal([0, 'missing']);
  });

  it('when a field is keyed like a JavaScript built-in ("valueOf") and left out, the checkpoint is missing, not refused', () => {
    const r = rubric({}, [checkpoint({ fields: [field({ key: 'valueOf' })], rule: { min: [10, { var: 'valueOf' }] } })]);
    const e = parseEvidence(evidence({ C1: { values: {} } }));
    const item = buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0]?.items[0];
    expect([item?.score, item?.status, item?.missingFields]).to.deep.equal([0, 'missing', ['valueOf']]);
  });

  it('when a checkpoint only the examiner fills has no entry, its defaults stand (nothing was found against the unit)', () => {
    const onlyExaminer = checkpoint({
      points: 5,
      fields: [field({ key: 'deduction', min: 0.5, max: 3.5, step: 0.5, required: false, filledBy: 'examiner' })],
      rule: { '-': [5, { var: ['deduction', 0] }] },
    });
    const r = rubric({}, [onlyExaminer]);
    const e = parseEvidence(evidence({}));
    const item = buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0]?.items[0];
    expect([item?.score, item?.status]).to.deep.equal([5, 'scored']);
  });

  it("each unit's evidenceHash in results.json is the hash of its evidence file's JSON as submitted", () => {
    const dir = fromRoot('seeds', 'evidence', '2015');
    const raw = readdirSync(dir).map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as unknown);
    const r = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8')));
    const docs = raw.map((json) => parseEvidence(json));
    const results = buildResults(r, assess(r, docs, { engineVersion: 'test' }), docs);
    for (const json of raw) {
      const code = (json as { unit: { code: string } }).unit.code;
      expect(results.units.find((u) => u.code === code)?.evidenceHash, code).to.equal(contentHash(json));
    }
  });
});

describe('vetoes and rules at the edges', () => {
  it('when two vetoes with different results are triggered, the harsher result stands', () => {
    const doc = rubricDocument({
      vetoes: [
        {
          code: 'V1',
          title: '较轻的否决事项',
          method: '发生即定为C级',
          fields: [field({ key: 'x', type: 'boolean', min: undefined, max: undefined, default: false })],
          rule: { var: 'x' },
          result: 'C',
        },
        {
          code: 'V2',
          title: '较重的否决事项',
          method: '发生即定为D级',
          fields: [field({ key: 'y', type: 'boolean', min: undefined, max: undefined, default: false })],
          rule: { var: 'y' },
          result: 'D',
        },
      ],
    });
    const r = parseRubric(doc);
    const e = evidence({ C1: { values: { value: 10 } }, V1: { values: { x: true } }, V2: { values: { y: true } } });
    expect(buildResults(r, assess(r, [e], { engineVersion: 'test' }), [e]).units[0]?.grade).to.equal('D');
  });

  it('when a deduction rule gives "-" more than two arguments (json-logic-js would ignore the rest), lint refuses it', () => {
    const doc = rubricDocument({}, [checkpoint({ points: 1, rule: { max: [0, { '-': [1, 0.1, 0.1, 0.1] }] } })]);
    const found = lintRubric(doc).problems.find((p) => p.code === 'logic_arity');
    expect(found?.path).to.equal('$.sections[0].indicators[0].checkpoints[0].rule.max[1]["-"]');
  });
});
