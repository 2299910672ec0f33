/**
 * How sure each rank is, as the reports show it (issue 13 §1): an uncertainty/v1 file of an
 * analysis of the same results, read into the words, rows and chart the internal bulletin and
 * the workbook print. Pure; the figures are the file's, nothing is computed again.
 */
import type { UncertaintyFileV1 } from '../analysis/index.js';
import { percentText, scenarioWords } from '../analysis/index.js';
import type { Problem, ResultsV1 } from '../core/index.js';
import { fromDouble, mul, toExactText } from '../core/exact/index.js';
import type { RankIntervalRow, RankIntervals } from './charts/rank-intervals.js';
import { assessmentName } from './charts/text.js';

export type UncertaintyUnit = UncertaintyFileV1['units'][number];

/** The chart's file name (charts/chart-uncertainty.png), as `kaohe analyse uncertainty --chart` names it. */
export const UNCERTAINTY_CHART = 'chart-uncertainty.png';

/** Up to this many units the bulletin's table and chart show every unit. */
export const ALL_UNITS_SHOWN = 20;

/** Past ALL_UNITS_SHOWN, how many of the widest intervals are shown (besides the units a flag may take or leave). */
export const WIDEST_SHOWN = 10;

/** A probability of the file (four places) as printed: 1.5%. */
export function percentOf(probability: number): string {
  return percentText(fromDouble(probability));
}

/** How the file's scenarios were made, in the words `kaohe analyse uncertainty` prints. */
export function fileScenarioWords(file: Pick<UncertaintyFileV1, 'method' | 'scenarios'> & { readonly spec: { readonly seed: number } }): string {
  return scenarioWords({ method: file.method, scenarios: file.scenarios, seed: file.spec.seed });
}

/** A number of the spec as written (0.2 → 20), without a binary-float artefact. */
function percentage(share: number): string {
  return toExactText(mul(fromDouble(share), 100));
}

/**
 * What was varied, as clauses of a sentence (考核组评价各以 20% 的概率移到相邻等级；…);
 * `label` names a field as the rubric does (its key when the rubric is not at hand).
 */
export function variedWords(file: UncertaintyFileV1, label: (item: string, field: string) => string | undefined = () => undefined): string[] {
  const { spec } = file;
  const clauses: string[] = [];
  if (spec.judgement) {
    const which = spec.judgement.fields ? `指定的 ${spec.judgement.fields.length} 项考核组评价` : '考核组评价';
    clauses.push(`${which}各以 ${percentage(spec.judgement.probability)}% 的概率移到相邻等级`);
  }
  for (const f of spec.fields) {
    const how = f.range === true ? '在其整个取值范围内' : f.percent !== undefined ? `在填报值 ±${f.percent}% 内` : `在填报值 ±${f.absolute ?? 0} 内`;
    clauses.push(`${f.item}“${label(f.item, f.field) ?? f.field}”${how}均匀取值`);
  }
  if (spec.weights?.sections) clauses.push(`各部分分值在 ±${spec.weights.sections.percent}% 内变动（总分满分不变）`);
  if (spec.weights?.points) clauses.push(`各考核要点分值在 ±${spec.weights.points.percent}% 内变动（各部分分值不变）`);
  return clauses;
}

/** Whether a flag may mark the unit in some scenarios but not in all, or not as published. */
function flagMayChange(unit: UncertaintyUnit, flagCode: string): boolean {
  const p = unit.flags.find((f) => f.code === flagCode)?.probability ?? 0;
  return unit.published.flags.includes(flagCode) ? p < 1 : p > 0;
}

/**
 * The units the bulletin shows, in published rank order: every unit up to ALL_UNITS_SHOWN;
 * past that, each unit a flag may take or leave and the WIDEST_SHOWN widest intervals.
 */
export function shownUnits(file: UncertaintyFileV1): UncertaintyUnit[] {
  const byRank = [...file.units].sort((a, b) => a.published.rank - b.published.rank || (a.code < b.code ? -1 : 1));
  if (byRank.length <= ALL_UNITS_SHOWN) return byRank;
  const width = (u: UncertaintyUnit) => u.rankInterval[1] - u.rankInterval[0];
  const widest = new Set(
    byRank
      .filter((u) => width(u) > 0)
      .sort((a, b) => width(b) - width(a) || a.published.rank - b.published.rank)
      .slice(0, WIDEST_SHOWN),
  );
  return byRank.filter((u) => widest.has(u) || file.flagSets.some((f) => flagMayChange(u, f.code)));
}

/** The rank-interval chart of the units shown, with the first flag's chance beside each unit it may mark. */
export function rankIntervalsOf(file: UncertaintyFileV1, rubricTitle: string): RankIntervals {
  const flag = file.flagSets[0];
  const shown = shownUnits(file);
  const some = shown.length < file.units.length ? `；图中为名次区间最宽${flag ? `和有可能进入或退出${flag.label}` : ''}的 ${shown.length} 个单位` : '';
  return {
    title: assessmentName(rubricTitle),
    how: `${fileScenarioWords(file)}${some}`,
    flagLabel: flag?.label ?? null,
    ranks: file.units.length,
    rows: shown.map((u): RankIntervalRow => {
      const p = flag === undefined ? undefined : u.flags.find((f) => f.code === flag.code)?.probability;
      return {
        name: u.name,
        rank: u.published.rank,
        medianRank: u.medianRank,
        low: u.rankInterval[0],
        high: u.rankInterval[1],
        flagged: p === undefined ? null : percentOf(p),
      };
    }),
  };
}

/** At most this many units are named in a refusal: the rest are counted. */
const NAMED_PROBLEMS = 5;

/**
 * Why an analysis is not of these results, as problems in the uncertainty file (none when it
 * is): another rubric, another set of units, another published rank, result or flag for a
 * unit, or (when the file records it) other evidence. Its figures would otherwise be printed beside a ranking they do not describe.
 */
export function uncertaintyMismatch(results: ResultsV1, file: UncertaintyFileV1): Problem[] {
  const r = results.rubric;
  if (file.rubric.hash !== r.hash) {
    return [
      mismatch(
        '$.rubric.hash',
        `分析所用的考核细则（${file.rubric.id} 版本 ${file.rubric.version}，${file.rubric.hash.slice(0, 19)}…）不是评出结果的细则（${r.id} 版本 ${r.version}，${r.hash.slice(0, 19)}…）`,
      ),
    ];
  }
  const inResults = new Map(results.units.map((u) => [u.code, u]));
  const inFile = new Set(file.units.map((u) => u.code));
  const extra = file.units.filter((u) => !inResults.has(u.code));
  const absent = results.units.filter((u) => !inFile.has(u.code));
  if (extra.length > 0 || absent.length > 0) {
    const named = (units: readonly { name: string; code: string }[]) =>
      `${units
        .slice(0, NAMED_PROBLEMS)
        .map((u) => `${u.name}（${u.code}）`)
        .join('、')}${units.length > NAMED_PROBLEMS ? `等 ${units.length} 个` : ''}`;
    const parts = [...(extra.length > 0 ? [`结果中没有${named(extra)}`] : []), ...(absent.length > 0 ? [`分析中没有${named(absent)}`] : [])];
    return [mismatch('$.units', `分析的单位与结果不同：${parts.join('；')}`)];
  }
  const labels = new Map(results.summary.flags.map((f) => [f.code, f.label]));
  const problems: Problem[] = [];
  file.units.forEach((u, i) => {
    const published = inResults.get(u.code) as ResultsV1['units'][number];
    if (u.published.rank !== published.rank) {
      problems.push(mismatch(`$.units[${i}].published.rank`, `${u.name}在分析中公布名次为第 ${u.published.rank} 名，结果中为第 ${published.rank} 名`));
    } else if (u.published.grade !== published.grade) {
      problems.push(mismatch(`$.units[${i}].published.grade`, `${u.name}在分析中公布结果为“${u.published.grade}”，结果中为“${published.grade}”`));
    } else if (
      [...u.published.flags].sort().join() !==
      published.flags
        .map((f) => f.code)
        .sort()
        .join()
    ) {
      const words = (codes: readonly string[]) => (codes.length === 0 ? '无标记' : codes.map((c) => labels.get(c) ?? c).join('、'));
      problems.push(
        mismatch(`$.units[${i}].published.flags`, `${u.name}在分析中为“${words(u.published.flags)}”，结果中为“${words(published.flags.map((f) => f.code))}”`),
      );
    }
  });
  if (problems.length === 0 && file.evidenceHash !== undefined && file.evidenceHash !== results.evidenceHash) {
    return [mismatch('$.evidenceHash', `分析所用的证据（${file.evidenceHash.slice(0, 19)}…）不是评出结果的证据（${results.evidenceHash.slice(0, 19)}…）`)];
  }
  return problems.length > NAMED_PROBLEMS
    ? [...problems.slice(0, NAMED_PROBLEMS), mismatch('$.units', `另有 ${problems.length - NAMED_PROBLEMS} 个单位的公布名次或结果与结果不同`)]
    : problems;
}

function mismatch(path: string, message: string): Problem {
  return { code: 'evidence_mismatch', path, message };
}

/** What a refusal adds to the problems: the two files are not of one assessment, and how to make them so. */
export const MISMATCH_ADVICE = '不确定性分析与结果文件不是同一次考核：请用评出这些结果的细则和证据重新运行 kaohe analyse uncertainty --out';
