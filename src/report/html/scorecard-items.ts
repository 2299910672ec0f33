/**
 * The scorecard's item tables: every checkpoint (grouped by section) with its points,
 * self-score, verified score, points lost and the reason in words; the bonus and
 * deduction items; the vetoes; and the items that cost the unit most.
 */
import type { ItemResultV1, UnitResultV1 } from '../../core/index.js';
import { type Num, cmp } from '../../core/exact/index.js';
import { type ReportContext, num, numText, pointsLost } from './context.js';
import { type Markup, html } from './markup.js';
import { explanationLines, reasonPhrases } from './reasons.js';

const dash = '—';

function itemTags(item: ItemResultV1): Markup {
  return html`${item.key ? html`<span class="tag grey" title="重点考核要点">重点</span>` : ''}${item.status === 'not_applicable' ? html`<span class="tag grey">不涉及</span>` : ''}${
    item.status === 'missing' ? html`<span class="tag red">缺证据</span>` : ''
  }${item.adjustment ? html`<span class="tag amber">考核组调整</span>` : ''}`;
}

function reasonCell(ctx: ReportContext, item: ItemResultV1): Markup {
  return html`<td class="reason">${reasonPhrases(ctx, item).map((p) => html`<div>${p}</div>`)}</td>`;
}

function lostCell(ctx: ReportContext, item: ItemResultV1): Markup {
  const lost = pointsLost(item.max, item.score);
  return html`<td class="n">${cmp(lost, 0) > 0 ? numText(ctx, lost) : ''}</td>`;
}

const selfCell = (ctx: ReportContext, item: ItemResultV1) => html`<td class="n">${item.selfScore === undefined ? dash : num(ctx, item.selfScore)}</td>`;

function maxCell(ctx: ReportContext, item: ItemResultV1): Markup {
  const cap = item.cap !== undefined && item.cap !== item.max ? html`<span class="max">上限 ${num(ctx, item.cap)}</span>` : '';
  return html`<td class="n">${num(ctx, item.max)}${cap}</td>`;
}

function itemRow(ctx: ReportContext, item: ItemResultV1): Markup {
  return html`<tr><td class="code">${item.code}</td><td>${item.title}${itemTags(item)}</td>${maxCell(ctx, item)}${selfCell(ctx, item)}<td class="n"><b>${num(ctx, item.score)}</b></td>${lostCell(ctx, item)}${reasonCell(ctx, item)}</tr>`;
}

const ITEM_COLUMNS = html`<colgroup><col style="width:13mm"><col style="width:44mm"><col style="width:12mm"><col style="width:12mm"><col style="width:12mm"><col style="width:11mm"><col></colgroup>`;

export function checkpointTable(ctx: ReportContext, unit: UnitResultV1): Markup {
  const groups = unit.sections.map((s) => ({ s, items: unit.items.filter((i) => i.kind === 'checkpoint' && i.section === s.code) }));
  // Checkpoints outside every listed section (a flat rubric) still appear, in one group of their own.
  const loose = unit.items.filter((i) => i.kind === 'checkpoint' && !unit.sections.some((s) => s.code === i.section));
  return html`<table class="items">${ITEM_COLUMNS}
<thead><tr><th>编码</th><th>考核要点</th><th>分值</th><th>自评分</th><th>核定分</th><th>失分</th><th>得分与失分原因</th></tr></thead>
<tbody>${groups.map(
    ({ s, items }) =>
      html`<tr class="group"><td colspan="2">${s.title}</td><td class="n">${num(ctx, s.max)}</td><td></td><td class="n">${num(ctx, s.score)}</td><td></td><td></td></tr>${items.map((i) => itemRow(ctx, i))}`,
  )}${loose.map((i) => itemRow(ctx, i))}</tbody></table>`;
}

export function bonusTable(ctx: ReportContext, unit: UnitResultV1): Markup {
  const items = unit.items.filter((i) => i.kind === 'bonus');
  if (items.length === 0) return html``;
  const capped = cmp(unit.bonusClaimed, unit.bonus) !== 0 ? `，超过加分上限，按 ${num(ctx, unit.bonus)} 分计` : '';
  const row = (i: ItemResultV1) =>
    html`<tr><td class="code">${i.code}</td><td>${i.title}${itemTags(i)}</td>${maxCell(ctx, i)}${selfCell(ctx, i)}<td class="n"><b>${num(ctx, i.score)}</b></td><td></td>${reasonCell(ctx, i)}</tr>`;
  // With bonus groups each group is capped on its own first, so each gets its subtotal row.
  const body = unit.bonusGroups
    ? unit.bonusGroups.map((g) => {
        const over = cmp(g.claimed, g.bonus) !== 0 ? `申报 ${num(ctx, g.claimed)} 分，超过本组上限，按 ${num(ctx, g.bonus)} 分计` : '';
        return html`<tr class="group"><td colspan="2">${g.title}</td><td class="n">${num(ctx, g.cap)}</td><td></td><td class="n">${num(ctx, g.bonus)}</td><td></td><td>${over}</td></tr>${items
          .filter((i) => i.group === g.code)
          .map(row)}`;
      })
    : items.map(row);
  return html`<table class="items">${ITEM_COLUMNS}
<thead><tr><th>编码</th><th>加分项</th><th>最高</th><th>自评分</th><th>加分</th><th></th><th>说明</th></tr></thead>
<tbody>${body}<tr class="group"><td colspan="4">加分合计</td><td class="n">${num(ctx, unit.bonus)}</td><td></td><td>申报加分 ${num(ctx, unit.bonusClaimed)} 分${capped}</td></tr></tbody></table>`;
}

export function deductionTable(ctx: ReportContext, unit: UnitResultV1): Markup {
  const items = unit.items.filter((i) => i.kind === 'deduction');
  if (items.length === 0) return html``;
  const capped =
    cmp(unit.deductionsClaimed, unit.deductions) !== 0 ? `各项合计 ${num(ctx, unit.deductionsClaimed)} 分，按扣分上限计 ${num(ctx, unit.deductions)} 分` : '';
  return html`<table class="items">${ITEM_COLUMNS}
<thead><tr><th>编码</th><th>扣分项</th><th>最多扣</th><th></th><th>扣分</th><th></th><th>说明</th></tr></thead>
<tbody>${items.map(
    (i) =>
      html`<tr><td class="code">${i.code}</td><td>${i.title}${itemTags(i)}</td>${maxCell(ctx, i)}<td></td><td class="n"><b>${cmp(i.score, 0) > 0 ? `−${num(ctx, i.score)}` : num(ctx, i.score)}</b></td><td></td>${reasonCell(ctx, i)}</tr>`,
  )}<tr class="group"><td colspan="4">扣分合计</td><td class="n">${cmp(unit.deductions, 0) > 0 ? `−${num(ctx, unit.deductions)}` : num(ctx, unit.deductions)}</td><td></td><td>${capped}</td></tr></tbody></table>`;
}

export function vetoTable(unit: UnitResultV1): Markup {
  if (unit.vetoes.length === 0) return html``;
  return html`<table class="vetoes"><colgroup><col style="width:13mm"><col><col style="width:62mm"></colgroup>
<thead><tr><th>编码</th><th>一票否决事项</th><th>核查结论</th></tr></thead>
<tbody>${unit.vetoes.map(
    (v) =>
      html`<tr><td class="code">${v.code}</td><td>${v.title}</td><td>${
        v.triggered ? html`<span class="fail">触发：考核结果定为“${v.result}”，得分照常计算</span>` : v.missing ? '考核组尚未填写核查结论，未能判定' : '未触发'
      }</td></tr>`,
  )}</tbody></table>`;
}

/**
 * The items whose points would have raised the total most: checkpoints by points lost
 * and deductions by points deducted. 不涉及 items are left out: the unit cannot act on them.
 */
export function biggestLosses(unit: UnitResultV1, count: number): { item: ItemResultV1; lost: Num }[] {
  return unit.items
    .filter((i) => i.status !== 'not_applicable' && i.kind !== 'bonus')
    .map((item) => ({ item, lost: item.kind === 'deduction' ? pointsLost(item.score, 0) : pointsLost(item.max, item.score) }))
    .filter(({ lost }) => cmp(lost, 0) > 0)
    .sort((a, b) => cmp(b.lost, a.lost)) // stable: equal losses keep the rubric's order
    .slice(0, count);
}

export function lossesTable(ctx: ReportContext, losses: ReturnType<typeof biggestLosses>): Markup {
  if (losses.length === 0) return html`<p class="notice">本单位各考核要点均得满分，无扣分。</p>`;
  return html`<table class="losses"><colgroup><col style="width:8mm"><col style="width:13mm"><col style="width:50mm"><col style="width:11mm"><col style="width:11mm"><col style="width:11mm"><col></colgroup>
<thead><tr><th>序</th><th>编码</th><th>考核要点</th><th>分值</th><th>得分</th><th>失分</th><th>原因</th></tr></thead>
<tbody>${losses.map(
    ({ item, lost }, n) =>
      html`<tr><td class="c">${n + 1}</td><td class="code">${item.code}</td><td>${item.kind === 'deduction' ? '扣分项：' : ''}${item.title}${itemTags(item)}</td><td class="n">${num(ctx, item.max)}</td><td class="n">${
        item.kind === 'deduction' ? `−${num(ctx, item.score)}` : num(ctx, item.score)
      }</td><td class="n"><b>${numText(ctx, lost)}</b></td>${reasonCell(ctx, item)}</tr>`,
  )}</tbody></table>`;
}

/** An explanation block: the lines of explanationLines(), indented by their leading spaces. */
export function explanationBlock(ctx: ReportContext, item: ItemResultV1, unitName: string): Markup {
  const lines = explanationLines(ctx, item, unitName);
  return html`<div class="explain">${lines.map((line) => {
    const depth = Math.min(3, Math.floor((line.length - line.trimStart().length) / 2));
    return html`<div class="l${depth}">${line.trim()}</div>`;
  })}</div>`;
}
