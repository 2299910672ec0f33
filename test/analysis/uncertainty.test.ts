import { expect } from 'chai';
import { type UncertaintyResult, analyseUncertainty, parseUncertaintySpec, UncertaintySpecError } from '../../src/analysis/index.js';
import { type Num, ratio, toNumber } from '../../src/core/exact/index.js';
import { type EvidenceDocument, type Rubric, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';

const LEVELS = ['体现充分', '不充分', '无'];

/** 10 points for the examiner's judgement (体现充分 10, 不充分 5, 无 0) and up to 90 for a measured value; the last unit is flagged. */
function threeUnitRubric(): Rubric {
  return parseRubric(
    rubricDocument({ flags: [{ code: 'last', kind: 'bottom', count: 1, label: '末位' }] }, [
      checkpoint({
        code: 'J1',
        points: 10,
        fields: [field({ key: 'judgement', label: '考核组评价', type: 'enum', values: LEVELS, min: undefined, max: undefined, filledBy: 'examiner' })],
        rule: { if: [{ '==': [{ var: 'judgement' }, '体现充分'] }, 10, { '==': [{ var: 'judgement' }, '不充分'] }, 5, 0] },
      }),
      checkpoint({ code: 'M1', points: 90, fields: [field({ key: 'value', step: 0.5 })], rule: { min: [90, { var: 'value' }] } }),
    ]),
  );
}

function unit(code: string, name: string, judgement: string, value: number): EvidenceDocument {
  return evidence({ J1: { values: { judgement } }, M1: { values: { value } } }, { unit: { code, name } });
}

// Published: 乙 88 (first), 甲 85, 丙 82 (last).
const UNITS = [unit('620100', '甲', '不充分', 80), unit('620200', '乙', '体现充分', 78), unit('620300', '丙', '无', 82)];

function analyse(spec: unknown, units = UNITS): UncertaintyResult {
  const rubric = threeUnitRubric();
  return analyseUncertainty(
    rubric,
    units.map((e) => prepareEvidence(rubric, e)),
    parseUncertaintySpec(spec),
    { engineVersion: 'test' },
  );
}

const byCode = (result: UncertaintyResult, code: string) => result.units.find((u) => u.code === code) as UncertaintyResult['units'][number];
const exactly = (n: Num | undefined) => expect(n);

describe('uncertainty of ranks (issue 13)', () => {
  describe('judgements moved to an adjacent level, enumerated exactly', () => {
    // With p = 0.2: 甲 (不充分) stays at 85 with 0.8, moves to 90 or 80 with 0.1 each;
    // 乙 (体现充分) stays at 88 with 0.8, drops to 83 with 0.2; 丙 (无) stays at 82 with 0.8,
    // rises to 87 with 0.2. No two totals can be equal, so the 12 combinations rank cleanly.
    const result = analyse({ judgement: { probability: 0.2 } });

    it('enumerates all 3 × 2 × 2 combinations', () => {
      expect(result.method).to.equal('exact');
      expect(result.scenarios).to.equal(12);
      expect(result.variations).to.equal(3);
    });

    it('gives each unit the probability of being last that a hand count gives', () => {
      // 丙 last: at 82 when 甲 is not 80 (0.8 × 0.9), at 87 when 甲 is 90 and 乙 88 (0.2 × 0.1 × 0.8).
      exactly(byCode(result, '620300').flags[0]?.probability).to.deep.equal(ratio(736, 1000));
      // 甲 last: at 80 always (0.1); at 85 when 乙 is 88 and 丙 87 (0.8 × 0.8 × 0.2).
      exactly(byCode(result, '620100').flags[0]?.probability).to.deep.equal(ratio(228, 1000));
      // 乙 last: only at 83, with 甲 above (0.9) and 丙 at 87 (0.2): 0.2 × 0.9 × 0.2.
      exactly(byCode(result, '620200').flags[0]?.probability).to.deep.equal(ratio(36, 1000));
    });

    it('gives 丙 its rank distribution, median and 5–95% interval', () => {
      const c = byCode(result, '620300');
      // First only at 87 with 甲 below 87 and 乙 at 83: 0.2 × 0.9 × 0.2.
      expect(c.rankProbabilities).to.deep.equal([ratio(36, 1000), ratio(228, 1000), ratio(736, 1000)]);
      expect(c.published.rank).to.equal(3);
      expect(c.medianRank).to.equal(3);
      expect(c.rankInterval).to.deep.equal([2, 3]);
    });

    it('gives the probability of each result: 甲 reaches A (90 points) only when its judgement rises', () => {
      expect(byCode(result, '620100').grades).to.deep.equal([
        { grade: 'A', probability: ratio(1, 10) },
        { grade: 'B', probability: ratio(9, 10) },
      ]);
    });

    it("names what drives the last unit's rank: its own judgement first, then 甲's, then 乙's", () => {
      // First-order indices of 丙's rank, by hand from the 12 combinations: Var(E[rank | judgement]) / Var(rank).
      expect(result.drivers).to.deep.equal([
        {
          code: '620300',
          drivers: [
            { unit: '620300', item: 'J1', field: 'judgement', label: '考核组评价', index: 0.57 },
            { unit: '620100', item: 'J1', field: 'judgement', label: '考核组评价', index: 0.23 },
            { unit: '620200', item: 'J1', field: 'judgement', label: '考核组评价', index: 0.02 },
          ],
        },
      ]);
    });

    it('says how often the flagged set differs from the published one', () => {
      const [last] = result.flagSets;
      expect(last?.published).to.deep.equal(['620300']);
      exactly(last?.changeProbability).to.deep.equal(ratio(264, 1000));
      expect(last?.sets.map((s) => s.units)).to.deep.equal([['620300'], ['620100'], ['620200']]);
    });
  });

  describe('seeded draws', () => {
    const spec = { judgement: { probability: 0.2 }, method: 'sample', draws: 2000, seed: 7 };

    it('gives the same figures for the same seed, and others for another seed', () => {
      expect(analyse(spec)).to.deep.equal(analyse(spec));
      expect(analyse({ ...spec, seed: 8 })).to.not.deep.equal(analyse(spec));
    });

    it('come close to the exact figures', () => {
      const last = toNumber(byCode(analyse(spec), '620300').flags[0]?.probability as Num);
      expect(Math.abs(last - 0.736)).to.be.below(0.03);
    });
  });

  describe('numeric tolerances', () => {
    it('varies a value over its step within ± the tolerance, each point equally likely', () => {
      // Each value ± 1 on its 0.5 step, five points each: 甲 84–86, 乙 87–89, 丙 82.5–84.5.
      const result = analyse({ fields: [{ item: 'M1', field: 'value', absolute: 1 }] }, [
        UNITS[0],
        UNITS[1],
        unit('620300', '丙', '无', 83.5),
      ] as EvidenceDocument[]);
      expect(result.scenarios).to.equal(5 * 5 * 5);
      // Of the 25 pairs of 甲 and 丙, 丙 is below in 22 and equal in 2 (84, 84.5): a tie at the
      // boundary flags both, so 丙 is flagged in 24 of 25 and 甲 in 3 (the ties and 甲 at 84 under 84.5).
      exactly(byCode(result, '620300').flags[0]?.probability).to.deep.equal(ratio(24, 25));
      exactly(byCode(result, '620100').flags[0]?.probability).to.deep.equal(ratio(3, 25));
      expect(byCode(result, '620200').flags).to.deep.equal([]);
    });
  });

  describe('missing evidence: scored 0, or imputed from the other units', () => {
    it("puts in the others' median for a missing number, then ranks again", () => {
      // 丁 did not answer M1 (the examiners judged J1 不充分); the others gave 80, 78 and 82: the median is 80.
      const withMissing = [...UNITS, evidence({ J1: { values: { judgement: '不充分' } } }, { unit: { code: '620400', name: '丁' } })];
      const result = analyse({ missing: 'imputed' }, withMissing);
      const ding = result.missing?.units.find((u) => u.code === '620400');
      expect(ding?.missingItems).to.deep.equal(['M1']);
      expect(ding?.values).to.deep.equal([{ item: 'M1', field: 'value', value: 80 }]);
      expect(ding?.published).to.deep.include({ rank: 4, total: 5 });
      // 80 + 5 = 85: level with 甲, behind 乙's 88.
      expect(ding?.imputed).to.deep.include({ rank: 2, total: 85 });
      expect(result.missing?.units.find((u) => u.code === '620300')?.imputed.rank).to.equal(4);
      expect(result.scenarios).to.equal(1);
    });
  });

  describe('a spec that does not fit the rubric', () => {
    const problemsOf = (spec: unknown) => {
      try {
        analyse(spec);
      } catch (error) {
        expect(error).to.be.instanceOf(UncertaintySpecError);
        return (error as UncertaintySpecError).problems.map((p) => `${p.path} ${p.message}`);
      }
      throw new Error('expected a refusal');
    };

    it('names an unknown item or field', () => {
      expect(problemsOf({ fields: [{ item: 'X9', field: 'value', absolute: 1 }] })).to.deep.equal([
        '$.fields[0].item 考核细则中没有编码为“X9”的考核要点或否决项',
      ]);
      expect(problemsOf({ fields: [{ item: 'M1', field: 'valeu', absolute: 1 }] })).to.deep.equal(['$.fields[0].field “M1”没有字段“valeu”（有：value）']);
    });

    it('refuses a judgement on a field the unit fills, and a tolerance on a choice', () => {
      expect(problemsOf({ judgement: { probability: 0.1, fields: [{ item: 'M1', field: 'value' }] } })).to.deep.equal([
        '$.judgement.fields[0].field 字段“测试字段”（value）由被考核单位填写，不是考核组的评价',
      ]);
      expect(problemsOf({ fields: [{ item: 'J1', field: 'judgement', percent: 5 }] })).to.deep.equal([
        '$.fields[0].field 字段“考核组评价”（judgement）不是数值，不能按容差或范围变化',
      ]);
    });

    it('refuses a spec without a source, a probability above one, and two tolerances at once', () => {
      expect(problemsOf({})).to.deep.equal(['$ 至少声明一种不确定性来源（judgement、fields、weights 或 missing）']);
      expect(problemsOf({ judgement: { probability: 1.5 } })).to.deep.equal(['$.judgement.probability 概率不能大于 1']);
      expect(problemsOf({ fields: [{ item: 'M1', field: 'value', absolute: 1, percent: 2 }] })).to.deep.equal([
        '$.fields[0] 每个字段应恰好给出 absolute、percent 或 range 中的一项',
      ]);
    });
  });
});
