/**
 * What the browser shows of an uncertainty analysis: the uncertainty/v1 file less every
 * rank's probability (a run of 2,851 units would send 8 million of them with each look),
 * with each share also as the text the command line prints (percentText, from the exact
 * share: rounding the file's four places again could differ by 0.1 point).
 */
import { type UncertaintyResult, percentText, probabilityValue, scenarioWords, variedCountWords } from '../../analysis/index.js';
import { type Num, toJsonValue } from '../../core/exact/index.js';
import { assessmentName } from '../../report/charts/text.js';

/** A share: as in uncertainty/v1 (four places) and as shown (91.1%). */
export interface Share {
  readonly probability: number;
  readonly percent: string;
}

export interface UncertaintyView {
  /** The assessment's name (the rubric's title less 细则及评分标准), for the chart's title. */
  readonly title: string;
  readonly method: 'exact' | 'sample';
  readonly scenarios: number;
  readonly seed: number;
  readonly variations: number;
  /** What varied, in words (28 个证据值、5 项权重或分值可变). */
  readonly varied: string;
  /** How the scenarios were made, in words (按种子 1 抽样 1,000 次). */
  readonly how: string;
  readonly units: readonly {
    readonly code: string;
    readonly name: string;
    readonly published: { readonly rank: number; readonly grade: string; readonly flags: readonly string[] };
    readonly medianRank: number;
    readonly rankInterval: readonly [number, number];
    readonly variations: number;
    readonly grades: readonly (Share & { readonly grade: string })[];
    readonly flags: readonly (Share & { readonly code: string })[];
  }[];
  readonly flagSets: readonly {
    readonly code: string;
    readonly label: string;
    readonly published: readonly string[];
    readonly change: Share;
    readonly sets: readonly (Share & { readonly units: readonly string[] })[];
  }[];
  readonly drivers: UncertaintyResult['drivers'];
  /** With `missing: "imputed"`: every unit's standing both ways (only those with missing items differ in their evidence), totals as numbers. */
  readonly missing?: readonly {
    readonly code: string;
    readonly name: string;
    readonly missingItems: readonly string[];
    readonly published: { readonly rank: number; readonly grade: string; readonly total: number };
    readonly imputed: { readonly rank: number; readonly grade: string; readonly total: number };
  }[];
}

const share = (p: Num): Share => ({ probability: probabilityValue(p), percent: percentText(p) });

export function uncertaintyView(result: UncertaintyResult, rubricTitle: string): UncertaintyView {
  // A total is on the rubric's precision grid: its JSON number is exactly its decimal.
  const totalOf = (total: Num) => toJsonValue(total) as number;
  return {
    title: assessmentName(rubricTitle),
    method: result.method,
    scenarios: result.scenarios,
    seed: result.seed,
    variations: result.variations,
    varied: variedCountWords(result),
    how: scenarioWords(result),
    units: result.units.map((u) => ({
      code: u.code,
      name: u.name,
      published: u.published,
      medianRank: u.medianRank,
      rankInterval: u.rankInterval,
      variations: u.variations,
      grades: u.grades.map((g) => ({ grade: g.grade, ...share(g.probability) })),
      flags: u.flags.map((f) => ({ code: f.code, ...share(f.probability) })),
    })),
    flagSets: result.flagSets.map((f) => ({
      code: f.code,
      label: f.label,
      published: f.published,
      change: share(f.changeProbability),
      sets: f.sets.map((s) => ({ units: s.units, ...share(s.probability) })),
    })),
    drivers: result.drivers,
    ...(result.missing && {
      missing: result.missing.units.map((u) => ({
        code: u.code,
        name: u.name,
        missingItems: u.missingItems,
        published: { ...u.published, total: totalOf(u.published.total) },
        imputed: { ...u.imputed, total: totalOf(u.imputed.total) },
      })),
    }),
  };
}
