/**
 * The third-party evaluators' notes on a unit (第三方评估意见), on its own scorecard page:
 * each checkpoint they agree or disagree with (or the unit as a whole), why, who and
 * when. Notes come from the service, not from results.json, and change no score; a
 * scorecard made from results alone (kaohe assess, kaohe report) has none, and a unit
 * without notes shows no section, so its page is byte for byte what those commands write.
 */
import type { UnitResultV1 } from '../../core/index.js';
import type { EvaluatorNote } from '../input.js';
import { type Markup, html } from './markup.js';

const VERDICTS: Readonly<Record<EvaluatorNote['verdict'], string>> = { agree: '同意', disagree: '不同意' };

/** Beijing time, as the province reads dates: "2016-04-12 16:05". */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** "G10.1 新开工…覆盖率" for a checkpoint or veto of the unit's results, "整体" for the unit as a whole. */
function subject(u: UnitResultV1, itemCode: string | undefined): string {
  if (itemCode === undefined) return '整体';
  const title = u.items.find((i) => i.code === itemCode)?.title ?? u.vetoes.find((v) => v.code === itemCode)?.title;
  return title === undefined ? itemCode : `${itemCode} ${title}`;
}

export function evaluatorNotesSection(u: UnitResultV1, notes: readonly EvaluatorNote[]): Markup {
  if (notes.length === 0) return html``;
  return html`<h3>第三方评估意见</h3><p class="notice muted">第三方评价机构的复核意见，仅供参考，不改变上列任何得分。时间为北京时间。</p>
<table class="evaluator-notes"><colgroup><col style="width:34mm"><col style="width:14mm"><col><col style="width:20mm"><col style="width:24mm"></colgroup>
<thead><tr><th>考核要点</th><th>意见</th><th>理由</th><th>评价人</th><th>时间</th></tr></thead>
<tbody>${notes.map(
    (n) =>
      html`<tr><td>${subject(u, n.itemCode)}</td><td class="${n.verdict === 'disagree' ? 'fail' : ''}">${VERDICTS[n.verdict]}</td><td>${n.reason}</td><td>${n.by}</td><td>${beijingTime(n.at)}</td></tr>`,
  )}</tbody></table>`;
}
