/**
 * 总体情况: the summary in Chinese prose, from the shared summary model (the Markdown
 * bulletin states the same facts). The internal edition names scores and ranks; the
 * public one (DESIGN: provinces often publish only the grade and its units) does not.
 */
import type { UnitResultV1 } from '../../core/index.js';
import { atScale, namedFew } from '../scale.js';
import { type BulletinSummary, summarize } from '../summary.js';
import { type ReportContext, num, previousOf } from './context.js';
import { type Content, type Markup, html, join } from './markup.js';

type Edition = 'internal' | 'public';

const scored = (ctx: ReportContext, units: readonly UnitResultV1[]) => units.map((u) => `${u.name}（${num(ctx, u.total)} 分）`).join('、');
const byCode = (units: readonly UnitResultV1[]) => [...units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** At scale a grade of more units than this is counted, not listed (the ranking lists them). */
const NAMED_AT_SCALE = 20;

function gradeTable(s: BulletinSummary, edition: Edition, scaled: boolean): Markup {
  // The public edition lists units by administrative code, so their order gives away no rank.
  const order = edition === 'public' ? '按行政区划代码排列' : '按名次排列';
  const named = (g: BulletinSummary['grades'][number]) =>
    scaled && g.count > NAMED_AT_SCALE
      ? `共 ${g.count} 个，见${edition === 'internal' ? '考核排名' : '各单位考核结果'}`
      : (edition === 'public' ? byCode(g.units) : g.units).map((u) => u.name).join('、') || '—';
  return html`<table class="grades"><colgroup><col style="width:16mm"><col style="width:16mm"><col></colgroup>
<thead><tr><th>考核结果</th><th>单位数</th><th>单位（${order}）</th></tr></thead>
<tbody>${s.grades.map((g) => html`<tr><td class="c">${g.grade}</td><td class="c">${g.count}</td><td>${named(g)}</td></tr>`)}</tbody></table>`;
}

function vetoFacts(ctx: ReportContext, s: BulletinSummary, edition: Edition): Markup[] {
  if (atScale(ctx.results) && s.vetoes.length > 1) return [vetoCount(ctx, s, edition)];
  return s.vetoes.map(({ unit, reasons }) => {
    const why = reasons.map((v) => v.title).join('；');
    const basis = reasons.map((v) => ctx.rubric?.vetoes.find((x) => x.code === v.code)?.basis).filter(Boolean);
    const score = edition === 'internal' ? `，得分 ${num(ctx, unit.total)} 分照常计算` : '';
    return html`<li><b>一票否决：</b>${unit.name}——${why}。考核结果定为“${unit.grade}”${score}。${basis.length > 0 ? `（依据：${basis.join('；')}）` : ''}</li>`;
  });
}

/**
 * At scale the vetoed units are counted by reason and a few named (the internal edition's
 * ranking marks every one 否决; the public edition lists each unit's result by city).
 */
function vetoCount(ctx: ReportContext, s: BulletinSummary, edition: Edition): Markup {
  const byReason = new Map<string, { title: string; units: number }>();
  for (const { reasons } of s.vetoes) for (const v of reasons) byReason.set(v.code, { title: v.title, units: (byReason.get(v.code)?.units ?? 0) + 1 });
  const reasons = [...byReason.values()].map((r) => `${r.title} ${r.units} 个`).join('；');
  const grades = [...new Set(s.vetoes.map(({ unit }) => `“${unit.grade}”`))].join('或');
  const bases = [...new Set([...byReason.keys()].map((code) => ctx.rubric?.vetoes.find((x) => x.code === code)?.basis).filter(Boolean))];
  const few = namedFew(edition === 'public' ? byCode(s.vetoes.map((v) => v.unit)) : s.vetoes.map((v) => v.unit));
  const where = edition === 'internal' ? '，全部单位见考核排名（标“否决”）' : '，全部单位见“各单位考核结果”';
  const score = edition === 'internal' ? '，得分照常计算' : '';
  return html`<li><b>一票否决：</b>共 ${s.vetoes.length} 个单位（${reasons}），考核结果定为${grades}${score}。其中${few.named.map((u) => u.name).join('、')}${
    few.more ? `等 ${few.count} 个单位` : ''
  }${where}。${bases.length > 0 ? `（依据：${bases.join('；')}）` : ''}</li>`;
}

function movementFact(ctx: ReportContext): Markup | undefined {
  if (!ctx.previous) return undefined;
  let up = 0;
  let down = 0;
  let same = 0;
  let fresh = 0;
  for (const u of ctx.results.units) {
    const before = previousOf(ctx, u.code);
    if (!before) fresh++;
    else if (before.rank > u.rank) up++;
    else if (before.rank < u.rank) down++;
    else same++;
  }
  const newcomers = fresh > 0 ? `，上年未参加考核 ${fresh} 个` : '';
  return html`<li><b>与${ctx.previousYear}年度相比：</b>名次上升 ${up} 个，下降 ${down} 个，持平 ${same} 个${newcomers}。</li>`;
}

function consequences(ctx: ReportContext, s: BulletinSummary): Markup[] {
  const scaled = atScale(ctx.results);
  // A grade's consequence (e.g. 不合格 → 约谈) is the rubric's; without the rubric it is not stated.
  return (ctx.rubric?.result.grades ?? [])
    .filter((g) => g.consequence)
    .map((g) => ({ g, units: s.grades.find((x) => x.grade === g.grade)?.units ?? [] }))
    .filter(({ units }) => units.length > 0)
    .map(({ g, units }) => {
      const few = scaled ? namedFew(byCode(units)) : { named: byCode(units), more: false, count: units.length };
      const names = `${few.named.map((u) => u.name).join('、')}${few.more ? `等 ${few.count} 个单位` : ''}`;
      return html`<div class="obligation"><b>考核结果为“${g.grade}”的单位：</b>${names}。按照考核细则，${g.consequence}。</div>`;
    });
}

export function overviewSection(ctx: ReportContext, heading: string, edition: Edition): Markup {
  const s = summarize(ctx.results);
  const scaled = atScale(ctx.results);
  const counts = s.grades.map((g) => `${g.grade} ${g.count} 个`).join('，');
  const facts: Content[] = [];
  if (edition === 'internal') {
    const bottom = (s.bottom[0]?.rank ?? 1) > 1 ? `；最后一名：${scored(ctx, s.bottom)}` : '';
    if (s.top.length > 0) facts.push(html`<li><b>第一名：</b>${scored(ctx, s.top)}${bottom}。</li>`);
    if (scaled && s.ties.length > 0) {
      const tied = s.ties.reduce((n, tie) => n + tie.units.length, 0);
      facts.push(html`<li><b>并列：</b>${s.ties.length} 组共 ${tied} 个单位总分相同，各组名次相同（见考核排名中的“并列”）。</li>`);
    } else
      for (const tie of s.ties)
        facts.push(html`<li><b>并列：</b>${tie.units.map((u) => u.name).join('、')}总分相同（${num(ctx, tie.total)} 分），并列第 ${tie.rank} 名。</li>`);
  }
  facts.push(...vetoFacts(ctx, s, edition));
  if (s.missing.length > 0) {
    const items = s.missing.reduce((n, m) => n + m.items.length, 0);
    const where = edition === 'internal' ? '（详见“缺少证据的考核要点”）' : '';
    facts.push(html`<li><b>缺少证据：</b>${s.missing.length} 个单位共 ${items} 个考核要点因证据缺失按 0 分计${where}。</li>`);
  }
  if (edition === 'internal') facts.push(movementFact(ctx));
  const flags =
    edition === 'internal'
      ? s.flags.map(
          (f) => html`<div class="obligation"><b>${f.label}：</b>${scored(ctx, f.units)}。${f.obligation ? `按照考核细则，须${f.obligation}。` : ''}</div>`,
        )
      : [];
  return html`<section class="summary" id="overview"><h2>${heading}</h2>
<p class="lead">共 ${s.units} 个单位参加考核，考核结果：${counts}。</p>
${gradeTable(s, edition, scaled)}
<ul class="facts">${facts}</ul>
${join(flags)}${join(consequences(ctx, s))}
</section>`;
}
