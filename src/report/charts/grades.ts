/**
 * The grade scale a chart draws: grades best first with a colour each, and the lowest
 * total of each grade (its threshold) where one exists. The rubric states the
 * thresholds; results.json does not carry them, so without the rubric they are
 * inferred from the units' score grades (see inferMin), and the chart says so.
 */
import type { ResultsV1 } from '../../core/index.js';
import { toNumber } from '../../core/exact/index.js';
import type { ReportInput } from '../input.js';
import { fixed } from '../format.js';
import { gradeColour } from './theme.js';

export interface GradeBand {
  readonly grade: string;
  /** The rubric's label ("A级") or the grade itself. */
  readonly label: string;
  readonly colour: string;
  /** Lowest total (inclusive) of this grade; absent on the last grade. */
  readonly min?: number;
  readonly minText?: string;
}

export interface GradeScale {
  readonly bands: readonly GradeBand[];
  /** True when the thresholds were inferred from the results, not read from the rubric. */
  readonly inferred: boolean;
  colourOf(grade: string): string;
}

export function gradeScale(input: ReportInput): GradeScale {
  const { results, rubric } = input;
  const places = results.rubric.precision;
  const fromRubric = rubric?.result.grades.map((g) => ({ grade: g.grade, label: g.label ?? g.grade, min: g.min === undefined ? undefined : toNumber(g.min) }));
  const names = results.summary.grades.map((g) => g.grade);
  const rows = fromRubric ?? names.map((grade, i) => ({ grade, label: grade, min: inferMin(results, names, i) }));
  const bands = rows.map((r, i): GradeBand => ({
    grade: r.grade,
    label: r.label,
    colour: gradeColour(i, rows.length),
    ...(r.min === undefined ? {} : { min: r.min, minText: fixed(r.min, places) }),
  }));
  const fallback = bands[bands.length - 1]?.colour ?? gradeColour(0, 1);
  return { bands, inferred: fromRubric === undefined, colourOf: (grade) => bands.find((b) => b.grade === grade)?.colour ?? fallback };
}

/**
 * A threshold consistent with the results: above the best total graded lower by score,
 * at or below the worst total graded `names[i]` by score (scoreGrade ignores vetoes).
 * Rubrics set thresholds on round numbers, so the roundest such number is taken:
 * the highest multiple of 10, else of 5, 1, and finally of the rubric's smallest step.
 * Undefined for the last grade and for a grade no unit reached by score.
 */
function inferMin(results: ResultsV1, names: readonly string[], i: number): number | undefined {
  if (i === names.length - 1) return undefined;
  const scale = 10 ** results.rubric.precision;
  const at = (u: { total: number }) => Math.round(u.total * scale);
  const inGrade = results.units.filter((u) => u.scoreGrade === names[i]).map(at);
  if (inGrade.length === 0) return undefined;
  const upper = Math.min(...inGrade);
  const below = results.units.filter((u) => names.indexOf(u.scoreGrade) > i).map(at);
  const lower = below.length === 0 ? -Infinity : Math.max(...below);
  for (const step of [10, 5, 1].map((s) => s * scale).concat(1)) {
    const candidate = Math.floor(upper / step) * step;
    if (candidate > lower) return candidate / scale;
  }
  return undefined;
}
