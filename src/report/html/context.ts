/**
 * What every part of the HTML report needs: the results, the rubric when it is the
 * one the results name, last year's units by code, the chart images, and numbers
 * formatted at the rubric's precision. Differences (score lost, change since last
 * year) are computed exactly from the published numbers, never in binary floating point.
 */
import type { ResultsV1, Rubric, UnitResultV1 } from '../../core/index.js';
import { type Num, type RoundingMode, cmp, div, fromDouble, mul, roundTo, signedText, sub, toFixed } from '../../core/exact/index.js';
import { chartSpecs, unitChartSpecs } from '../charts/index.js';
import type { ChartImages, ChartSpec } from '../charts/spec.js';
import { atScale } from '../scale.js';
import { fixed } from '../format.js';
import { type GroupedRankingView, groupedRanking } from '../groups.js';
import type { EvaluatorNote, ReportInput } from '../input.js';

export interface ReportContext {
  readonly results: ResultsV1;
  readonly places: number;
  /** Only when its hash is the one results.json names: another rubric would explain other rules. */
  readonly rubric?: Rubric;
  /** Last year's units by code, when a previous year was given. */
  readonly previous?: ReadonlyMap<string, UnitResultV1>;
  readonly previousYear?: number;
  readonly charts: ChartImages;
  /** Each chart's title as its spec states it (the same words the PNG was drawn with). */
  readonly chartTitles: ReadonlyMap<string, string>;
  /** Evaluators' notes by unit code, oldest first (only units that have some). */
  readonly notes: ReadonlyMap<string, readonly EvaluatorNote[]>;
  /** The ranking within each group, when the input groups the units. */
  readonly grouped?: GroupedRankingView;
}

export function reportContext(input: ReportInput, charts: ChartImages): ReportContext {
  const { results, rubric, previous } = input;
  return {
    results,
    places: results.rubric.precision,
    ...(rubric && rubric.hash === results.rubric.hash ? { rubric } : {}),
    ...(previous ? { previous: new Map(previous.units.map((u) => [u.code, u])), previousYear: previous.year } : {}),
    charts,
    // The charts were drawn from these same specs; their titles become the figures' alt text.
    chartTitles: new Map(charts.size === 0 ? [] : titledSpecs(input, charts).map((spec) => [spec.name, spec.title])),
    notes: notesByUnit(input.notes ?? []),
    ...(input.groups ? { grouped: groupedRanking(results, input.groups) } : {}),
  };
}

/** The specs of the charts given: at scale the units' radars are not among chartSpecs, only those drawn for scorecards. */
function titledSpecs(input: ReportInput, charts: ChartImages): ChartSpec[] {
  if (!atScale(input.results)) return chartSpecs(input);
  const units = [...charts.keys()].flatMap((name) => /^chart-unit-(.+)\.png$/.exec(name)?.[1] ?? []);
  return [...chartSpecs(input), ...unitChartSpecs(input, units)];
}

function notesByUnit(notes: readonly EvaluatorNote[]): Map<string, EvaluatorNote[]> {
  const byUnit = new Map<string, EvaluatorNote[]>();
  for (const n of notes) {
    const list = byUnit.get(n.unitCode);
    if (list) list.push(n);
    else byUnit.set(n.unitCode, [n]);
  }
  return byUnit;
}

/** A published number at the rubric's precision. */
export function num(ctx: ReportContext, value: number): string {
  return fixed(value, ctx.places);
}

/** a − b, exact, at the rubric's precision. */
export function difference(ctx: ReportContext, a: number, b: number): string {
  return toFixed(sub(fromDouble(a), fromDouble(b)), ctx.places);
}

/** a − b with its sign, as a change is printed: "+1.25", "−0.50" (a true minus), "0.00". */
export function signedDifference(ctx: ReportContext, a: number, b: number): string {
  return signedText(difference(ctx, a, b));
}

/** Sign of a − b, exact. */
export function compare(a: number, b: number): number {
  return cmp(fromDouble(a), fromDouble(b));
}

/** Points lost on an item worth `max`, exact; never negative (a cap above the nominal points can yield more). */
export function pointsLost(max: number, score: number): Num {
  const lost = sub(fromDouble(max), fromDouble(score));
  return cmp(lost, 0) > 0 ? lost : 0;
}

export function numText(ctx: ReportContext, value: Num): string {
  return toFixed(value, ctx.places);
}

/**
 * score ÷ max as a percentage ("86.00%"), rounded by the rubric's own rule to its
 * precision (as the charts label the same shares), or "—" when max is 0.
 */
export function percent(ctx: ReportContext, score: number, max: number): string {
  if (max === 0) return '—';
  const share = div(mul(fromDouble(score), 100), fromDouble(max));
  return `${toFixed(roundTo(share, ctx.places, ctx.results.rubric.rounding as RoundingMode), ctx.places)}%`;
}

/** Whether the ranked table and scorecards should show last year's changes for this unit. */
export function previousOf(ctx: ReportContext, code: string): UnitResultV1 | undefined {
  return ctx.previous?.get(code);
}

/** “甘肃省质量发展领导小组办公室” when the rubric names its issuer. */
export function issuer(ctx: ReportContext): string | undefined {
  return ctx.rubric?.document.issuer;
}
