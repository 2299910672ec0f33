import { expect } from 'chai';
import { type EvidenceDocument, KaoheError, assess, buildResults, parseEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubric, unitEvidence } from '../support/factories.js';

type Json = Record<string, unknown>;

/** One checkpoint with a field of every type, one that allows 不涉及 and one that does not. */
const r = rubric({}, [
  checkpoint({
    code: 'C1',
    title: '质量监督抽查',
    points: 10,
    fields: [
      field({ key: 'rate', label: '监督抽查覆盖率', unit: '%' }),
      field({ key: 'count', label: '专项整治项数', type: 'integer', max: 50 }),
      field({ key: 'deduction', label: '考核组酌情扣分', min: 0.5, max: 3.5, step: 0.5, required: false, filledBy: 'examiner' }),
      field({ key: 'level', label: '纳入规划情况', type: 'enum', values: ['地区规划', '部门规划', '未纳入'], min: undefined, max: undefined }),
      field({ key: 'done', label: '是否制定方案', type: 'boolean', min: undefined, max: undefined }),
      field({ key: 'lists', label: '已建立的清单', type: 'set', values: ['权力清单', '责任清单'], default: [], min: undefined, max: undefined }),
    ],
    rule: { min: [10, { '-': [{ '*': [0.1, { var: 'rate' }] }, { var: ['deduction', 0] }] }] },
  }),
  checkpoint({ code: 'C2', title: '地方标准制修订', points: 5, notApplicable: { score: 'full' }, rule: { min: [5, { var: 'value' }] } }),
  checkpoint({ code: 'C3', title: '计量标准建设', points: 5, rule: { min: [5, { var: 'value' }] } }),
]);

const GOOD: Json = { rate: 95, count: 3, level: '地区规划', done: true };

function unit(c1: Json = {}, items: Json = {}, overrides: Partial<EvidenceDocument> = {}): EvidenceDocument {
  return evidence({ C1: { values: { ...GOOD, ...c1 } }, C2: { values: { value: 5 } }, C3: { values: { value: 5 } }, ...items } as never, overrides);
}

function results(...units: EvidenceDocument[]) {
  return buildResults(r, assess(r, units, { engineVersion: 'test' }), units);
}

/** The refusal as a user sees it: every problem's code and path. */
function refusal(run: () => unknown): { code: string; path: string }[] {
  try {
    run();
  } catch (e) {
    if (e instanceof KaoheError) return e.problems.map(({ code, path }) => ({ code, path }));
    throw e;
  }
  throw new Error('expected the evidence to be refused');
}

describe('evidence: values that are refused, each at its JSON path', () => {
  for (const [story, values, code, path] of [
    ['a rate given as the text "95%"', { rate: '95%' }, 'evidence_type', '$.items.C1.values.rate'],
    ['a count of 2.5 where a whole number is due', { count: 2.5 }, 'evidence_type', '$.items.C1.values.count'],
    ['"是" where true or false is due', { done: '是' }, 'evidence_type', '$.items.C1.values.done'],
    ['a list of numbers where names are due', { lists: [1] }, 'evidence_type', '$.items.C1.values.lists'],
    ['a rate of 100.01%, above the maximum', { rate: 100.01 }, 'evidence_out_of_range', '$.items.C1.values.rate'],
    ['a rate of −0.01%, below the minimum', { rate: -0.01 }, 'evidence_out_of_range', '$.items.C1.values.rate'],
    ['a discretionary deduction of 1.2, off the 0.5 step', { deduction: 1.2 }, 'evidence_out_of_range', '$.items.C1.values.deduction'],
    ['a discretionary deduction of 4, outside 0.5–3.5', { deduction: 4 }, 'evidence_out_of_range', '$.items.C1.values.deduction'],
    ['a level the rubric does not list', { level: '省级规划' }, 'evidence_not_allowed', '$.items.C1.values.level'],
    ['a list the rubric does not name', { lists: ['负面清单'] }, 'evidence_not_allowed', '$.items.C1.values.lists'],
    ['a field the checkpoint does not have', { speed: 1 }, 'evidence_unknown_field', '$.items.C1.values.speed'],
  ] as const) {
    it(`when a unit gives ${story}, the evidence is refused with ${code}`, () => {
      expect(refusal(() => results(unit(values)))).to.deep.equal([{ code, path }]);
    });
  }

  it('when a unit gives evidence for an item the rubric does not have, it is refused at that item', () => {
    expect(refusal(() => results(unit({}, { C9: { values: { value: 1 } } })))).to.deep.equal([{ code: 'evidence_unknown_item', path: '$.items.C9' }]);
  });

  it('when a unit declares 不涉及 where the rubric does not allow it, the declaration is refused', () => {
    expect(refusal(() => results(unit({}, { C3: { values: {}, notApplicable: true } })))).to.deep.equal([
      { code: 'evidence_not_allowed', path: '$.items.C3.notApplicable' },
    ]);
  });

  it('when several values are wrong, every one is listed, not only the first', () => {
    expect(refusal(() => results(unit({ rate: 101, level: '省级规划' }, { C9: { values: {} } })))).to.deep.equal([
      { code: 'evidence_unknown_item', path: '$.items.C9' },
      { code: 'evidence_out_of_range', path: '$.items.C1.values.rate' },
      { code: 'evidence_not_allowed', path: '$.items.C1.values.level' },
    ]);
  });

  it("the error's message names the field in Chinese and its path", () => {
    let message = '';
    try {
      results(unit({ rate: 101 }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain('$.items.C1.values.rate').and.contain('监督抽查覆盖率').and.contain('101');
  });
});

describe('evidence: self-scores and examiner adjustments', () => {
  const c1 = (extra: Json) => ({ C1: { values: GOOD, ...extra } });

  it('when a self-score is above the checkpoint’s cap, it is refused', () => {
    expect(refusal(() => results(unit({}, c1({ selfScore: 10.5 }))))).to.deep.equal([{ code: 'evidence_out_of_range', path: '$.items.C1.selfScore' }]);
  });

  it("when a self-score has more decimals than the rubric's precision, it is refused", () => {
    expect(refusal(() => results(unit({}, c1({ selfScore: 9.995 }))))).to.deep.equal([{ code: 'evidence_out_of_range', path: '$.items.C1.selfScore' }]);
  });

  it('when an adjustment is above the cap, it is refused', () => {
    expect(refusal(() => results(unit({}, c1({ adjustment: { score: 10.5, justification: '现场核实' } }))))).to.deep.equal([
      { code: 'adjustment_invalid', path: '$.items.C1.adjustment.score' },
    ]);
  });

  it("when an adjustment has more decimals than the rubric's precision, it is refused", () => {
    expect(refusal(() => results(unit({}, c1({ adjustment: { score: 7.125, justification: '现场核实' } }))))).to.deep.equal([
      { code: 'adjustment_invalid', path: '$.items.C1.adjustment.score' },
    ]);
  });

  it('when an evidence file holds a negative adjustment, or one without a justification, it is refused as it is read', () => {
    expect(refusal(() => parseEvidence(unit({}, c1({ adjustment: { score: -1, justification: '现场核实' } }))))).to.deep.equal([
      { code: 'schema_invalid', path: '$.items.C1.adjustment.score' },
    ]);
    expect(refusal(() => parseEvidence(unit({}, c1({ adjustment: { score: 5 } }))))).to.deep.equal([
      { code: 'schema_invalid', path: '$.items.C1.adjustment.justification' },
    ]);
  });

  it('when the examiner adjusts a score within [0, cap], it replaces the computed score, which is kept beside it', () => {
    const u = results(unit({}, c1({ adjustment: { score: 7.5, justification: '现场核查发现部分抽查记录不实', by: '省考核组' } }))).units[0];
    const item = u?.items.find((i) => i.code === 'C1');
    expect([item?.score, item?.computed, item?.adjustment]).to.deep.equal([
      7.5,
      9.5,
      { score: 7.5, justification: '现场核查发现部分抽查记录不实', by: '省考核组' },
    ]);
    expect(u?.total).to.equal(17.5);
  });

  it('when a unit self-scores, the self-score is shown beside the verified score and never counts', () => {
    const u = results(unit({}, c1({ selfScore: 10 }), { selfTotal: 20 })).units[0];
    expect([u?.items.find((i) => i.code === 'C1')?.selfScore, u?.items.find((i) => i.code === 'C1')?.score]).to.deep.equal([10, 9.5]);
    expect([u?.selfTotal, u?.total]).to.deep.equal([20, 19.5]);
  });
});

describe('evidence: the document as a whole', () => {
  it('when evidence answers another rubric, it is refused at $.rubric', () => {
    expect(refusal(() => results(unit({}, {}, { rubric: 'gansu-2015' })))).to.deep.equal([{ code: 'evidence_mismatch', path: '$.rubric' }]);
  });

  it('when evidence is for another year, it is refused at $.year', () => {
    expect(refusal(() => results(unit({}, {}, { year: 2016 })))).to.deep.equal([{ code: 'evidence_mismatch', path: '$.year' }]);
  });

  it('when the assessment is run for another year than the rubric’s, it is refused', () => {
    expect(refusal(() => assess(r, [unit()], { engineVersion: 'test', year: 2016 }))).to.deep.equal([{ code: 'evidence_mismatch', path: '$.year' }]);
  });

  it('when two documents are for the same unit, the assessment is refused', () => {
    expect(refusal(() => results(unit(), unit()))).to.deep.equal([{ code: 'evidence_duplicate_unit', path: '$.unit.code' }]);
  });

  it('when the unit code is not a 6-digit administrative code, the file is refused as it is read', () => {
    expect(refusal(() => parseEvidence(unitEvidence(['62010', '兰州市'])))).to.deep.equal([{ code: 'schema_invalid', path: '$.unit.code' }]);
  });

  it('when the document carries a key the format does not know, it is refused as it is read', () => {
    expect(refusal(() => parseEvidence({ ...unit(), score: 100 }))).to.deep.equal([{ code: 'schema_invalid', path: '$' }]);
  });
});

describe('evidence: missing values are not an error', () => {
  it('when a unit misses a required value, the checkpoint scores 0 and is flagged missing with that field, and the run goes on', () => {
    const { rate: _, ...withoutRate } = GOOD;
    const u = results(evidence({ C1: { values: withoutRate }, C2: { values: { value: 5 } }, C3: { values: { value: 5 } } } as never)).units[0];
    const item = u?.items.find((i) => i.code === 'C1');
    expect([item?.score, item?.status, item?.missing, item?.missingFields]).to.deep.equal([0, 'missing', true, ['rate']]);
    expect([u?.total, u?.missingItems]).to.deep.equal([10, ['C1']]);
  });

  it('when a unit gives no evidence for a checkpoint at all, every required field is listed', () => {
    const u = results(evidence({ C2: { values: { value: 5 } }, C3: { values: { value: 5 } } })).units[0];
    expect(u?.items.find((i) => i.code === 'C1')?.missingFields).to.deep.equal(['rate', 'count', 'level', 'done']);
  });

  it('when only optional fields and fields with defaults are absent, the checkpoint is scored', () => {
    const u = results(unit()).units[0];
    expect([u?.items.find((i) => i.code === 'C1')?.status, u?.items.find((i) => i.code === 'C1')?.score, u?.missingItems]).to.deep.equal(['scored', 9.5, []]);
  });

  it('when a unit declares 不涉及 where it is allowed, the checkpoint scores what the rubric says and is not missing', () => {
    const u = results(unit({}, { C2: { values: {}, notApplicable: true } })).units[0];
    const item = u?.items.find((i) => i.code === 'C2');
    expect([item?.score, item?.status, item?.missing]).to.deep.equal([5, 'not_applicable', false]);
  });
});
