/**
 * The result rule: grade bands on the total (best first, each `min` inclusive, so
 * 89.99 is never an A and 90 always is), or the rubric's own JsonLogic rule over
 * totals, section scores and item rates. A triggered veto then forces its result.
 */
import { fail } from '../errors.js';
import { showValue } from '../excerpt.js';
import { type Num, cmp, div, ratio } from '../exact/index.js';
import type { SectionResult } from '../assessment-result.js';
import type { Rubric } from '../rubric/index.js';
import { stepsOnGrid } from '../stages/totals.js';

export interface GradeInputs {
  readonly base: Num;
  readonly bonus: Num;
  readonly deductions: Num;
  readonly total: Num;
  readonly sections: readonly SectionResult[];
  /** Item scores by item index, in precision steps. */
  readonly steps: Float64Array;
}

/** The result by the grade bands alone (what scoreGrade() gives for a rubric without a result rule). */
export function gradeByBands(rubric: Rubric, total: Num): string {
  const { grades } = rubric.result;
  for (const g of grades) if (g.min === undefined || cmp(total, g.min) >= 0) return g.grade;
  return (grades[grades.length - 1] as { grade: string }).grade;
}

const bandsInSteps = new WeakMap<Rubric, Float64Array | null>();

/** Each band's `min` in whole precision steps (−Infinity for none); null when one is off the grid. */
function bandSteps(rubric: Rubric): Float64Array | null {
  let steps = bandsInSteps.get(rubric);
  if (steps === undefined) {
    const scale = 10 ** rubric.precision;
    const mins = Float64Array.from(rubric.result.grades, (g) => (g.min === undefined ? -Infinity : stepsOnGrid(g.min, scale)));
    steps = mins.every((m) => m === m) ? mins : null;
    bandsInSteps.set(rubric, steps);
  }
  return steps;
}

/**
 * gradeByBands() for a total also known in whole precision steps (NaN: not known): the
 * same grade, compared in steps when every band's `min` is on the grid, without reading
 * the total's rational (a shared object, seldom in the CPU's cache).
 */
export function gradeByBandsInSteps(rubric: Rubric, total: Num, totalSteps: number): string {
  const mins = totalSteps === totalSteps ? bandSteps(rubric) : null;
  if (mins === null) return gradeByBands(rubric, total);
  const { grades } = rubric.result;
  for (let g = 0; g < grades.length; g++) if (totalSteps >= (mins[g] as number)) return (grades[g] as { grade: string }).grade;
  return (grades[grades.length - 1] as { grade: string }).grade;
}

function rate(score: Num, maxPoints: Num): Num {
  return cmp(maxPoints, 0) === 0 ? 0 : div(score, maxPoints);
}

/** The data a result rule reads (see docs/rubric-format.md). */
function resultRuleContext(rubric: Rubric, inputs: GradeInputs): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  for (const s of inputs.sections) sections[s.code] = { score: s.score, max: s.max, rate: rate(s.score, s.max) };
  const items: Record<string, unknown> = {};
  const scale = 10 ** rubric.precision;
  for (const item of rubric.allItems) {
    const score = ratio(inputs.steps[item.index] as number, scale);
    items[item.code] = { score, max: item.points, rate: rate(score, item.points) };
  }
  return { total: inputs.total, base: inputs.base, bonus: inputs.bonus, deductions: inputs.deductions, sections, items };
}

export function scoreGrade(rubric: Rubric, inputs: GradeInputs, unitCode: string): string {
  const rule = rubric.result.rule;
  if (rule === undefined) return gradeByBands(rubric, inputs.total);
  const grade = rule.evaluate(resultRuleContext(rubric, inputs));
  if (typeof grade !== 'string' || !rubric.result.grades.some((g) => g.grade === grade)) {
    fail('rubric_grade_invalid', '$.result.rule', `单位 ${unitCode}：结果规则返回了 ${showValue(grade)}，不是 grades 中的结果`);
  }
  return grade;
}

/** Of the triggered vetoes, the harshest result (latest in the grade list) decides; without one, the score's own result stands. */
export function finalGrade(rubric: Rubric, fromScore: string, triggered: readonly boolean[]): string {
  const rank = (grade: string) => rubric.result.grades.findIndex((g) => g.grade === grade);
  let result: string | undefined;
  for (const v of rubric.vetoes) if (triggered[v.index] === true && (result === undefined || rank(v.result) > rank(result))) result = v.result;
  return result ?? fromScore;
}
