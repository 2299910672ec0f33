import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseRubric } from '../../src/core/index.js';
import { mergeEvidence, splitEvidence } from '../../src/records/index.js';
import { rubricFromSpec } from '../support/factories.js';
import { seedEvidence, seedRubric } from '../support/cli.js';
import { seedEvidenceFiles } from '../support/seeds.js';

const rubric = parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
const LANZHOU = { code: '620100', name: '兰州市' };

describe('evidence merge: a unit’s submission and the examiner’s review as one evidence document', () => {
  it('splitting each demo evidence file and merging the halves gives the file back (adjustments signed by the reviewer)', () => {
    for (const file of seedEvidenceFiles()) {
      const { $schema: _schema, ...seed } = JSON.parse(readFileSync(seedEvidence(file.replace('.json', '')), 'utf8'));
      const { submitted, review } = splitEvidence(rubric, seed.items);
      const merged = mergeEvidence(rubric, seed.unit, { items: submitted, selfTotal: seed.selfTotal }, { items: review, by: '省考核组' });
      expect(merged, file).to.deep.equal(seed);
    }
  });

  it('the split keeps examiner-only data out of the unit’s part', () => {
    const { submitted, review } = splitEvidence(rubric, {
      'G08.1': { values: { emergingJudgement: '不充分' }, selfScore: 1.5 },
      'G24.2': {
        values: { selfAssessmentFiled: true, discretionaryDeduction: 1 },
        finding: '缺佐证',
        adjustment: { score: 2, justification: '理由', by: 'x' },
      },
    });
    expect(submitted).to.deep.equal({ 'G08.1': { selfScore: 1.5 }, 'G24.2': { values: { selfAssessmentFiled: true } } });
    expect(review).to.deep.equal({
      'G08.1': { values: { emergingJudgement: '不充分' } },
      'G24.2': { values: { discretionaryDeduction: 1 }, finding: '缺佐证', adjustment: { score: 2, justification: '理由' } },
    });
  });

  it('verified values replace the submitted ones field by field; the rest of the item stays the unit’s', () => {
    const merged = mergeEvidence(
      rubric,
      LANZHOU,
      { items: { 'G04.1': { values: { antiCounterfeitCampaign: true, caseClosureRate: 89.5 }, selfScore: 1.5, note: '说明' } } },
      { items: { 'G04.1': { values: { caseClosureRate: 85 }, finding: '核查' } }, by: 'examiner' },
    );
    expect(merged.items?.['G04.1']).to.deep.equal({
      values: { antiCounterfeitCampaign: true, caseClosureRate: 85 },
      selfScore: 1.5,
      note: '说明',
      finding: '核查',
    });
  });

  it('a city’s submission cannot set examiner-filled fields, findings or adjustments', () => {
    const merged = mergeEvidence(
      rubric,
      LANZHOU,
      {
        items: {
          GV1: { values: { systemicIncident: false } },
          'G01.1': { values: { approvalReview: true }, finding: '自己写的', adjustment: { score: 1.5, justification: '自己调的' } },
        },
      },
      null,
    );
    expect(merged.items).to.deep.equal({ GV1: { values: {} }, 'G01.1': { values: { approvalReview: true } } });
  });

  it('values the examiner records for a checkpoint declared 不涉及 make it applicable', () => {
    const merged = mergeEvidence(
      rubric,
      LANZHOU,
      { items: { 'G08.2': { notApplicable: true, selfScore: 1.5 } } },
      { items: { 'G08.2': { values: { ecommerceCityWork: false, ecommerceQualityModel: false } } }, by: 'examiner' },
    );
    expect(merged.items?.['G08.2']).to.deep.equal({ values: { ecommerceCityWork: false, ecommerceQualityModel: false }, selfScore: 1.5 });
  });

  it('a unit that did not submit: the examiner’s own record applies, verified unit values have nothing to correct', () => {
    const merged = mergeEvidence(rubric, LANZHOU, null, {
      items: { GV1: { values: { systemicIncident: true } }, 'G01.1': { values: { approvalReview: true }, finding: '未提交' } },
      by: 'examiner',
    });
    expect(merged).to.deep.equal({
      kaohe: 'evidence/v1',
      rubric: 'gansu-2015',
      year: 2015,
      unit: LANZHOU,
      items: { 'G01.1': { finding: '未提交' }, GV1: { values: { systemicIncident: true } } },
    });
  });

  it('items come in the rubric’s order whatever order they were stored in', () => {
    const merged = mergeEvidence(
      rubric,
      LANZHOU,
      { items: { GB1: {}, 'G02.1': {}, 'G01.1': {} } },
      { items: { GV1: { finding: 'x' }, GD1: { finding: 'y' } }, by: 'e' },
    );
    expect(Object.keys(merged.items ?? {})).to.deep.equal(['G01.1', 'G02.1', 'GB1', 'GD1', 'GV1']);
  });

  it('a __proto__ key in stored text is ignored, never assigned', () => {
    const items = JSON.parse('{"__proto__": {"finding": "x"}, "G01.1": {"values": {"__proto__": 1, "approvalReview": true}}}');
    const merged = mergeEvidence(rubric, LANZHOU, { items }, null);
    expect(merged.items).to.deep.equal({ 'G01.1': { values: { approvalReview: true } } });
    expect(Object.getPrototypeOf(merged.items?.['G01.1']?.values)).to.equal(Object.prototype);
  });

  describe('a conditional field (requiredWhen) under verification', () => {
    const conditional = parseRubric(
      rubricFromSpec({
        checkpoints: [
          {
            points: 5,
            fields: [
              { key: 'adjusted', label: '已按省考核办法调整', type: 'boolean', filledBy: 'unit' },
              { key: 'gaps', label: '未调整的方面数', type: 'integer', min: 0, max: 5, filledBy: 'unit', requiredWhen: { adjusted: false } },
            ],
            rule: { if: [{ var: 'adjusted' }, 5, { max: [0, { '-': [5, { var: 'gaps' }] }] }] },
          },
        ],
      }),
    );
    const submitted = { items: { C1: { values: { adjusted: false, gaps: 2 } } } };

    it('when the examiners verify that the framework was adjusted, the unit’s count of gaps no longer counts', () => {
      const merged = mergeEvidence(conditional, LANZHOU, submitted, { items: { C1: { values: { adjusted: true } } }, by: '省考核组' });
      expect(merged.items?.C1?.values).to.deep.equal({ adjusted: true });
    });

    it('when the examiners verify the count itself, their value stands', () => {
      const merged = mergeEvidence(conditional, LANZHOU, submitted, { items: { C1: { values: { gaps: 3 } } }, by: '省考核组' });
      expect(merged.items?.C1?.values).to.deep.equal({ adjusted: false, gaps: 3 });
    });
  });
});
