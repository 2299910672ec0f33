/**
 * Why an item scored what it did, in words, from its trace (results.json). With the
 * rubric the full explanation is core's explainItem() — the same words `kaohe explain`
 * prints — and field labels replace field keys; without it, everything is still derived
 * from the trace events alone, so a scorecard never needs more than results.json.
 */
import { explainItem, type ItemResultV1 } from '../../core/index.js';
import type { Field } from '../../core/rubric/index.js';
import type { TraceEvent } from '../../core/trace/events.js';
import { ROUNDING_WORDS } from '../format.js';
import { STATISTIC_WORDS } from '../../core/logic/derived.js';
import { type ReportContext, compare, difference, num } from './context.js';

type Read = Extract<TraceEvent, { kind: 'read' }>;
type Derived = Extract<TraceEvent, { kind: 'population' | 'previous' }>;

/** A traced value as a reader reads it: 是/否, lists with 、, exact fractions with an approximation. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map(valueText).join('、');
  if (typeof value === 'string') {
    const fraction = /^(-?\d+)\/(\d+)$/.exec(value);
    return fraction ? `${value}（≈${(Number(fraction[1]) / Number(fraction[2])).toFixed(4)}）` : value;
  }
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** Points in a trace (a JSON number, or exact text such as "5/3"), at the rubric's precision when decimal. */
function pointsText(ctx: ReportContext, value: unknown): string {
  return typeof value === 'number' ? num(ctx, value) : valueText(value);
}

function field(ctx: ReportContext, item: ItemResultV1, key: string): Field | undefined {
  return ctx.rubric?.items.get(item.code)?.fieldsByKey.get(key);
}

function fieldLabel(ctx: ReportContext, item: ItemResultV1, key: string): string {
  return field(ctx, item, key)?.label ?? key;
}

function readText(ctx: ReportContext, item: ItemResultV1, e: Read): string {
  const f = field(ctx, item, e.field);
  if (e.source === 'absent') return `${f?.label ?? e.field}：未填写`;
  const unit = f?.unit && typeof e.value === 'number' ? ` ${f.unit}` : '';
  return `${f?.label ?? e.field}：${valueText(e.value)}${unit}${e.source === 'default' ? '（未填写，按缺省值）' : ''}`;
}

/** A statistic over the units or last year's value, as short as a scorecard's reason column allows. */
function derivedText(ctx: ReportContext, item: ItemResultV1, e: Derived): string {
  const f = field(ctx, item, e.field);
  const label = f?.label ?? e.field;
  const unit = f?.unit && typeof e.value === 'number' ? ` ${f.unit}` : '';
  if (e.kind === 'previous') return e.source === 'absent' ? `上年${label}：无` : `上年${label}：${valueText(e.value)}${unit}`;
  if (e.statistic === 'rank' || e.statistic === 'rank-asc')
    return e.value === null ? `${label}：未参加排位` : `${label}：第 ${valueText(e.value)} 名（共 ${e.units.length} 个单位）`;
  const shownUnit = e.statistic === 'count' ? '' : unit;
  return `${label}${STATISTIC_WORDS[e.statistic]}：${valueText(e.value)}${shownUnit}（${e.units.length} 个单位）`;
}

function eventPhrase(ctx: ReportContext, item: ItemResultV1, e: TraceEvent): string | undefined {
  switch (e.kind) {
    case 'missing':
      return `缺少证据：${e.fields.map((k) => fieldLabel(ctx, item, k)).join('、')}未填写，按 0 分计`;
    case 'not_applicable':
      return `不涉及：按考核细则得 ${pointsText(ctx, e.score)} 分`;
    case 'clamp':
      return e.bound === 'floor'
        ? `规则结果 ${valueText(e.from)} 低于 0，按 0 计（扣完为止）`
        : `规则结果 ${valueText(e.from)} 超过上限，按 ${pointsText(ctx, e.to)} 分计`;
    case 'round':
      return `修约：${valueText(e.from)} → ${pointsText(ctx, e.to)}（${ROUNDING_WORDS[e.mode] ?? e.mode}保留 ${e.places} 位小数）`;
    case 'adjust':
      return `考核组调整：${pointsText(ctx, e.from)} → ${pointsText(ctx, e.to)} 分。理由：${e.justification}${e.by ? `（${e.by}）` : ''}`;
    default:
      return undefined;
  }
}

/** Whether a reader needs a reason for this item: it lost points, was deducted, or something overrode the rule. */
function needsReason(item: ItemResultV1): boolean {
  if (item.status !== 'scored' || item.adjustment) return true;
  if (item.trace.some((e) => e.kind === 'clamp' || e.kind === 'round')) return true;
  if (item.kind === 'deduction') return compare(item.score, 0) > 0;
  return item.kind === 'checkpoint' && compare(item.max, item.score) !== 0;
}

/**
 * The short reason shown beside an item in the scorecard table: the evidence the rule
 * read (for a scored item), then every step that changed the rule's result.
 */
export function reasonPhrases(ctx: ReportContext, item: ItemResultV1): string[] {
  if (!needsReason(item)) return [];
  const phrases: string[] = [];
  if (item.status === 'scored') {
    const reads = item.trace.filter((e): e is Read => e.kind === 'read');
    if (reads.length > 0) phrases.push(reads.map((e) => readText(ctx, item, e)).join('；'));
    const derived = item.trace.filter((e): e is Derived => e.kind === 'population' || e.kind === 'previous');
    if (derived.length > 0) phrases.push(derived.map((e) => derivedText(ctx, item, e)).join('；'));
  }
  for (const e of item.trace) {
    const phrase = eventPhrase(ctx, item, e);
    if (phrase) phrases.push(phrase);
  }
  if (item.kind === 'checkpoint' && compare(item.score, item.max) > 0) {
    const cap = item.cap === undefined ? '' : `（最高可得 ${num(ctx, item.cap)} 分）`;
    phrases.push(`超额完成，得分高于分值 ${difference(ctx, item.score, item.max)} 分${cap}`);
  }
  return phrases;
}

/**
 * The full explanation, line by line (leading spaces mark the depth): explainItem()
 * when the rubric is at hand, else the same story told from the trace alone.
 */
export function explanationLines(ctx: ReportContext, item: ItemResultV1, unitName: string): string[] {
  const rubricItem = ctx.rubric?.items.get(item.code);
  if (rubricItem) return explainItem(rubricItem, item, unitName, ctx.places).split('\n');
  const lines = [`${item.code} ${item.title}（${unitName}）`];
  lines.push(`  分值 ${num(ctx, item.max)} 分${item.cap === undefined ? '' : `，最高可得 ${num(ctx, item.cap)} 分`}`);
  const reads = item.trace.filter((e): e is Read => e.kind === 'read');
  if (reads.length > 0) lines.push('  读取的证据：', ...reads.map((e) => `    ${readText(ctx, item, e)}`));
  const derived = item.trace.filter((e): e is Derived => e.kind === 'population' || e.kind === 'previous');
  if (derived.length > 0) lines.push('  读取的全体单位统计值和上年数据：', ...derived.map((e) => `    ${derivedText(ctx, item, e)}`));
  const evals = item.trace.filter((e): e is Extract<TraceEvent, { kind: 'eval' }> => e.kind === 'eval' && e.op !== 'var');
  // Without the rubric the rule's text is unknown; the trace still names each step's operator and place.
  if (evals.length > 0)
    lines.push('  计算过程（按求值顺序，运算及其在规则中的位置）：', ...evals.map((e) => `    ${e.op} @ ${e.path} = ${valueText(e.value)}`));
  for (const e of item.trace) {
    if (e.kind === 'raw') lines.push(`  规则结果：${valueText(e.value)}`);
    const phrase = eventPhrase(ctx, item, e);
    if (phrase) lines.push(`  ${phrase}`);
  }
  const self = item.selfScore === undefined ? '' : `；自评分 ${num(ctx, item.selfScore)} 分`;
  const lost = compare(item.max, item.score) > 0 && item.kind === 'checkpoint' ? `（失 ${difference(ctx, item.max, item.score)} 分）` : '';
  const label = item.kind === 'bonus' ? '加分' : item.kind === 'deduction' ? '扣分' : '得分';
  lines.push(`  ${label}：${num(ctx, item.score)} 分${lost}${self}`);
  return lines;
}
