/**
 * report.html: the bulletin (通报) as one self-contained, printable document.
 *
 * Two editions, because provinces publish only each grade and its units and send the
 * scores and ranks to the units separately (DESIGN.md). The internal edition (the
 * default, what `kaohe assess` writes) has everything: the ranked table, the charts
 * and one scorecard per unit. The public edition names no score and no rank.
 */
import type { ChartImages } from '../charts/spec.js';
import { ROUNDING_WORDS } from '../format.js';
import type { ReportInput } from '../input.js';
import { atScale } from '../scale.js';
import { summarize } from '../summary.js';
import { type ReportContext, issuer, num, reportContext } from './context.js';
import { htmlDocument } from './document.js';
import { bulletinChartNames, figure } from './figures.js';
import { type Markup, html } from './markup.js';
import { groupRankingTables } from './group-ranking.js';
import { overviewSection } from './overview.js';
import { publicResultsSection } from './public-results.js';
import { rankingTable } from './ranking.js';
import { scorecardArticle } from './scorecard.js';
import { uncertaintySection } from './uncertainty.js';

export interface BulletinOptions {
  /** 'internal' (default): scores, ranks, charts and scorecards. 'public': grades and their units only. */
  readonly edition?: 'internal' | 'public';
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Part headings numbered 一、二、… in the order they are actually present. */
function numbering(): (title: string) => string {
  let n = 0;
  return (title) => `${NUMERALS[n++] ?? String(n)}、${title}`;
}

function bulletinTitle(ctx: ReportContext): string {
  return `关于${ctx.results.year}年度${ctx.rubric?.document.scope ?? ''}质量工作考核结果的通报`;
}

function front(ctx: ReportContext, edition: 'internal' | 'public'): Markup {
  const r = ctx.results.rubric;
  const doc = ctx.rubric?.document;
  const basis = doc?.basis ?? [];
  const who = issuer(ctx);
  const according = basis.length > 0 ? `根据${basis.map((b) => `《${b}》`).join('、')}，` : '';
  const whom = doc?.scope ?? `${ctx.results.units.length} 个单位`;
  return html`<header class="masthead">${who ? html`<div class="issuer">${who}</div>` : ''}<div class="edition">${edition === 'internal' ? '内部通报 · 注意保存' : '公开发布'}</div><div class="rule"></div></header>
<h1>${bulletinTitle(ctx)}</h1>
${doc?.scope ? html`<p class="addressee">${doc.scope}：</p>` : ''}
<p class="lead">${according}${who ?? ''}按照《${r.title}》，对${whom}${ctx.results.year}年度质量工作进行了考核。现将考核结果通报如下。</p>`;
}

/** The rubric's identity, right under the title: which published rules produced these results. */
function rubricBox(ctx: ReportContext): Markup {
  const r = ctx.results.rubric;
  return html`<table class="meta"><tbody>
<tr><th>考核细则</th><td>《${r.title}》</td></tr>
<tr><th>编号与版本</th><td>${r.id} 版本 ${r.version}（${r.year}年度；满分 ${num(ctx, r.total)} 分）</td></tr>
<tr><th>细则内容哈希</th><td class="mono">${r.hash}</td></tr>
</tbody></table>`;
}

/** Provenance for whoever re-checks the numbers: who set the rules, on what basis, from which evidence. */
function provenanceTable(ctx: ReportContext, edition: 'internal' | 'public'): Markup {
  const doc = ctx.rubric?.document;
  const prev = ctx.previous && edition === 'internal' ? html`<tr><th>上年结果</th><td>${ctx.previousYear}年度考核结果（用于名次与得分变化）</td></tr>` : '';
  return html`<table class="meta"><tbody>
${doc?.issuer ? html`<tr><th>制定单位</th><td>${doc.issuer}</td></tr>` : ''}${doc?.scope ? html`<tr><th>考核对象</th><td>${doc.scope}</td></tr>` : ''}${
    doc && doc.basis.length > 0 ? html`<tr><th>制定依据</th><td>${doc.basis.map((b) => `《${b}》`).join('；')}</td></tr>` : ''
  }
<tr><th>证据哈希</th><td class="mono">${ctx.results.evidenceHash}</td></tr>
<tr><th>计算引擎</th><td>kaohe ${ctx.results.engine.version}${ctx.results.asOf ? `；数据截至 ${ctx.results.asOf}` : ''}</td></tr>
${prev}</tbody></table>`;
}

function chartsSection(ctx: ReportContext, heading: string, names: readonly string[]): Markup {
  if (names.length === 0) return html``;
  return html`<section class="part" id="charts"><h2>${heading}</h2>${names.map((name, n) => figure(ctx, name, `图 ${n + 1}　`))}</section>`;
}

function missingTable(ctx: ReportContext): Markup {
  const rows = summarize(ctx.results).missing.flatMap(({ unit, items }) =>
    items.map((i) => {
      const fields = (i.missingFields ?? []).map((k) => ctx.rubric?.items.get(i.code)?.fieldsByKey.get(k)?.label ?? k);
      return html`<tr><td>${unit.name}</td><td class="code">${i.code}</td><td>${i.title}</td><td>${fields.join('、') || '—'}</td></tr>`;
    }),
  );
  return html`<p>以下考核要点因证据缺失按 0 分计，并在评分表中标为“缺证据”：</p><table class="missing"><colgroup><col style="width:30mm"><col style="width:14mm"><col><col style="width:50mm"></colgroup>
<thead><tr><th>单位</th><th>编码</th><th>考核要点</th><th>缺少的证据</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** At scale: how many units lacked each item's evidence, most often missing first (each unit's own list is on its scorecard). */
function missingCounts(ctx: ReportContext): Markup {
  const byItem = new Map<string, { title: string; units: number }>();
  for (const { items } of summarize(ctx.results).missing)
    for (const i of items) byItem.set(i.code, { title: i.title, units: (byItem.get(i.code)?.units ?? 0) + 1 });
  const rows = [...byItem].sort((a, b) => b[1].units - a[1].units || (a[0] < b[0] ? -1 : 1));
  return html`<p>以下考核要点有单位因证据缺失按 0 分计（各单位缺少的证据见其评分表）：</p><table class="missing"><colgroup><col style="width:14mm"><col><col style="width:24mm"></colgroup>
<thead><tr><th>编码</th><th>考核要点</th><th>缺证据单位数</th></tr></thead><tbody>${rows.map(
    ([code, r]) => html`<tr><td class="code">${code}</td><td>${r.title}</td><td class="n">${r.units}</td></tr>`,
  )}</tbody></table>`;
}

function notes(ctx: ReportContext): Markup {
  const r = ctx.results.rubric;
  const lines = [
    `每个考核要点的得分按${ROUNDING_WORDS[r.rounding] ?? r.rounding}保留 ${r.precision} 位小数，合计时不再修约；计算全程使用精确小数。`,
    '名次按总分精确比较；总分相同的单位名次相同（如 1、2、2、4），同名次按单位代码排列。',
    '一票否决只改变考核结果，不改变得分。',
    '自评分仅作对照，不计入得分；得分以考核组核定的分数为准。',
    ...(ctx.previous ? [`“名次变化”“得分变化”与${ctx.previousYear}年度考核结果相比：▲ 上升，▼ 下降，— 持平，“新”为上年未参加考核。`] : []),
    `本通报的全部数字均取自考核结果文件（results.json），可由证据哈希 ${ctx.results.evidenceHash.slice(0, 19)}… 追溯并复核。`,
  ];
  return html`<ul class="facts">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
}

function signature(ctx: ReportContext): Markup {
  const who = issuer(ctx);
  if (!who && !ctx.results.asOf) return html``;
  return html`<div class="signature">${who ?? ''}${ctx.results.asOf ? html`<br>${ctx.results.asOf}` : ''}</div>`;
}

/** 名次的不确定性, when the input carries an analysis of these results; its figure follows the charts'. */
function uncertaintyPart(ctx: ReportContext, input: ReportInput, part: (title: string) => string): Markup {
  if (!input.uncertainty) return html``;
  return html`\n${uncertaintySection(ctx, input.uncertainty, part('名次的不确定性'), bulletinChartNames(ctx).length + 1)}`;
}

function internalBody(ctx: ReportContext, input: ReportInput): Markup {
  if (atScale(ctx.results)) return internalBodyAtScale(ctx, input);
  const part = numbering();
  const hasMissing = ctx.results.units.some((u) => u.missingItems.length > 0);
  return html`<section class="part" id="front">${front(ctx, 'internal')}${rubricBox(ctx)}${overviewSection(ctx, part('总体情况'), 'internal')}</section>
<section class="part" id="ranking"><h2>${part('考核排名')}</h2>${rankingTable(ctx)}</section>${
    ctx.grouped
      ? html`\n<section class="part" id="ranking-groups"><h2>${part(`按${ctx.grouped.title}排名`)}</h2>${groupRankingTables(ctx, ctx.grouped)}</section>`
      : ''
  }
${chartsSection(ctx, part('统计图表'), bulletinChartNames(ctx))}${uncertaintyPart(ctx, input, part)}
<section class="part" id="notes">${hasMissing ? html`<h2>${part('缺少证据的考核要点')}</h2>${missingTable(ctx)}` : ''}<h2>${part('考核依据与计分说明')}</h2>${provenanceTable(ctx, 'internal')}${notes(ctx)}${signature(ctx)}</section>
${ctx.results.units.map((u) => scorecardArticle(ctx, u))}`;
}

/**
 * The internal bulletin at scale (scale.ts): the summary, the ranking of every unit (with
 * its city and its rank there when grouped), the charts that keep their size, missing
 * evidence counted by item, the notes; each unit's scorecard is a document of its own.
 */
function internalBodyAtScale(ctx: ReportContext, input: ReportInput): Markup {
  const part = numbering();
  const hasMissing = ctx.results.units.some((u) => u.missingItems.length > 0);
  return html`<section class="part" id="front">${front(ctx, 'internal')}${rubricBox(ctx)}${overviewSection(ctx, part('总体情况'), 'internal')}</section>
${chartsSection(ctx, part('统计图表'), bulletinChartNames(ctx))}
<section class="part" id="ranking"><h2>${part('考核排名')}</h2>${rankingTable(ctx)}</section>${uncertaintyPart(ctx, input, part)}
<section class="part" id="notes">${hasMissing ? html`<h2>${part('缺少证据的考核要点')}</h2>${missingCounts(ctx)}` : ''}<h2>${part('考核依据与计分说明')}</h2>${provenanceTable(ctx, 'internal')}${notes(ctx)}${signature(ctx)}</section>`;
}

function publicBody(ctx: ReportContext): Markup {
  const part = numbering();
  const grades = ctx.charts.has('chart-grades.png') ? ['chart-grades.png'] : [];
  const overview = overviewSection(ctx, part('考核结果'), 'public');
  // At scale the summary counts; every unit's result is listed by city after it (public-results.ts).
  const results = atScale(ctx.results) ? publicResultsSection(ctx, part('各单位考核结果')) : html``;
  return html`<section class="part" id="front">${front(ctx, 'public')}${rubricBox(ctx)}${overview}</section>
${results}${chartsSection(ctx, part('统计图表'), grades)}
<section class="part" id="notes"><h2>${part('考核依据')}</h2>${provenanceTable(ctx, 'public')}<p class="lead">各单位的得分、名次和评分明细另行印送各单位。</p>${signature(ctx)}</section>`;
}

export function bulletinHtml(input: ReportInput, charts: ChartImages, options: BulletinOptions = {}): string {
  const ctx = reportContext(input, charts);
  const body = options.edition === 'public' ? publicBody(ctx) : internalBody(ctx, input);
  return htmlDocument(bulletinTitle(ctx), body);
}
