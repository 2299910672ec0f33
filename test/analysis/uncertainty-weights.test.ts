import { expect } from 'chai';
import { type UncertaintyResult, analyseUncertainty, parseUncertaintySpec } from '../../src/analysis/index.js';
import { ratio } from '../../src/core/exact/index.js';
import { type EvidenceDocument, type Rubric, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';

const J1 = checkpoint({ code: 'J1', points: 10, fields: [field({ key: 'value', max: 10 })], rule: { var: 'value' } });
const M1 = checkpoint({ code: 'M1', points: 90, fields: [field({ key: 'value', step: 0.5 })], rule: { min: [90, { var: 'value' }] } });
const LAST = { flags: [{ code: 'last', kind: 'bottom', count: 1, label: '末位' }] };

/** J1 (10 points) and M1 (90) in one section. */
const oneSection = () => parseRubric(rubricDocument(LAST, [J1, M1]));
/** The same two checkpoints, each a section of its own. */
const twoSections = () =>
  parseRubric(
    rubricDocument({
      ...LAST,
      total: 100,
      sections: [
        { code: 'S1', title: '第一部分', points: 10, indicators: [{ code: 'S1.1', title: '指标一', checkpoints: [J1] }] },
        { code: 'S2', title: '第二部分', points: 90, indicators: [{ code: 'S2.1', title: '指标二', checkpoints: [M1] }] },
      ],
    }),
  );

function unit(code: string, name: string, j: number, m: number): EvidenceDocument {
  return evidence({ J1: { values: { value: j } }, M1: { values: { value: m } } }, { unit: { code, name } });
}

// Published: 乙 88 (10 + 78), 甲 85 (5 + 80), 丙 82 (0 + 82, last).
const UNITS = [unit('620100', '甲', 5, 80), unit('620200', '乙', 10, 78), unit('620300', '丙', 0, 82)];

function analyse(rubric: Rubric, spec: unknown): UncertaintyResult {
  return analyseUncertainty(
    rubric,
    UNITS.map((e) => prepareEvidence(rubric, e)),
    parseUncertaintySpec(spec),
    { engineVersion: 'test' },
  );
}

const byCode = (result: UncertaintyResult, code: string) => result.units.find((u) => u.code === code) as UncertaintyResult['units'][number];

describe('uncertainty of ranks: points and section weights varied (issue 13)', () => {
  // Factors g_J, g_M ∈ {0.5, 1, 1.5}, each 1/3, scaled back so the full marks stay 100:
  // J1 counts its score × 100·g_J / (10·g_J + 90·g_M), M1 likewise, each rounded to 0.01.
  // By hand over the nine combinations, only (0.5, 1.5) reorders: 丙 87.86 (0 + 82 × 150/140),
  // 甲 87.50 (1.79 + 85.71), 乙 87.14 (3.57 + 83.57). In the other eight 丙 stays last, e.g.
  // (0.5, 1): 乙 87.37, 甲 86.84, 丙 86.32; (1.5, 0.5): 乙 90.00, 甲 79.17, 丙 68.33.
  const points = analyse(oneSection(), { weights: { points: { percent: 50, levels: 1 } } });

  it('enumerates the nine combinations of the two checkpoints’ points exactly', () => {
    expect(points.method).to.equal('exact');
    expect(points.scenarios).to.equal(9);
    expect(points.variations).to.equal(0);
    expect(points.weights).to.equal(2);
  });

  it('gives the probabilities a hand count of the nine gives', () => {
    expect(byCode(points, '620300').flags[0]?.probability).to.deep.equal(ratio(8, 9));
    expect(byCode(points, '620200').flags[0]?.probability).to.deep.equal(ratio(1, 9));
    expect(byCode(points, '620100').flags).to.deep.equal([]);
    expect(byCode(points, '620300').rankProbabilities).to.deep.equal([ratio(1, 9), 0, ratio(8, 9)]);
    expect(byCode(points, '620100').rankProbabilities).to.deep.equal([0, 1, 0]);
    expect(points.flagSets[0]?.changeProbability).to.deep.equal(ratio(1, 9));
  });

  it("names each checkpoint's points as a driver of the last unit's rank, with the hand-computed index", () => {
    // 丙's rank is 1 only at (0.5, 1.5): Var(rank) = 32/81; Var(E[rank | g_J]) = 8/81; so 0.25 each.
    expect(points.drivers).to.deep.equal([
      {
        code: '620300',
        drivers: [
          { unit: '', item: 'J1', field: 'points', label: '分值', index: 0.25 },
          { unit: '', item: 'M1', field: 'points', label: '分值', index: 0.25 },
        ],
      },
    ]);
  });

  it('gives the same figures for section weights when each checkpoint is a section of its own', () => {
    const sections = analyse(twoSections(), { weights: { sections: { percent: 50, levels: 1 } } });
    expect(sections.units).to.deep.equal(points.units);
    expect(sections.flagSets).to.deep.equal(points.flagSets);
    expect(sections.drivers[0]?.drivers.map((d) => [d.item, d.field, d.label, d.index])).to.deep.equal([
      ['S1', 'weight', '权重', 0.25],
      ['S2', 'weight', '权重', 0.25],
    ]);
  });

  it('does not vary what renormalising would undo: one section, or the only checkpoint of a section', () => {
    expect(() => analyse(oneSection(), { weights: { sections: { percent: 10 } } })).to.not.throw();
    expect(analyse(oneSection(), { weights: { sections: { percent: 10 } } }).weights).to.equal(0);
    expect(analyse(twoSections(), { weights: { points: { percent: 10 } } }).weights).to.equal(0);
  });

  it('draws weights by seed reproducibly, alone or with judgements', () => {
    const spec = { weights: { points: { percent: 30 } }, fields: [{ item: 'M1', field: 'value', absolute: 1 }], method: 'sample', draws: 300, seed: 5 };
    expect(analyse(oneSection(), spec)).to.deep.equal(analyse(oneSection(), spec));
    expect(analyse(oneSection(), { ...spec, seed: 6 })).to.not.deep.equal(analyse(oneSection(), spec));
  });

  it('refuses a spec that names no weight, or a change above 50%', () => {
    const problems = (spec: unknown) => {
      try {
        parseUncertaintySpec(spec);
        return [];
      } catch (error) {
        return (error as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path} ${p.message}`);
      }
    };
    expect(problems({ weights: {} })).to.deep.equal(['$.weights 应给出 sections 或 points 中的至少一项']);
    expect(problems({ weights: { sections: { percent: 60 } } })).to.deep.equal(['$.weights.sections.percent 变化幅度不能大于 50%']);
  });
});
