/**
 * 各单位考核结果: the public edition's list of every unit's result at scale (report/scale.ts).
 * A small public bulletin names each grade's units in its summary table; at 2,851 counties
 * that cell would be a page of names with no way to find one's own. So at scale each city
 * gets a row (its counties by result, in code order, as a reader looks a county up), or,
 * when the units are not grouped, each result a row. Still no score and no rank: the order
 * is administrative, never the ranking's.
 */
import type { UnitResultV1 } from '../../core/index.js';
import type { ReportContext } from './context.js';
import { type Markup, html } from './markup.js';

const byCode = (units: readonly UnitResultV1[]) => [...units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** The grades in the results' order, each with its units among `units` (grades without any left out). */
function byGrade(ctx: ReportContext, units: readonly UnitResultV1[]): { grade: string; units: UnitResultV1[] }[] {
  return ctx.results.summary.grades.map((g) => ({ grade: g.grade, units: byCode(units.filter((u) => u.grade === g.grade)) })).filter((g) => g.units.length > 0);
}

/** A vetoed unit is marked, since the summary names only a few of them. */
const names = (units: readonly UnitResultV1[]) => units.map((u) => (u.vetoed ? `${u.name}（否决）` : u.name)).join('、');

function groupedRows(ctx: ReportContext, title: string, groups: NonNullable<ReportContext['grouped']>['groups']): Markup {
  const rows = [...groups]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(
      (g) =>
        html`<tr><td>${g.name}</td><td class="c">${g.units.length}</td><td>${byGrade(ctx, g.units).map(
          (r) => html`<div><b>${r.grade}（${r.units.length}）：</b>${names(r.units)}</div>`,
        )}</td></tr>`,
    );
  return html`<p>按${title}排列（行政区划代码顺序），各${title}内按考核结果列出所辖单位：</p><table class="public-results"><colgroup><col style="width:30mm"><col style="width:14mm"><col></colgroup>
<thead><tr><th>${title}</th><th>单位数</th><th>各单位考核结果（按行政区划代码排列）</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function gradeRows(ctx: ReportContext): Markup {
  const rows = byGrade(ctx, ctx.results.units).map(
    (r) => html`<tr><td class="c">${r.grade}</td><td class="c">${r.units.length}</td><td>${names(r.units)}</td></tr>`,
  );
  return html`<table class="public-results"><colgroup><col style="width:16mm"><col style="width:16mm"><col></colgroup>
<thead><tr><th>考核结果</th><th>单位数</th><th>单位（按行政区划代码排列）</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function publicResultsSection(ctx: ReportContext, heading: string): Markup {
  const body = ctx.grouped ? groupedRows(ctx, ctx.grouped.title, ctx.grouped.groups) : gradeRows(ctx);
  return html`<section class="part" id="public-results"><h2>${heading}</h2>${body}</section>`;
}
