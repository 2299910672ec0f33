/**
 * 名次的不确定性: the internal bulletin's section on how sure each rank is (issue 13 §1),
 * from an uncertainty/v1 analysis of the same results: what was varied and how, how often
 * each bottom flag marks other units, the rank-interval chart, and a table of the units
 * whose rank is least sure. Never in the public edition: it names ranks.
 */
import type { UncertaintyFileV1 } from '../../analysis/index.js';
import { REPORT_FILES } from '../file-names.js';
import { atScale } from '../scale.js';
import { ALL_UNITS_SHOWN, UNCERTAINTY_CHART, WIDEST_SHOWN, type UncertaintyUnit, percentOf, scenarioWords, shownUnits, variedWords } from '../uncertainty.js';
import type { ReportContext } from './context.js';
import { figure } from './figures.js';
import { type Markup, html } from './markup.js';

/** `figureNumber`: the chart's number, after the bulletin's other figures. */
export function uncertaintySection(ctx: ReportContext, file: UncertaintyFileV1, heading: string, figureNumber: number): Markup {
  const hasChart = ctx.charts.has(UNCERTAINTY_CHART);
  return html`<section class="part" id="uncertainty"><h2>${heading}</h2>
<p class="lead">${method(ctx, file)}${flagSentences(file, names(file))}${missingSentence(file)}</p>
${hasChart ? figure(ctx, UNCERTAINTY_CHART, `图 ${figureNumber}　`) : ''}${unitTable(file)}
<ul class="facts"><li>名次中位数：各情形中名次的中位数；5%–95% 名次区间：名次的 5% 与 95% 分位数，即除去名次最好和最差的各约 5% 情形后名次所在的范围。</li><li>概率按全部情形的权重精确计算，四舍五入到 0.1%；每个名次的概率见${
    atScale(ctx.results) ? '不确定性分析的结果文件（uncertainty.json）' : ` ${REPORT_FILES.workbook} 的「名次概率」`
  }。</li></ul></section>`;
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

function method(ctx: ReportContext, file: UncertaintyFileV1): string {
  const varied = variedWords(file, (item, field) => ctx.rubric?.items.get(item)?.fieldsByKey.get(field)?.label);
  const what = varied.length > 0 ? `按以下设定改变证据后重新评分：${varied.join('；')}。` : '';
  const counts = [`共 ${file.variations} 个证据值可变`, ...(file.weights > 0 ? [`${file.weights} 项分值可变`] : [])].join('，');
  return `为检验名次对考核组判断和测量误差的敏感程度，${what}${counts}，${scenarioWords(file)}，每种情形都用精确评分引擎计分。`;
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

function unitTable(file: UncertaintyFileV1): Markup {
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
  return html`<p>${intro}</p><table class="uncertainty"><colgroup><col style="width:16mm"><col style="width:32mm"><col style="width:16mm"><col style="width:19mm"><col style="width:22mm"><col>${flags.map(() => html`<col style="width:22mm">`)}</colgroup>
<thead><tr><th>公布名次</th><th>单位</th><th>公布结果</th><th>名次中位数</th><th>5%–95% 名次区间</th><th>各结果的概率</th>${flags.map((f) => html`<th>${f.label}的概率</th>`)}</tr></thead>
<tbody>${shown.map(
    (u) =>
      html`<tr${u.published.flags.length > 0 ? html` class="flagged"` : ''}><td class="c">${u.published.rank}</td><td>${u.name}</td><td class="c">${u.published.grade}</td><td class="c">${u.medianRank}</td><td class="c">${interval(u)}</td><td>${u.grades
        .map((g) => `${g.grade} ${percentOf(g.probability)}`)
        .join('，')}</td>${flags.map((f) => html`<td class="n">${flagCell(u, f.code)}</td>`)}</tr>`,
  )}</tbody></table>`;
}
