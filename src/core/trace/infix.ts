/**
 * JsonLogic written the way a scoring method is read: `max(0, 10 − 0.5 × (100 − coverage))`
 * rather than nested JSON. Used only for explanations; the JSON stays the source of truth.
 */
import { isLogic } from '../logic/index.js';
import { type DerivedKind, DERIVED_OPERATORS, parseDerived } from '../logic/derived.js';

const INFIX: Readonly<Record<string, { symbol: string; precedence: number }>> = {
  or: { symbol: ' 或 ', precedence: 1 },
  and: { symbol: ' 且 ', precedence: 2 },
  '==': { symbol: ' = ', precedence: 3 },
  '===': { symbol: ' = ', precedence: 3 },
  '!=': { symbol: ' ≠ ', precedence: 3 },
  '!==': { symbol: ' ≠ ', precedence: 3 },
  '<': { symbol: ' < ', precedence: 4 },
  '<=': { symbol: ' ≤ ', precedence: 4 },
  '>': { symbol: ' > ', precedence: 4 },
  '>=': { symbol: ' ≥ ', precedence: 4 },
  '+': { symbol: ' + ', precedence: 5 },
  '-': { symbol: ' − ', precedence: 5 },
  '*': { symbol: ' × ', precedence: 6 },
  '/': { symbol: ' ÷ ', precedence: 6 },
  '%': { symbol: ' mod ', precedence: 6 },
};

function literal(value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  return JSON.stringify(value) ?? String(value);
}

function render(rule: unknown, outer: number): string {
  if (Array.isArray(rule)) return `[${rule.map((r) => render(r, 0)).join(', ')}]`;
  if (!isLogic(rule)) return literal(rule);
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  const infix = INFIX[op];
  if (op === 'var') {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JsonLogic coerces as JavaScript does, "[object Object]" included
    const name = String(args[0] ?? '');
    return args.length > 1 ? `${name}（缺省 ${render(args[1], 0)}）` : name || '数据';
  }
  if (DERIVED_OPERATORS.has(op)) return derived(op as DerivedKind, raw);
  if (infix && (args.length === 2 || (args.length > 2 && ['+', '*', 'and', 'or', '<', '<='].includes(op)))) {
    const text = args.map((a, i) => render(a, infix.precedence + (i > 0 && (op === '-' || op === '/') ? 1 : 0))).join(infix.symbol);
    return infix.precedence < outer ? `(${text})` : text;
  }
  if (op === '-' && args.length === 1) return `−${render(args[0], 7)}`;
  if (op === '!') return `非 ${render(args[0], 7)}`;
  if (op === '!!') return `真值(${render(args[0], 0)})`;
  if (op === 'if' || op === '?:') {
    const parts: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) parts.push(`${i === 0 ? '若' : '否则若'} ${render(args[i], 0)} 则 ${render(args[i + 1], 0)}`);
    if (args.length % 2 === 1) parts.push(`否则 ${render(args[args.length - 1], 0)}`);
    const text = parts.join('，');
    return outer > 0 ? `（${text}）` : text;
  }
  if (op === 'reduce' && isCount(args)) return `个数(${render(args[0], 0)})`;
  return `${op}(${args.map((a) => render(a, 0)).join(', ')})`;
}

const STATISTIC_NAMES: Readonly<Record<string, string>> = {
  count: '参评单位数',
  min: '全体最小值',
  max: '全体最大值',
  mean: '全体平均值',
  median: '全体中位数',
  rank: '名次',
  'rank-asc': '名次（从低到高）',
};

/** 全体平均值(rate), 名次(rate), 上年(rate，缺省 0). */
function derived(op: DerivedKind, raw: unknown): string {
  const spec = parseDerived(op, raw);
  if (typeof spec === 'string') return `${op}(${JSON.stringify(raw)})`;
  if (spec.kind === 'population') return `${STATISTIC_NAMES[spec.statistic as string] ?? ''}(${spec.field})`;
  return spec.fallback === null ? `上年(${spec.field})` : `上年(${spec.field}，缺省 ${literal(spec.fallback)})`;
}

/** {"reduce":[list, {"+":[{"var":"accumulator"},1]}, 0]} is how rubrics count a set. */
function isCount(args: unknown[]): boolean {
  return JSON.stringify(args.slice(1)) === JSON.stringify([{ '+': [{ var: 'accumulator' }, 1] }, 0]);
}

export function infix(rule: unknown): string {
  return render(rule, 0);
}
