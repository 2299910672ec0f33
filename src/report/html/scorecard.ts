/**
 * A unit's scorecard (评分表): what the city studies to improve. Its totals and result,
 * its radar chart, where it lost most, every checkpoint with the reason in words, the
 * bonus and deduction items, vetoes, the examiners' findings, and the full explanation
 * of the items that matter most. Used inside the bulletin and as a page of its own.
 */
import type { ItemResultV1, UnitResultV1 } from '../../core/index.js';
import { cmp } from '../../core/exact/index.js';
import type { ChartImages } from '../charts/spec.js';
import type { ReportInput } from '../input.js';
import { type ReportContext, compare, num, percent, previousOf, reportContext, signedDifference } from './context.js';
import { htmlDocument } from './document.js';
import { evaluatorNotesSection } from './evaluator-notes.js';
import { figure, unitChartName } from './figures.js';
import { type Markup, html } from './markup.js';
import { failingGrades, unitAnchor } from './ranking.js';
import { biggestLosses, bonusTable, checkpointTable, deductionTable, explanationBlock, lossesTable, vetoTable } from './scorecard-items.js';

/** How many of the costliest items "what would have raised the score most" lists. */
const LOSSES_SHOWN = 5;

function keyFigures(ctx: ReportContext, u: UnitResultV1): Markup {
  const failing = failingGrades(ctx).has(u.grade);
  const self =
    u.selfTotal === undefined
      ? html`<div><small>自评总分</small><b>—</b><small>未填报</small></div>`
      : html`<div><small>自评总分</small><b>${num(ctx, u.selfTotal)}</b><small>核定较自评 ${signedDifference(ctx, u.total, u.selfTotal)}</small></div>`;
  const why = u.vetoed ? `一票否决（按得分为${u.scoreGrade}）` : '按总分评定';
  return html`<div class="keyfigs"><div><small>总分</small><b>${num(ctx, u.total)}</b><small>满分 ${num(ctx, ctx.results.rubric.total)}</small></div><div><small>名次</small><b>${u.rank}</b><small>共 ${ctx.results.units.length} 个单位${u.tiedWith.length > 0 ? '（并列）' : ''}</small></div><div><small>考核结果</small><b class="${failing ? 'fail' : ''}">${u.grade}</b><small>${why}</small></div>${self}</div>`;
}

function notices(ctx: ReportContext, u: UnitResultV1): Markup {
  const lines: Markup[] = [];
  for (const v of u.vetoes.filter((x) => x.triggered))
    lines.push(html`<p class="notice fail">一票否决：${v.title}。考核结果定为“${v.result}”，得分照常计算。</p>`);
  const consequence = ctx.rubric?.result.grades.find((g) => g.grade === u.grade)?.consequence;
  if (consequence) lines.push(html`<div class="obligation"><b>考核结果为“${u.grade}”：</b>按照考核细则，${consequence}。</div>`);
  for (const f of u.flags)
    lines.push(html`<div class="obligation"><b>${f.label}：</b>${f.obligation ? `按照考核细则，须${f.obligation}。` : '本单位列入此名单。'}</div>`);
  if (u.tiedWith.length > 0) {
    const others = u.tiedWith.filter((c) => c !== u.code).map((c) => ctx.results.units.find((x) => x.code === c)?.name ?? c);
    lines.push(html`<p class="notice">与${others.join('、')}总分相同，并列第 ${u.rank} 名。</p>`);
  }
  const inGroup = ctx.grouped?.byUnit.get(u.code);
  // A group of one (嘉峪关市 among counties) says nothing its overall rank does not.
  if (inGroup && inGroup.of > 1)
    lines.push(html`<p class="notice">在${inGroup.name}的 ${inGroup.of} 个单位中列第 ${inGroup.rank} 名${inGroup.tiedWith.length > 0 ? '（并列）' : ''}。</p>`);
  const before = previousOf(ctx, u.code);
  if (before)
    lines.push(
      html`<p class="notice">${ctx.previousYear}年度：第 ${before.rank} 名，${num(ctx, before.total)} 分，${before.grade}；总分变化 ${signedDifference(ctx, u.total, before.total)} 分。</p>`,
    );
  return html`${lines}`;
}

function sectionTable(ctx: ReportContext, u: UnitResultV1): Markup {
  return html`<table class="sections"><colgroup><col><col style="width:14mm"><col style="width:14mm"><col style="width:15mm"></colgroup>
<thead><tr><th>部分</th><th>分值</th><th>得分</th><th>得分率</th></tr></thead>
<tbody>${u.sections.map((s) => html`<tr><td>${s.title}</td><td class="n">${num(ctx, s.max)}</td><td class="n">${num(ctx, s.score)}</td><td class="n">${percent(ctx, s.score, s.max)}</td></tr>`)}
<tr class="group"><td>基本分</td><td class="n">${num(ctx, ctx.results.rubric.total)}</td><td class="n">${num(ctx, u.base)}</td><td class="n">${percent(ctx, u.base, ctx.results.rubric.total)}</td></tr>
<tr><td>加分${cmp(u.bonusClaimed, u.bonus) !== 0 ? `（申报 ${num(ctx, u.bonusClaimed)}，按上限计）` : ''}</td><td></td><td class="n">${num(ctx, u.bonus)}</td><td></td></tr>
<tr><td>扣分</td><td></td><td class="n">${compare(u.deductions, 0) > 0 ? `−${num(ctx, u.deductions)}` : num(ctx, u.deductions)}</td><td></td></tr>
<tr class="group"><td>总分</td><td></td><td class="n">${num(ctx, u.total)}</td><td></td></tr></tbody></table>`;
}

function findings(u: UnitResultV1): Markup {
  const found = u.items.filter((i) => i.finding);
  const noted = u.items.filter((i) => i.note);
  const list = (items: ItemResultV1[], text: (i: ItemResultV1) => string) =>
    html`<ol class="findings">${items.map((i) => html`<li><b>${i.code} ${i.title}：</b>${text(i)}</li>`)}</ol>`;
  return html`<h3>考核组核查意见</h3>${found.length > 0 ? list(found, (i) => i.finding ?? '') : html`<p class="notice muted">无。</p>`}${
    noted.length > 0 ? html`<h3>单位填报说明</h3>${list(noted, (i) => i.note ?? '')}` : ''
  }`;
}

/** Items explained in full: the costliest, then every adjusted or missing one (each once). */
function explained(u: UnitResultV1, losses: readonly { item: ItemResultV1 }[]): ItemResultV1[] {
  const chosen = [...losses.map((l) => l.item), ...u.items.filter((i) => i.adjustment || i.status === 'missing')];
  return chosen.filter((item, n) => chosen.indexOf(item) === n);
}

/**
 * `withNotes`: the evaluators' notes go on the unit's own scorecard page only. The
 * bulletin is the province's document, and its printed edition of a finalised run
 * stays as it was made.
 */
export function scorecardArticle(ctx: ReportContext, u: UnitResultV1, withNotes = false): Markup {
  const r = ctx.results.rubric;
  const losses = biggestLosses(u, LOSSES_SHOWN);
  return html`<article class="scorecard" id="${unitAnchor(u.code)}">
<h2 class="unit">${u.name}</h2>
<div class="sub">${ctx.results.year}年度质量工作考核评分表 · 单位代码 ${u.code} · 考核细则 ${r.id} 版本 ${r.version}</div>
${keyFigures(ctx, u)}${notices(ctx, u)}
${sectionTable(ctx, u)}${figure(ctx, unitChartName(u.code), null, 'unit')}
<h3>提分空间：失分最多的考核要点</h3>${lossesTable(ctx, losses)}
<h3>考核要点得分明细</h3>${checkpointTable(ctx, u)}
${u.items.some((i) => i.kind !== 'checkpoint') ? html`<h3>加分项与扣分项</h3>${bonusTable(ctx, u)}${deductionTable(ctx, u)}` : ''}
${u.vetoes.length > 0 ? html`<h3>一票否决事项</h3>${vetoTable(u)}` : ''}
${findings(u)}${withNotes ? evaluatorNotesSection(u, ctx.notes.get(u.code) ?? []) : ''}
<h3>得分计算说明</h3><p class="notice muted">以下为失分最多、经考核组调整或缺少证据的考核要点的完整计算过程，均由 results.json 中的计算轨迹得出。</p>
${explained(u, losses).map((i) => explanationBlock(ctx, i, u.name))}
<p class="notice muted mono">证据哈希 ${u.evidenceHash}</p>
</article>`;
}

/** One unit's scorecard as a document of its own (sent to that unit alone). */
export function scorecardHtml(input: ReportInput, unitCode: string, charts: ChartImages): string {
  const ctx = reportContext(input, charts);
  const unit = ctx.results.units.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`results.json 中没有单位代码为 ${unitCode} 的单位`);
  return scorecardDocument(ctx, unit);
}

/**
 * Every unit's scorecard page by unit code (or only those of `codes`). The context (chart titles included) is built
 * once for all of them: built per unit, the report set grew with the square of the units.
 */
export function scorecardPages(input: ReportInput, charts: ChartImages, codes?: readonly string[]): Map<string, string> {
  const ctx = reportContext(input, charts);
  const wanted = codes && new Set(codes);
  return new Map(ctx.results.units.filter((u) => !wanted || wanted.has(u.code)).map((u) => [u.code, scorecardDocument(ctx, u)]));
}

function scorecardDocument(ctx: ReportContext, unit: UnitResultV1): string {
  return htmlDocument(`${unit.name} ${ctx.results.year}年度质量工作考核评分表`, scorecardArticle(ctx, unit, true));
}
