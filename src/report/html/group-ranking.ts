/**
 * 按市州排名: the ranking again within each group (each city's counties), one short
 * table per group with the rank there beside the overall rank, so a city's examiners
 * find their own counties' standing without reading the whole list.
 */
import type { GroupedRankingView } from '../groups.js';
import { groupRankText } from '../groups.js';
import { type ReportContext, num } from './context.js';
import { type Markup, html } from './markup.js';
import { failingGrades, unitAnchor } from './ranking.js';

export function groupRankingTables(ctx: ReportContext, grouped: GroupedRankingView): Markup {
  const failing = failingGrades(ctx);
  return html`<p class="notice muted">名次按所属${grouped.title}分组；组内名次与总名次同样比较，总分相同者名次相同。</p>${grouped.groups.map(
    (
      g,
    ) => html`<h3>${g.name}（${g.units.length} 个）</h3><table class="ranking group"><colgroup><col style="width:18mm"><col><col style="width:16mm"><col style="width:14mm"><col style="width:16mm"></colgroup>
<thead><tr><th>${grouped.title}内名次</th><th>单位</th><th>总分</th><th>结果</th><th>总名次</th></tr></thead>
<tbody>${g.units.map(
      (u) =>
        html`<tr class="${u.vetoed ? 'vetoed' : ''}"><td class="c">${groupRankText(grouped.byUnit.get(u.code))}</td><td><a href="#${unitAnchor(u.code)}">${u.name}</a></td><td class="n">${num(ctx, u.total)}</td><td class="c"><span class="${failing.has(u.grade) ? 'fail' : ''}">${u.grade}</span></td><td class="c">${u.rank}</td></tr>`,
    )}</tbody></table>`,
  )}`;
}
