/**
 * "What would it take?" (issue 13 §3): the fewest changes of a unit's own evidence that
 * lift it to the next result, out of a flag (后三位), or up some places, the others'
 * results as they are. Each candidate is scored by the exact engine; the answer is scored
 * again with every unit before it is given, and each change is costed in points. Nothing is
 * stored: the changes are what-ifs, never evidence.
 *
 * The search: first any single change that reaches the goal (the smallest, by distance);
 * else each item's strongest change, strongest first, until the goal is reached; then each
 * chosen change is made as small as still reaches it. Changes to different items add up
 * unless a cap cuts them, which the final scoring shows.
 */
import {
  type AssessOptions,
  type AssessmentResult,
  type PreparedEvidence,
  type RankedUnit,
  type Rubric,
  type UnitResult,
  assessPrepared,
  prepareEvidence,
} from '../../core/index.js';
import { rankResults } from '../../core/rank-results.js';
import { type Num, cmp, ratio, sub } from '../../core/exact/index.js';
import type { Field, Item, Veto } from '../../core/rubric/index.js';
import { type Candidate, candidateValues, distance } from './candidates.js';
import { withValues } from '../evidence-values.js';

export type Goal = { readonly kind: 'grade' } | { readonly kind: 'flag'; readonly code: string } | { readonly kind: 'places'; readonly places: number };

export interface Change {
  readonly item: string;
  readonly field: string;
  readonly label: string;
  readonly from: Candidate | undefined;
  readonly to: Candidate;
  /** What the item's score gains (or loses) with this change, in the final scoring. */
  readonly points: Num;
}

export interface Standing {
  readonly total: Num;
  readonly rank: number;
  readonly grade: string;
  readonly flags: readonly string[];
}

export interface WhatItTakes {
  readonly goal: Goal;
  /** The result the goal asks for, when it is one (the next better grade). */
  readonly target?: string;
  readonly reached: boolean;
  readonly before: Standing;
  readonly after?: Standing;
  readonly changes: readonly Change[];
}

interface Move {
  readonly owner: Item | Veto;
  readonly field: Field;
  readonly to: Candidate;
  readonly gain: Num;
  readonly distance: number;
  /** Whether this change alone reaches the goal. */
  readonly suffices: boolean;
}

export function whatItTakes(rubric: Rubric, prepared: readonly PreparedEvidence[], code: string, goal: Goal, options: AssessOptions): WhatItTakes {
  const scoring = { ...options, trace: false };
  const u = prepared.findIndex((p) => p.unit.code === code);
  if (u < 0) throw new RangeError(`no unit ${code}`);
  const base = assessPrepared(rubric, prepared, scoring);
  const before = standingOf(base, code);
  const grades = rubric.result.grades.map((g) => g.grade);
  const target = goal.kind === 'grade' ? grades[grades.indexOf(before.grade) - 1] : undefined;
  const met = (s: Standing) =>
    goal.kind === 'grade'
      ? target !== undefined && grades.indexOf(s.grade) >= 0 && grades.indexOf(s.grade) <= grades.indexOf(target)
      : goal.kind === 'flag'
        ? !s.flags.includes(goal.code)
        : s.rank <= before.rank - goal.places;
  const answer = (reached: boolean, after?: AssessmentResult, moves: readonly Move[] = []): WhatItTakes => ({
    goal,
    ...(target !== undefined && { target }),
    reached,
    before,
    ...(after && { after: standingOf(after, code) }),
    changes: after ? moves.map((m) => changeOf(rubric, base, after, code, m, evidenceOf(prepared[u] as PreparedEvidence, m))) : [],
  });
  if (met(before) || (goal.kind === 'grade' && target === undefined) || (goal.kind === 'places' && before.rank - goal.places < 1)) return answer(met(before));

  const unit = prepared[u] as PreparedEvidence;
  // Unless a rule reads across units, a change of this unit's evidence changes its result alone:
  // it is scored alone and ranked among the others' results as assessing them all would rank it.
  const alone = !rubric.derivedReads.some((r) => r.kind === 'population');
  const resultOf = new Map(base.units.map((r) => [r.result.unit.code, r.result]));
  const results = prepared.map((p) => resultOf.get(p.unit.code) as UnitResult);
  const scoreWith = (moves: readonly Pick<Move, 'owner' | 'field' | 'to'>[]): AssessmentResult => {
    const changed = prepareEvidence(
      rubric,
      withValues(
        unit.evidence,
        moves.map((m) => ({ item: m.owner.code, field: m.field.key, value: m.to })),
      ),
    );
    if (alone) {
      const all = results.slice();
      all[u] = (assessPrepared(rubric, [changed], scoring).units[0] as RankedUnit).result;
      return rankResults(rubric, all, scoring);
    }
    const all = prepared.slice();
    all[u] = changed;
    return assessPrepared(rubric, all, scoring);
  };
  const moves: Move[] = [];
  for (const owner of [...rubric.allItems, ...rubric.vetoes]) {
    if ('index' in owner && 'kind' in owner && unit.states[owner.index] === 'not_applicable') continue;
    for (const field of owner.fields) {
      if (field.filledBy !== 'unit' || field.requiredWhen !== undefined) continue;
      const from = evidenceOf(unit, { owner, field });
      for (const to of candidateValues(field)) {
        if (to === from) continue;
        let result: AssessmentResult;
        try {
          result = scoreWith([{ owner, field, to }]);
        } catch {
          continue; // A value the rest of the item's answers do not allow (a conditional field's condition).
        }
        const standing = standingOf(result, code);
        moves.push({ owner, field, to, gain: sub(standing.total, before.total), distance: distance(field, from, to), suffices: met(standing) });
      }
    }
  }
  const single = moves.filter((m) => m.suffices).sort((a, b) => a.distance - b.distance || cmp(a.gain, b.gain));
  const smallest = single[0];
  if (smallest !== undefined) return answer(true, scoreWith([smallest]), [smallest]);
  // The strongest change of each item, strongest first.
  const strongest = new Map<string, Move>();
  for (const m of moves) {
    const key = m.owner.code;
    const best = strongest.get(key);
    if (cmp(m.gain, 0) > 0 && (best === undefined || cmp(m.gain, best.gain) > 0 || (cmp(m.gain, best.gain) === 0 && m.distance < best.distance)))
      strongest.set(key, m);
  }
  const ordered = [...strongest.values()].sort((a, b) => cmp(b.gain, a.gain) || a.distance - b.distance);
  const chosen: Move[] = [];
  let result: AssessmentResult | undefined;
  for (const m of ordered) {
    chosen.push(m);
    result = scoreWith(chosen);
    if (met(standingOf(result, code))) break;
    result = undefined;
  }
  if (result === undefined) return answer(false);
  // Each chosen change as small as still reaches the goal, the weakest first.
  for (let k = chosen.length - 1; k >= 0; k--) {
    const current = chosen[k] as Move;
    const smaller = moves
      .filter((m) => m.owner === current.owner && m.field === current.field && m.distance < current.distance && cmp(m.gain, 0) > 0)
      .sort((a, b) => a.distance - b.distance);
    for (const m of smaller) {
      const trial = chosen.slice();
      trial[k] = m;
      const scored = scoreWith(trial);
      if (met(standingOf(scored, code))) {
        chosen[k] = m;
        result = scored;
        break;
      }
    }
  }
  return answer(true, result, chosen);
}

function standingOf(result: AssessmentResult, code: string): Standing {
  const ranked = result.units.find((r) => r.result.unit.code === code) as RankedUnit;
  return { total: ranked.result.total, rank: ranked.rank, grade: ranked.result.grade, flags: ranked.flags.map((f) => f.code) };
}

function evidenceOf(unit: PreparedEvidence, m: Pick<Move, 'owner' | 'field'>): Candidate | undefined {
  const value = unit.evidence.items?.[m.owner.code]?.values?.[m.field.key];
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : undefined;
}

function changeOf(rubric: Rubric, before: AssessmentResult, after: AssessmentResult, code: string, m: Move, from: Candidate | undefined): Change {
  const stepsOf = (r: AssessmentResult) => (r.units.find((x) => x.result.unit.code === code) as RankedUnit).result.steps;
  const index = 'kind' in m.owner ? m.owner.index : -1;
  const points = index < 0 ? 0 : ratio((stepsOf(after)[index] as number) - (stepsOf(before)[index] as number), 10 ** rubric.precision);
  return { item: m.owner.code, field: m.field.key, label: m.field.label, from, to: m.to, points };
}
