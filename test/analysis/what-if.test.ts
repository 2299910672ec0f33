import { expect } from 'chai';
import { type Goal, whatItTakes } from '../../src/analysis/index.js';
import { type EvidenceDocument, type Rubric, assess, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';

/** Three checkpoints of 3 points, each scoring its integer value (0–3); grades A ≥ 8, B ≥ 6, C ≥ 4, D; the last unit is flagged. */
function smallRubric(): Rubric {
  return parseRubric(
    rubricDocument(
      {
        total: 9,
        result: { grades: [{ grade: 'A', min: 8 }, { grade: 'B', min: 6 }, { grade: 'C', min: 4 }, { grade: 'D' }] },
        flags: [{ code: 'last', kind: 'bottom', count: 1, label: '末位' }],
      },
      ['K1', 'K2', 'K3'].map((code) => checkpoint({ code, points: 3, fields: [field({ key: 'n', type: 'integer', min: 0, max: 3 })], rule: { var: 'n' } })),
    ),
  );
}

const unit = (code: string, name: string, [a, b, c]: readonly [number, number, number]): EvidenceDocument =>
  evidence({ K1: { values: { n: a } }, K2: { values: { n: b } }, K3: { values: { n: c } } }, { unit: { code, name } });

const rubric = smallRubric();
// 丙 3 points (last, D); 甲 7 (B); 乙 5 (C).
const units = [unit('620100', '甲', [3, 2, 2]), unit('620200', '乙', [2, 2, 1]), unit('620300', '丙', [1, 0, 2])];
const prepared = units.map((u) => prepareEvidence(rubric, u));

/** The fewest fields 丙 must change for the goal, by trying every one of its 64 answers. */
function bruteForce(goal: Goal): number | null {
  let fewest: number | null = null;
  for (let v = 0; v < 64; v++) {
    const values: [number, number, number] = [v & 3, (v >> 2) & 3, (v >> 4) & 3];
    const changed = values.filter((x, i) => x !== [1, 0, 2][i]).length;
    const result = assess(rubric, [units[0], units[1], unit('620300', '丙', values)] as EvidenceDocument[], { engineVersion: 'test' });
    const me = result.units.find((r) => r.result.unit.code === '620300');
    const ok =
      goal.kind === 'grade'
        ? ['A', 'B', 'C'].includes(me?.result.grade ?? '')
        : goal.kind === 'flag'
          ? me?.flags.length === 0
          : (me?.rank ?? 9) <= 3 - goal.places;
    if (ok && (fewest === null || changed < fewest)) fewest = changed;
  }
  return fewest;
}

describe('what would it take (issue 13 §3)', () => {
  for (const goal of [{ kind: 'grade' }, { kind: 'flag', code: 'last' }, { kind: 'places', places: 1 }, { kind: 'places', places: 2 }] as const) {
    it(`finds as few changes as trying every answer does, for ${JSON.stringify(goal)}, and they reach the goal`, () => {
      const answer = whatItTakes(rubric, prepared, '620300', goal, { engineVersion: 'test' });
      expect(answer.reached).to.equal(true);
      expect(answer.changes.length).to.equal(bruteForce(goal));
    });
  }

  it('out of last place: one change, the smallest that will do, costed in points', () => {
    // 丙 needs more than 乙's 5 points: +3 on K2 (0 → 3) gives 6.
    const answer = whatItTakes(rubric, prepared, '620300', { kind: 'flag', code: 'last' }, { engineVersion: 'test' });
    expect(answer.changes).to.deep.equal([{ item: 'K2', field: 'n', label: '测试字段', from: 0, to: 3, points: 3 }]);
    expect(answer.after).to.deep.include({ rank: 2, total: 6 });
  });

  it('to first place: two changes, each as small as still reaches it', () => {
    // 甲's 7 points, shared, is first place too (1, 1, 3): K2 to 3 (+3) and K1 to 2 (+1), not to 3.
    const answer = whatItTakes(rubric, prepared, '620300', { kind: 'places', places: 2 }, { engineVersion: 'test' });
    expect(answer.changes.map((c) => `${c.item} ${c.from}→${c.to} +${String(c.points)}`)).to.have.members(['K2 0→3 +3', 'K1 1→2 +1']);
    expect(answer.after).to.deep.include({ rank: 1, total: 7, grade: 'B' });
  });

  it('says when a goal cannot be reached, and when it is already met', () => {
    const top = whatItTakes(rubric, prepared, '620100', { kind: 'places', places: 1 }, { engineVersion: 'test' });
    expect(top.reached).to.equal(false);
    const notLast = whatItTakes(rubric, prepared, '620100', { kind: 'flag', code: 'last' }, { engineVersion: 'test' });
    expect(notLast).to.deep.include({ reached: true, changes: [] });
  });
});
