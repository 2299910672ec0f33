import { expect } from 'chai';
import { type UncertaintySpec, parseUncertaintySpec, resolveVariations } from '../../src/analysis/index.js';
import { resolveWeightVariations, scenarioFactors } from '../../src/analysis/uncertainty/weight-variations.js';
import { withValues } from '../../src/analysis/evidence-values.js';
import { seededDraws } from '../../src/analysis/uncertainty/scenarios.js';
import { variantScoring } from '../../src/analysis/uncertainty/variant-scoring.js';
import { type AssessmentResult, type EvidenceDocument, assessPrepared, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';

const LEVELS = ['体现充分', '不充分', '无'];
const examinerEnum = (key: string) => field({ key, label: '考核组评价', type: 'enum', values: LEVELS, min: undefined, max: undefined, filledBy: 'examiner' });

/**
 * J1 a judgement; M1 a measured value on a 0.5 step; K1 a judgement that decides whether a
 * count is asked (体现充分 or 不充分 ask it: a unit judged 无 without a count goes missing
 * when moved to 不充分); a veto found by the examiners. The last unit is flagged.
 */
const RUBRIC = parseRubric(
  rubricDocument(
    {
      flags: [{ code: 'last', kind: 'bottom', count: 1, label: '末位' }],
      vetoes: [
        {
          code: 'V1',
          title: '发生系统性质量安全事件',
          method: '发生的，考核等级直接定为D级。',
          fields: [field({ key: 'incident', label: '是否发生', type: 'boolean', min: undefined, max: undefined, filledBy: 'examiner', default: false })],
          rule: { var: 'incident' },
        },
      ],
    },
    [
      checkpoint({
        code: 'J1',
        points: 10,
        fields: [examinerEnum('judgement')],
        rule: { if: [{ '==': [{ var: 'judgement' }, '体现充分'] }, 10, { '==': [{ var: 'judgement' }, '不充分'] }, 5, 0] },
      }),
      checkpoint({ code: 'M1', points: 80, fields: [field({ key: 'value', step: 0.5 })], rule: { min: [80, { var: 'value' }] } }),
      checkpoint({
        code: 'K1',
        points: 10,
        fields: [
          examinerEnum('level'),
          field({ key: 'count', label: '典型案例数', type: 'integer', min: 0, max: 20, requiredWhen: { level: ['体现充分', '不充分'] } }),
        ],
        rule: {
          if: [{ '==': [{ var: 'level' }, '无'] }, 2, { '==': [{ var: 'level' }, '不充分'] }, { min: [5, { var: 'count' }] }, { min: [10, { var: 'count' }] }],
        },
      }),
    ],
  ),
);

function unit(code: string, judgement: string, value: number, k1: Record<string, unknown>, extra: EvidenceDocument['items'] = {}): EvidenceDocument {
  return evidence({ J1: { values: { judgement } }, M1: { values: { value } }, K1: { values: k1 as never }, ...extra }, { unit: { code, name: code } });
}

// Close totals, so that ties come and go: 79.5–81.5 on M1, 0–10 on J1, 0–10 on K1.
const UNITS = [
  unit('620100', '不充分', 75, { level: '无' }),
  unit('620200', '体现充分', 72, { level: '体现充分', count: 4 }),
  unit('620300', '无', 78.5, { level: '体现充分', count: 7 }),
  unit('620400', '不充分', 76, { level: '无' }, { V1: { values: { incident: false } } }),
  // An examiner's adjustment stands whatever the value: M1 counts 70.
  unit('620500', '体现充分', 74, { level: '体现充分', count: 6 }, { M1: { values: { value: 74 }, adjustment: { score: 70, justification: '抽查复核' } } }),
];

const SPEC = parseUncertaintySpec({
  method: 'sample',
  draws: 400,
  seed: 13,
  judgement: {
    probability: 0.3,
    fields: [
      { item: 'J1', field: 'judgement' },
      { item: 'K1', field: 'level' },
      { item: 'V1', field: 'incident' },
    ],
  },
  fields: [{ item: 'M1', field: 'value', absolute: 1 }],
});

/** Everything a scenario's assessment says of each unit, in ranked order. */
function figures(result: AssessmentResult) {
  return result.units.map((r) => ({
    code: r.result.unit.code,
    rank: r.rank,
    tiedWith: r.tiedWith,
    flags: r.flags.map((f) => f.code),
    steps: [...r.result.steps],
    computedSteps: [...r.result.computedSteps],
    sections: r.result.sections,
    total: r.result.total,
    scoreGrade: r.result.scoreGrade,
    grade: r.result.grade,
    vetoed: r.result.vetoed,
    vetoTriggered: r.result.vetoTriggered,
  }));
}

/**
 * Draw by draw, variantScoring() against assessing each unit's document with the chosen
 * values afresh (with the draw's factors of points when weights vary); what the draws met.
 */
function compareDraws(spec: UncertaintySpec) {
  const options = { engineVersion: 'test' };
  const prepared = UNITS.map((e) => prepareEvidence(RUBRIC, e));
  const published = assessPrepared(RUBRIC, prepared, options);
  const variations = resolveVariations(RUBRIC, UNITS, spec);
  const weights = resolveWeightVariations(RUBRIC, spec);
  const factorsOf = scenarioFactors(RUBRIC, weights, variations.length);
  const rescored = variantScoring(RUBRIC, prepared, published, variations, options);
  expect(rescored).to.not.equal(null);
  const seen = { ties: 0, missing: 0, vetoed: 0, rescored: 0 };
  for (const { choices } of seededDraws([...variations, ...weights], spec.draws, spec.seed)) {
    const factors = factorsOf?.(choices) ?? null;
    // Afresh: each unit's document with the chosen values, read and assessed from scratch.
    const documents = UNITS.map((document, u) =>
      withValues(
        document,
        variations.flatMap((v, i) => {
          const value = v.outcomes[choices[i] as number]?.value;
          return v.unit === u && value !== v.submitted ? [{ item: v.item, field: v.field, value: value as number | string | boolean }] : [];
        }),
      ),
    );
    const fresh = assessPrepared(
      RUBRIC,
      documents.map((e) => prepareEvidence(RUBRIC, e)),
      options,
      factors,
    );
    const fast = (rescored as NonNullable<typeof rescored>)(choices, factors);
    expect(figures(fast)).to.deep.equal(figures(fresh));
    // A rescored unit's evidence, made only when read, is the variant's (a unit whose scores did not move keeps the submitted).
    for (const [k, r] of fast.units.entries()) {
      if (prepared.includes(r.result.inputs)) continue;
      seen.rescored++;
      const expected = fresh.units[k]?.result.inputs;
      expect([r.result.inputs.values, r.result.inputs.states]).to.deep.equal([expected?.values, expected?.states]);
    }
    if (fresh.units.some((r) => r.tiedWith.length > 0)) seen.ties++;
    if (fresh.units.some((r) => r.result.inputs.states.includes('missing'))) seen.missing++;
    if (fresh.units.some((r) => r.result.vetoed)) seen.vetoed++;
  }
  return seen;
}

describe('scoring a scenario by what it changes (uncertainty)', () => {
  it('gives, draw by draw, what assessing the changed evidence afresh gives: tolerances, ties, a conditional field, a veto, an adjustment', () => {
    const seen = compareDraws(SPEC);
    // The draws reach every case this is about.
    expect(seen.ties).to.be.above(10);
    expect(seen.missing).to.be.above(10);
    expect(seen.vetoed).to.be.above(10);
    expect(seen.rescored).to.be.above(100);
  });

  it('gives the same with the points of every checkpoint varied too', () => {
    const seen = compareDraws(parseUncertaintySpec({ ...SPEC, weights: { points: { percent: 20 } } }));
    expect(seen.ties).to.be.above(5);
    expect(seen.rescored).to.be.above(100);
  });

  it('declines a rubric whose rules read across units: one unit changed moves every unit', () => {
    const rubric = parseRubric(
      rubricDocument({}, [checkpoint({ code: 'P1', points: 10, rule: { min: [10, { '/': [{ var: 'value' }, { population: ['value', 'mean'] }] }] } })]),
    );
    const docs = [evidence({ P1: { values: { value: 5 } } }), evidence({ P1: { values: { value: 7 } } }, { unit: { code: '620200', name: '嘉峪关市' } })];
    const prepared = docs.map((e) => prepareEvidence(rubric, e));
    const spec = parseUncertaintySpec({ fields: [{ item: 'P1', field: 'value', absolute: 1 }] });
    const published = assessPrepared(rubric, prepared, { engineVersion: 'test' });
    expect(variantScoring(rubric, prepared, published, resolveVariations(rubric, docs, spec), { engineVersion: 'test' })).to.equal(null);
  });
});
