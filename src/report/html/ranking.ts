/**
 * The ranked table (排名表): one row per unit in rank order with its total, result,
 * every section subtotal, bonus and deductions, and — only when last year's results
 * were given — the change in rank and in score. Numbers at the rubric's precision.
 */
import type { UnitResultV1 } from '../../core/index.js';
import { type ReportContext, compare, difference, num, numText, previousOf } from './context.js';
import { type Markup, html } from './markup.js';
import { scorecardPath } from '../file-names.js';
import { groupRankText } from '../groups.js';
import { atScale } from '../scale.js';

export function unitAnchor(code: string): string {
  return `unit-${code}`;
}

function rankChange(ctx: ReportContext, u: UnitResultV1): Markup {
  const before = previousOf(ctx, u.code);
  if (!before) return html`<td class="c"><span class="same" title="上年未参加考核">新</span></td>`;
  const moved = before.rank - u.rank;
  if (moved > 0) return html`<td class="c"><span class="up" title="较上年第 ${before.rank} 名上升 ${moved} 名">▲ ${moved}</span></td>`;
  if (moved < 0) return html`<td class="c"><span class="down" title="较上年第 ${before.rank} 名下降 ${-moved} 名">▼ ${-moved}</span></td>`;
  return html`<td class="c"><span class="same" title="与上年名次相同">—</span></td>`;
}

function scoreChange(ctx: ReportContext, u: UnitResultV1): Markup {
  const before = previousOf(ctx, u.code);
  if (!before) return html`<td class="c"><span class="same">—</span></td>`;
  const sign = compare(u.total, before.total);
  const delta = difference(ctx, u.total, before.total).replace(/^-/, '');
  const title = `上年 ${num(ctx, before.total)} 分`;
  if (sign > 0) return html`<td class="n"><span class="up" title="${title}">▲ ${delta}</span></td>`;
  if (sign < 0) return html`<td class="n"><span class="down" title="${title}">▼ ${delta}</span></td>`;
  return html`<td class="n"><span class="same" title="${title}">— ${delta}</span></td>`;
}

/** 否决, 并列, 后三位, 缺证据: the marks a reader must not miss. */
function unitTags(u: UnitResultV1): Markup {
  return html`${u.vetoed ? html`<span class="tag red">否决</span>` : ''}${u.flags.map((f) => html`<span class="tag amber">${f.label}</span>`)}${
    u.tiedWith.length > 0 ? html`<span class="tag grey">并列</span>` : ''
  }${u.missingItems.length > 0 ? html`<span class="tag grey">缺证据 ${u.missingItems.length}</span>` : ''}`;
}

function gradeCell(u: UnitResultV1, failing: ReadonlySet<string>): Markup {
  return html`<span class="${failing.has(u.grade) ? 'fail' : ''}">${u.grade}</span>`;
}

/** Grades a rubric attaches a consequence to, or that a veto forces: shown in red. */
export function failingGrades(ctx: ReportContext): ReadonlySet<string> {
  const grades = new Set(ctx.results.units.filter((u) => u.vetoed).map((u) => u.grade));
  for (const g of ctx.rubric?.result.grades ?? []) if (g.consequence) grades.add(g.grade);
  if (ctx.rubric) grades.add(ctx.rubric.result.veto);
  return grades;
}

/** Where a unit's name leads: its scorecard in the bulletin, or at scale its scorecard document beside the bulletin. */
function unitLink(ctx: ReportContext, code: string): string {
  return atScale(ctx.results) ? scorecardPath(code) : `#${unitAnchor(code)}`;
}

/** At scale, the unit's city and its rank there, in two cells (the grouped tables would repeat every unit). */
function groupCells(ctx: ReportContext, u: UnitResultV1): Markup {
  const inGroup = ctx.grouped?.byUnit.get(u.code);
  return html`<td>${inGroup?.name ?? ''}</td><td class="c">${groupRankText(inGroup)}</td>`;
}

function row(ctx: ReportContext, u: UnitResultV1, failing: ReadonlySet<string>, withChanges: boolean, withGroups: boolean): Markup {
  const rowClass = u.vetoed ? 'vetoed' : u.flags.length > 0 ? 'flagged' : '';
  return html`<tr class="${rowClass}"><td class="c">${u.rank}</td><td><a href="${unitLink(ctx, u.code)}">${u.name}</a></td>${withGroups ? groupCells(ctx, u) : ''}<td class="n"><b>${num(ctx, u.total)}</b></td><td class="c">${gradeCell(u, failing)}</td>${u.sections.map(
    (s) => html`<td class="n">${num(ctx, s.score)}</td>`,
  )}<td class="n">${num(ctx, u.bonus)}</td><td class="n">${num(ctx, u.deductions)}</td>${withChanges ? html`${rankChange(ctx, u)}${scoreChange(ctx, u)}` : ''}<td>${unitTags(u)}</td></tr>`;
}

export function rankingTable(ctx: ReportContext): Markup {
  const { results } = ctx;
  const sections = results.units[0]?.sections ?? [];
  const withChanges = ctx.previous !== undefined;
  const failing = failingGrades(ctx);
  const withGroups = atScale(results) && ctx.grouped !== undefined;
  const groupTitle = ctx.grouped?.title ?? '';
  const bonusCap = ctx.rubric?.bonus ? html`<span class="max">上限 ${numText(ctx, ctx.rubric.bonus.cap)}</span>` : '';
  // Millimetres of the 180 mm line: fixed columns for rank, total, result, bonus, deductions,
  // changes and marks; the sections share what is left after ~28 mm for the unit's name
  // (a column width is a minimum in an auto-layout table, so the sum must stay within 180).
  const marks = withChanges ? 15 : 17;
  const fixedWidth = 9 + 12 + 12 + 10 + 10 + (withChanges ? 24 : 0) + (withGroups ? 30 : 0) + marks;
  const sectionWidth = Math.max(8, Math.min(16, Math.floor((180 - fixedWidth - 28) / Math.max(1, sections.length))));
  return html`<table class="ranking"><colgroup><col style="width:9mm"><col>${withGroups ? html`<col style="width:18mm"><col style="width:12mm">` : ''}<col style="width:12mm"><col style="width:12mm">${sections.map(
    () => html`<col style="width:${sectionWidth}mm">`,
  )}<col style="width:10mm"><col style="width:10mm">${withChanges ? html`<col style="width:11mm"><col style="width:13mm">` : ''}<col style="width:${marks}mm"></colgroup>
<thead><tr><th class="narrow">名次</th><th>单位</th>${withGroups ? html`<th>所属${groupTitle}</th><th>${groupTitle}内名次</th>` : ''}<th>总分<span class="max">${num(ctx, results.rubric.total)}</span></th><th>结果</th>${sections.map(
    (s) => html`<th>${s.title}<span class="max">${num(ctx, s.max)}</span></th>`,
  )}<th>加分${bonusCap}</th><th>扣分</th>${withChanges ? html`<th>名次<br>变化</th><th>得分<br>变化</th>` : ''}<th>备注</th></tr></thead>
<tbody>${results.units.map((u) => row(ctx, u, failing, withChanges, withGroups))}</tbody></table>
<p class="notice muted">注：总分 = ${sections.some((s) => s.weight !== undefined) ? '各部分得分乘以权重之和' : '各部分得分之和'}（基本分）+ 加分 − 扣分，低于 0 按 0 计。${
    withChanges ? `名次变化、得分变化与${ctx.previousYear}年度相比：▲ 上升，▼ 下降，— 持平，“新”为上年未参加考核。` : ''
  }${atScale(results) ? '各单位评分明细见各自的评分表（点击单位名称），另行印送各单位。' : '各单位评分明细见后附评分表。'}</p>`;
}
