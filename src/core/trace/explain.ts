/**
 * explain(): how an item's points were produced, in words a user reads, derived
 * only from the published trace (results.json) and the rubric's item.
 */
import { cmp, fromDouble, sub, toExactText, toFixed } from '../exact/index.js';
import { type Field, type Item, conditionWords, rangeText, type Veto } from '../rubric/index.js';
import type { ItemResultV1, VetoResultV1 } from '../results-file/types.js';
import type { TraceEvent } from './events.js';
import { infix } from './infix.js';
import { STATISTIC_WORDS } from '../logic/derived.js';

const MODE_WORDS = { 'half-up': '四舍五入', 'half-even': '四舍六入五成双（GB/T 8170）', down: '去尾' } as const;
const SOURCE_WORDS = { evidence: '', default: '（未填写，按缺省值）', absent: '（未填写）', target: '' } as const;

/**
 * The date of an ISO time in Beijing time (UTC+8, no daylight saving), as the units read
 * dates. Calendar arithmetic by hand (days from the civil date and back), so that the core
 * never touches Date.
 */
function beijingDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!m) return iso;
  const offset = m[6] === 'Z' ? 0 : (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const minutes = Number(m[4]) * 60 + Number(m[5]) - offset + 8 * 60;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) + Math.floor(minutes / 1440);
  const [y, mo, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day count since 1970-01-01 (civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Who gave a value the rule read: the unit, the examiner, or target filing with its dates. */
function whoWords(field: Field | undefined, e: Extract<TraceEvent, { kind: 'read' }>): string {
  if (e.filed !== undefined) return `［目标备案：${beijingDate(e.filed.filedAt)} 备案，${beijingDate(e.filed.approvedAt)} ${e.filed.approvedBy} 批准］`;
  if (field?.filledBy === 'target') return '［目标备案：无已批准的目标］';
  return field?.filledBy === 'examiner' ? '［考核组填写］' : '［单位填报］';
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    // Exact non-decimal values are traced as fractions; add an approximation for the reader.
    const fraction = /^(-?\d+)\/(\d+)$/.exec(value);
    return fraction ? `${value}（≈${(Number(fraction[1]) / Number(fraction[2])).toFixed(4)}）` : value;
  }
  return JSON.stringify(value) ?? String(value);
}

/** The sub-rule at a trace path such as `$.max[1]["-"][1]`. */
export function nodeAt(rule: unknown, path: string): unknown {
  const steps = [...path.slice(1).matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)];
  let node = rule;
  for (const [, name, index, quoted] of steps) {
    const key = name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted as string) as string));
    const next = (node as Record<string | number, unknown>)[key];
    // A single, unwrapped argument ({"!": x}) is addressed as if it were [x].
    node = next === undefined && key === 0 && !Array.isArray(node) ? node : next;
  }
  return node;
}

function fieldLine(fields: readonly Field[], e: Extract<TraceEvent, { kind: 'read' }>): string {
  const field = fields.find((f) => f.key === e.field);
  const label = field ? `${field.label}（${e.field}）` : e.field;
  const unit = field?.unit && e.source !== 'absent' ? ` ${field.unit}` : '';
  const who = whoWords(field, e);
  const range = field && (field.type === 'number' || field.type === 'integer') ? `，允许范围 ${rangeText(field)}` : '';
  const asked = field?.requiredWhen === undefined ? '' : `，仅当${conditionWords(field)}时填写`;
  return `    ${label} = ${e.source === 'absent' ? '—' : show(e.value)}${unit}${SOURCE_WORDS[e.source]} ${who}${range}${asked}`;
}

/** A published number at the rubric's precision ("2.30"), as every report shows it. */
function points(value: number, precision: number | undefined): string {
  return precision === undefined ? String(value) : toFixed(fromDouble(value), precision);
}

/** `precision` (the rubric's) formats the points as reports do; without it they print as stored. */
export function explainItem(item: Item, result: ItemResultV1, unitName?: string, precision?: number): string {
  const lines: string[] = [];
  const capText = result.cap === undefined ? '' : `，最高可得 ${points(result.cap, precision)} 分`;
  lines.push(`${item.code} ${item.title}${unitName ? `（${unitName}）` : ''}`);
  lines.push(`  分值 ${points(result.max, precision)} 分${capText}`);
  lines.push(`  评分方法：${item.method}`);
  lines.push(`  规则：${infix(item.rule.source)}`);
  lines.push(...evidenceAndSteps(item.fields, item.rule.source, result.trace));
  for (const e of result.trace) lines.push(...eventLines(e));
  const lost = sub(fromDouble(result.max), fromDouble(result.score));
  const self = result.selfScore === undefined ? '' : `；自评分 ${points(result.selfScore, precision)} 分`;
  const score = points(result.score, precision);
  if (result.kind === 'bonus')
    lines.push(`  加分：${score} 分${self}${result.group === undefined ? '' : `（计入加分组 ${result.group}，与同组各项合计不超过本组上限）`}`);
  else if (result.kind === 'deduction') lines.push(`  扣分：${score} 分`);
  else lines.push(`  得分：${score} 分${cmp(lost, 0) > 0 ? `（失 ${precision === undefined ? toExactText(lost) : toFixed(lost, precision)} 分）` : ''}${self}`);
  return lines.join('\n');
}

type Derived = Extract<TraceEvent, { kind: 'population' | 'previous' }>;

/** A statistic over the units, or last year's value, as read by the rule. */
function derivedLine(fields: readonly Field[], e: Derived): string {
  const field = fields.find((f) => f.key === e.field);
  const label = field ? `${field.label}（${e.field}）` : e.field;
  if (e.kind === 'previous') {
    const unit = field?.unit ? ` ${field.unit}` : '';
    return e.source === 'absent' ? `    上年 ${label} = —（上年无此值）` : `    上年 ${label} = ${show(e.value)}${unit} ［上年证据］`;
  }
  const ranked = e.statistic === 'rank' || e.statistic === 'rank-asc';
  const unit = field?.unit && !ranked && e.statistic !== 'count' && e.value !== null ? ` ${field.unit}` : '';
  const who = ranked ? '本单位' : '全体单位';
  const left = e.excluded.length > 0 ? `，缺 ${e.excluded.length} 个：${e.excluded.join('、')}` : '';
  const value = e.value === null ? '—（无）' : show(e.value);
  const tie = ranked ? '；同值并列，其后名次顺延' : '';
  return `    ${label}${who}${STATISTIC_WORDS[e.statistic]} = ${value}${unit}（${e.units.length} 个单位${left}${tie}）`;
}

function evidenceAndSteps(fields: readonly Field[], rule: unknown, trace: readonly TraceEvent[]): string[] {
  const lines: string[] = [];
  const reads = trace.filter((e): e is Extract<TraceEvent, { kind: 'read' }> => e.kind === 'read');
  if (reads.length > 0) {
    lines.push('  读取的证据：');
    for (const e of reads) lines.push(fieldLine(fields, e));
  }
  const derived = trace.filter((e): e is Derived => e.kind === 'population' || e.kind === 'previous');
  if (derived.length > 0) {
    lines.push('  读取的全体单位统计值和上年数据：');
    for (const e of derived) lines.push(derivedLine(fields, e));
  }
  const evals = trace.filter((e): e is Extract<TraceEvent, { kind: 'eval' }> => e.kind === 'eval' && e.op !== 'var');
  if (evals.length > 0) {
    lines.push('  计算过程（按求值顺序）：');
    for (const e of evals) lines.push(`    ${infix(nodeAt(rule, e.path))} = ${show(e.value)}`);
  }
  return lines;
}

export function explainVeto(veto: Veto, result: VetoResultV1, unitName?: string): string {
  const lines = [`${veto.code} 一票否决：${veto.title}${unitName ? `（${unitName}）` : ''}`, `  说明：${veto.method}`];
  if (veto.basis) lines.push(`  依据：${veto.basis}`);
  lines.push(`  规则：${infix(veto.rule.source)}`);
  lines.push(...evidenceAndSteps(veto.fields, veto.rule.source, result.trace));
  if (result.missing) lines.push('  缺少证据：考核组尚未填写核查结论，本事项未能判定');
  else lines.push(result.triggered ? `  结论：触发一票否决，考核结果为“${result.result}”（得分照常计算）` : '  结论：未触发');
  return lines.join('\n');
}

function eventLines(e: TraceEvent): string[] {
  switch (e.kind) {
    case 'missing':
      return [`  缺少证据：${e.fields.join('、')} 未填写，本要点按 0 分计并标记为“缺证据”`];
    case 'not_applicable':
      return [`  单位申报“不涉及”，按考核细则得 ${show(e.score)} 分`];
    case 'raw':
      return [`  规则结果：${show(e.value)}`];
    case 'clamp':
      return [e.bound === 'floor' ? `  规则结果 ${show(e.from)} 低于 0，按 0 计（扣完为止）` : `  规则结果 ${show(e.from)} 高于上限，按 ${show(e.to)} 计`];
    case 'round':
      return [`  修约：${MODE_WORDS[e.mode]}保留 ${e.places} 位小数，${show(e.from)} → ${show(e.to)}`];
    case 'adjust':
      return [`  考核组调整：${show(e.from)} → ${show(e.to)} 分，理由：${e.justification}${e.by ? `（${e.by}）` : ''}`];
    default:
      return [];
  }
}
