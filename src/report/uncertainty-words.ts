/**
 * 名次的不确定性 in words and rows, the same in the HTML bulletin and report.md: the paragraph
 * (what was varied and how, how often each bottom flag marks other units, missing evidence
 * imputed), the table of the units shown, and the notes on reading it. Pure strings; each
 * edition adds its own markup.
 */
import { type UncertaintyFileV1, variedCountWords } from '../analysis/index.js';
import type { Rubric } from '../core/index.js';
import { REPORT_FILES } from './file-names.js';
import { ALL_UNITS_SHOWN, WIDEST_SHOWN, type UncertaintyUnit, fileScenarioWords, percentOf, shownUnits, variedWords } from './uncertainty.js';

/** A field's label in the rubric, when the rubric is at hand. */
export type FieldLabel = (item: string, field: string) => string | undefined;

/** The rubric's labels of fields (none without the rubric: fields are then named by key). */
export function fieldLabels(rubric: Rubric | undefined): FieldLabel {
  return (item, field) => rubric?.items.get(item)?.fieldsByKey.get(field)?.label;
}

export function uncertaintyParagraph(file: UncertaintyFileV1, label?: FieldLabel): string {
  return `${method(file, label)}${flagSentences(file, names(file))}${missingSentence(file)}`;
}

export interface UncertaintyTable {
  readonly intro: string;
  readonly header: readonly string[];
  /** `flagged`: a flag marks the unit in the published result. */
  readonly rows: readonly { readonly flagged: boolean; readonly cells: readonly string[] }[];
}

export function uncertaintyTable(file: UncertaintyFileV1): UncertaintyTable {
  const shown = shownUnits(file);
  const flags = file.flagSets;
  const intro =
    file.units.length <= ALL_UNITS_SHOWN
      ? '各单位的名次区间和概率（按公布名次排列）：'
      : `名次区间最宽的 ${WIDEST_SHOWN} 个单位${flags.length > 0 ? `和有可能进入或退出${flags.map((f) => f.label).join('、')}的单位` : ''}，共 ${shown.length} 个（按公布名次排列；全部 ${file.units.length} 个单位见 ${REPORT_FILES.workbook} 的「名次的不确定性」）：`;
  const flagCell = (u: UncertaintyUnit, code: string) => {
    const p = u.flags.find((f) => f.code === code)?.probability;
    return p === undefined ? '—' : percentOf(p);
  };
  return {
    intro,
    header: ['公布名次', '单位', '公布结果', '名次中位数', '5%–95% 名次区间', '各结果的概率', ...flags.map((f) => `${f.label}的概率`)],
    rows: shown.map((u) => ({
      flagged: u.published.flags.length > 0,
      cells: [
        String(u.published.rank),
        u.name,
        u.published.grade,
        String(u.medianRank),
        interval(u),
        u.grades.map((g) => `${g.grade} ${percentOf(g.probability)}`).join('，'),
        ...flags.map((f) => flagCell(u, f.code)),
      ],
    })),
  };
}

/** How to read the table; `scaled`: the workbook has no sheet of every rank's chance (report/scale.ts). */
export function uncertaintyNotes(scaled: boolean): string[] {
  return [
    '名次中位数：各情形中名次的中位数；5%–95% 名次区间：名次的 5% 与 95% 分位数，即除去名次最好和最差的各约 5% 情形后名次所在的范围。',
    `概率按全部情形的权重精确计算，四舍五入到 0.1%；每个名次的概率见${scaled ? '不确定性分析的结果文件（uncertainty.json）' : ` ${REPORT_FILES.workbook} 的「名次概率」`}。`,
  ];
}

/** Units' names in published rank order (a flag's set is written in code order). */
function names(file: UncertaintyFileV1): (codes: readonly string[]) => string {
  const byCode = new Map(file.units.map((u) => [u.code, u]));
  const rank = (code: string) => byCode.get(code)?.published.rank ?? Infinity;
  return (codes) =>
    codes.length === 0
      ? '无'
      : [...codes]
          .sort((a, b) => rank(a) - rank(b))
          .map((c) => byCode.get(c)?.name ?? c)
          .join('、');
}

function method(file: UncertaintyFileV1, label?: FieldLabel): string {
  const varied = variedWords(file, label);
  const { spec } = file;
  const tested = [...(spec.judgement ? ['考核组的判断'] : []), ...(spec.fields.length > 0 ? ['测量误差'] : []), ...(spec.weights ? ['分值的设定'] : [])];
  const why = tested.length > 0 ? `为检验名次对${tested.join('、')}的敏感程度，` : '';
  const what = varied.length > 0 ? `按以下设定重新评分：${varied.join('；')}。` : '';
  return `${why}${what}共 ${variedCountWords(file)}，${fileScenarioWords(file)}，每种情形都用精确评分引擎计分。`;
}

function flagSentences(file: UncertaintyFileV1, named: (codes: readonly string[]) => string): string {
  return file.flagSets
    .map((f) => {
      if (f.changeProbability === 0) return `${f.label}名单（${named(f.published)}）在全部情形中都与公布结果相同。`;
      const other = f.sets.find((s) => [...s.units].sort().join() !== [...f.published].sort().join());
      const likeliest = other ? `，最可能的其他名单为${named(other.units)}（${percentOf(other.probability)}）` : '';
      return `${f.label}名单与公布结果（${named(f.published)}）不同的概率为 ${percentOf(f.changeProbability)}${likeliest}。`;
    })
    .join('');
}

function missingSentence(file: UncertaintyFileV1): string {
  if (!file.missing) return '';
  const moved = file.missing.units.filter((u) => u.published.rank !== u.imputed.rank || u.published.grade !== u.imputed.grade);
  if (moved.length === 0) return '缺证据的值按其他单位补齐时，各单位的名次和结果都不变。';
  const moves = moved.map((u) => `${u.name}（第 ${u.published.rank} 名${u.published.grade} → 第 ${u.imputed.rank} 名${u.imputed.grade}）`);
  return `缺证据的值按其他单位补齐时，名次或结果改变的单位：${moves.join('、')}。`;
}

function interval(u: UncertaintyUnit): string {
  const [low, high] = u.rankInterval;
  return low === high ? `${low}` : `${low}–${high}`;
}
