/**
 * 名次的不确定性: the internal bulletin's section on how sure each rank is (issue 13 §1),
 * from an uncertainty/v1 analysis of the same results: what was varied and how, how often
 * each bottom flag marks other units, the rank-interval chart, and a table of the units
 * whose rank is least sure (uncertainty-words.ts, as report.md says them). Never in the
 * public edition: it names ranks.
 */
import type { UncertaintyFileV1 } from '../../analysis/index.js';
import { atScale } from '../scale.js';
import { UNCERTAINTY_CHART } from '../uncertainty.js';
import { fieldLabels, uncertaintyNotes, uncertaintyParagraph, uncertaintyTable } from '../uncertainty-words.js';
import type { ReportContext } from './context.js';
import { figure } from './figures.js';
import { type Markup, html } from './markup.js';

/** `figureNumber`: the chart's number, after the bulletin's other figures. */
export function uncertaintySection(ctx: ReportContext, file: UncertaintyFileV1, heading: string, figureNumber: number): Markup {
  const hasChart = ctx.charts.has(UNCERTAINTY_CHART);
  return html`<section class="part" id="uncertainty"><h2>${heading}</h2>
<p class="lead">${uncertaintyParagraph(file, fieldLabels(ctx.rubric))}</p>
${hasChart ? figure(ctx, UNCERTAINTY_CHART, `图 ${figureNumber}　`) : ''}${unitTable(file)}
<ul class="facts">${uncertaintyNotes(atScale(ctx.results)).map((note) => html`<li>${note}</li>`)}</ul></section>`;
}

/** Numbers centred, chances right-aligned, the results' column as text. */
const CELL_CLASSES = ['c', '', 'c', 'c', 'c', ''];

function unitTable(file: UncertaintyFileV1): Markup {
  const { intro, header, rows } = uncertaintyTable(file);
  const flags = header.length - CELL_CLASSES.length;
  const cell = (text: string, i: number) => {
    const name = CELL_CLASSES[i] ?? 'n';
    return name === '' ? html`<td>${text}</td>` : html`<td class="${name}">${text}</td>`;
  };
  return html`<p>${intro}</p><table class="uncertainty"><colgroup><col style="width:16mm"><col style="width:32mm"><col style="width:16mm"><col style="width:19mm"><col style="width:22mm"><col>${Array.from(
    { length: flags },
    () => html`<col style="width:22mm">`,
  )}</colgroup>
<thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr${r.flagged ? html` class="flagged"` : ''}>${r.cells.map(cell)}</tr>`)}</tbody></table>`;
}
