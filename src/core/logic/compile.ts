/**
 * Compiles a JsonLogic rule once into a tree of closures (OPA's "prepare for eval"
 * idea), then evaluates it many times. No code is generated: there is no `eval` and
 * no `new Function`, as government security reviews require.
 *
 * Semantics are json-logic-js 2.0.5's, operator by operator, with one deliberate
 * difference: numbers are exact rationals (see ../exact), so `1-0.1-0.1-0.1` is 0.7.
 * The official JsonLogic test suite runs against this evaluator.
 *
 * Tracing: every operator node outside an iteration body gets an id; when a values
 * array is passed to `evaluate`, each node stores its value there, which is what
 * `trace` turns into "the values of the rule's sub-expressions".
 */
import { at, fail } from '../errors.js';
import { type Num, add, div, isNum, mod, mul, neg, sub, toNumber, fromDouble } from '../exact/index.js';
import { compare, looseEquals, parseFloatOf, strictEquals, toNum, truthy } from './coerce.js';
import { lookup, pathSegments } from './lookup.js';
import { FORBIDDEN_OPERATORS, LIMITS, isAllowedOperator } from './operators.js';
import { runtimeError } from './runtime-error.js';

/** Values recorded per node id during one evaluation; undefined = not evaluated. */
export type TraceValues = unknown[];

type Fn = (data: unknown, t: TraceValues | null) => unknown;

export interface RuleNode {
  readonly id: number;
  /** JSONPath of the node inside the document the rule came from. */
  readonly path: string;
  readonly op: string;
  /** The node's JsonLogic source. */
  readonly rule: unknown;
  /** Position in evaluation (post-)order: arguments come before their operator. */
  readonly order: number;
}

export interface CompiledRule {
  readonly source: unknown;
  readonly path: string;
  readonly nodes: readonly RuleNode[];
  evaluate(data: unknown, trace?: TraceValues | null): unknown;
}

interface Context {
  readonly nodes: RuleNode[];
  nodeCount: number;
  postOrder: number;
}

export function isLogic(rule: unknown): rule is Record<string, unknown> {
  return typeof rule === 'object' && rule !== null && !Array.isArray(rule) && !isNum(rule) && Object.keys(rule).length === 1;
}

/** Compiles `rule`; `path` is where it sits in its document, for errors and traces. */
export function compileRule(rule: unknown, path = '$'): CompiledRule {
  const ctx: Context = { nodes: [], nodeCount: 0, postOrder: 0 };
  const fn = compileNode(rule, path, 0, false, ctx);
  return {
    source: rule,
    path,
    nodes: ctx.nodes,
    evaluate: (data, trace = null) => fn(data, trace),
  };
}

function constant(value: unknown): Fn {
  return () => value;
}

/** Literal numbers become exact values at compile time, once. */
function literal(value: unknown): unknown {
  if (typeof value === 'number') return fromDouble(value);
  return value;
}

function compileNode(rule: unknown, path: string, depth: number, scoped: boolean, ctx: Context): Fn {
  if (depth > LIMITS.maxDepth) fail('logic_too_deep', path, `规则嵌套超过 ${LIMITS.maxDepth} 层`);
  if (++ctx.nodeCount > LIMITS.maxNodes) fail('logic_too_large', path, `规则超过 ${LIMITS.maxNodes} 个节点`);
  if (Array.isArray(rule)) {
    const items = rule.map((item, i) => compileNode(item, at(path, i), depth + 1, scoped, ctx));
    if (rule.every((item) => !isLogic(item) && !Array.isArray(item))) {
      const values = rule.map(literal);
      return () => values.slice();
    }
    return (d, t) => items.map((f) => f(d, t));
  }
  if (!isLogic(rule)) return constant(literal(rule));

  const op = Object.keys(rule)[0] as string;
  const opPath = at(path, op);
  if (FORBIDDEN_OPERATORS.includes(op)) fail('logic_forbidden_operator', opPath, `运算符 "${op}" 不允许在考核规则中使用`);
  if (!isAllowedOperator(op)) fail('logic_unknown_operator', opPath, `未知的运算符 "${op}"`);
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  const argPath = (i: number) => (Array.isArray(raw) ? at(opPath, i) : opPath);

  const id = scoped ? -1 : ctx.nodes.length;
  if (!scoped) ctx.nodes.push({ id, path, op, rule, order: -1 });

  const sub = (i: number, inScope = scoped) => compileNode(args[i], argPath(i), depth + 1, inScope, ctx);
  const body = compileOperator(op, args, sub, opPath);

  if (!scoped) {
    (ctx.nodes[id] as { order: number }).order = ctx.postOrder++;
    return (d, t) => {
      const v = body(d, t);
      if (t !== null) t[id] = v;
      return v;
    };
  }
  return body;
}

type Sub = (i: number, inScope?: boolean) => Fn;

function compileOperator(op: string, args: unknown[], sub: Sub, path: string): Fn {
  switch (op) {
    case 'var':
      return compileVar(args, sub);
    case 'if':
    case '?:':
      return compileIf(args, sub);
    case 'and':
    case 'or':
      return compileAndOr(op, args, sub);
    case 'filter':
    case 'map':
    case 'reduce':
    case 'all':
    case 'none':
    case 'some':
      return compileIteration(op, args, sub, path);
    default:
      return compileEager(op, args.map((_, i) => sub(i)), path);
  }
}

function compileVar(args: unknown[], sub: Sub): Fn {
  const [first, second] = args;
  if (!isLogic(first) && !Array.isArray(first) && !isLogic(second) && !Array.isArray(second)) {
    const segments = pathSegments(first);
    const notFound = second === undefined ? null : literal(second);
    if (segments === null) return (d) => d;
    if (segments.length === 1) {
      const key = segments[0] as string;
      return (d) => lookup(d, [key], notFound);
    }
    return (d) => lookup(d, segments, notFound);
  }
  const pathFn = sub(0);
  const defaultFn = args.length > 1 ? sub(1) : constant(null);
  return (d, t) => {
    const segments = pathSegments(pathFn(d, t));
    const fallback = defaultFn(d, t);
    if (segments === null) return d;
    return lookup(d, segments, fallback === undefined ? null : fallback);
  };
}

function compileIf(args: unknown[], sub: Sub): Fn {
  const fns = args.map((_, i) => sub(i));
  const pairs = Math.floor(fns.length / 2);
  const otherwise = fns.length % 2 === 1 ? (fns[fns.length - 1] as Fn) : null;
  return (d, t) => {
    for (let i = 0; i < pairs; i++) {
      if (truthy((fns[2 * i] as Fn)(d, t))) return (fns[2 * i + 1] as Fn)(d, t);
    }
    return otherwise === null ? null : otherwise(d, t);
  };
}

function compileAndOr(op: 'and' | 'or', args: unknown[], sub: Sub): Fn {
  const fns = args.map((_, i) => sub(i));
  const stopWhen = op === 'or';
  return (d, t) => {
    let current: unknown;
    for (let i = 0; i < fns.length; i++) {
      current = (fns[i] as Fn)(d, t);
      if (truthy(current) === stopWhen) return current;
    }
    return current;
  };
}

function compileIteration(op: string, args: unknown[], sub: Sub, path: string): Fn {
  const source = sub(0);
  // The body runs once per element: its nodes are not traced individually.
  const bodyFn = args.length > 1 ? sub(1, true) : constant(null);
  const asArray = (d: unknown, t: TraceValues | null): unknown[] | null => {
    const v = source(d, t);
    return Array.isArray(v) ? v : null;
  };
  const filter = (d: unknown, t: TraceValues | null): unknown[] => {
    const items = asArray(d, t);
    return items === null ? [] : items.filter((item) => truthy(bodyFn(item, null)));
  };
  switch (op) {
    case 'filter':
      return filter;
    case 'none':
      return (d, t) => filter(d, t).length === 0;
    case 'some':
      return (d, t) => filter(d, t).length > 0;
    case 'map':
      return (d, t) => {
        const items = asArray(d, t);
        return items === null ? [] : items.map((item) => bodyFn(item, null));
      };
    case 'reduce': {
      const initialFn = args[2] !== undefined ? sub(2) : constant(null);
      return (d, t) => {
        const items = source(d, t);
        const initial = initialFn(d, t);
        if (!Array.isArray(items)) return initial;
        let accumulator = initial;
        for (const current of items) accumulator = bodyFn({ current, accumulator }, null);
        return accumulator;
      };
    }
    default: // all
      return (d, t) => {
        const items = source(d, t);
        if (items === null || items === undefined) throw runtimeError(path, '"all" 的数据为空，无法遍历');
        const length = (items as { length?: unknown }).length;
        if (!length) return false;
        const list = items as ArrayLike<unknown>;
        for (let i = 0; i < list.length; i++) if (!truthy(bodyFn(list[i], null))) return false;
        return true;
      };
  }
}

// ---- eager operators: every argument is evaluated first -------------------------

function compileEager(op: string, fns: Fn[], path: string): Fn {
  const [f0, f1, f2] = fns;
  const a = f0 ?? constant(undefined);
  const b = f1 ?? constant(undefined);
  const c = f2 ?? constant(undefined);
  switch (op) {
    case '==':
      return (d, t) => looseEquals(a(d, t), b(d, t));
    case '!=':
      return (d, t) => !looseEquals(a(d, t), b(d, t));
    case '===':
      return (d, t) => strictEquals(a(d, t), b(d, t));
    case '!==':
      return (d, t) => !strictEquals(a(d, t), b(d, t));
    case '>':
      return (d, t) => compare(a(d, t), b(d, t)) === 1;
    case '>=':
      return (d, t) => isAtLeast(compare(a(d, t), b(d, t)));
    case '<':
      return between((x, y) => compare(x, y) === -1, fns, a, b, c);
    case '<=':
      return between((x, y) => isAtMost(compare(x, y)), fns, a, b, c);
    case '!':
      return (d, t) => !truthy(a(d, t));
    case '!!':
      return (d, t) => truthy(a(d, t));
    case '+':
      if (fns.length === 2) return (d, t) => add(parseFloatOf(a(d, t)), parseFloatOf(b(d, t)));
      return (d, t) => {
        let sum: Num = 0;
        for (const f of fns) sum = add(sum, parseFloatOf(f(d, t)));
        return sum;
      };
    case '*':
      return compileProduct(fns, path);
    case '-':
      return (d, t) => {
        const x = a(d, t);
        const y = b(d, t);
        return y === undefined ? neg(toNum(x)) : sub(toNum(x), toNum(y));
      };
    case '/':
      return (d, t) => div(toNum(a(d, t)), toNum(b(d, t)));
    case '%':
      return (d, t) => mod(toNum(a(d, t)), toNum(b(d, t)));
    case 'min':
      return extreme(fns, -1);
    case 'max':
      return extreme(fns, 1);
    case 'in':
      return (d, t) => contains(b(d, t), a(d, t));
    case 'cat':
      return (d, t) => fns.map((f) => f(d, t)).join('');
    case 'substr':
      return (d, t) => substr(a(d, t), b(d, t), c(d, t));
    case 'merge':
      return (d, t) => fns.reduce<unknown[]>((acc, f) => acc.concat(f(d, t)), []);
    case 'missing':
      return (d, t) => missing(d, fns.map((f) => f(d, t)));
    case 'missing_some':
      return (d, t) => missingSome(d, a(d, t), b(d, t));
    default:
      return fail('logic_unknown_operator', path, `未知的运算符 "${op}"`);
  }
}

function isAtLeast(c: number): boolean {
  return c === 1 || c === 0;
}

function isAtMost(c: number): boolean {
  return c === -1 || c === 0;
}

/** `<` and `<=` take an optional third argument: a < b < c. */
function between(rel: (x: unknown, y: unknown) => boolean, fns: Fn[], a: Fn, b: Fn, c: Fn): Fn {
  if (fns.length < 3) return (d, t) => rel(a(d, t), b(d, t));
  return (d, t) => {
    const x = a(d, t);
    const y = b(d, t);
    const z = c(d, t);
    for (let i = 3; i < fns.length; i++) (fns[i] as Fn)(d, t); // json-logic-js evaluates extra arguments too
    return z === undefined ? rel(x, y) : rel(x, y) && rel(y, z);
  };
}

function compileProduct(fns: Fn[], path: string): Fn {
  if (fns.length === 0) {
    return () => {
      throw runtimeError(path, '"*" 至少需要一个参数');
    };
  }
  // json-logic-js reduces without an initial value: one argument comes back untouched.
  if (fns.length === 1) return fns[0] as Fn;
  return (d, t) => {
    let product = parseFloatOf((fns[0] as Fn)(d, t));
    for (let i = 1; i < fns.length; i++) product = mul(product, parseFloatOf((fns[i] as Fn)(d, t)));
    return product;
  };
}

/** Math.min / Math.max semantics: ToNumber on every argument, NaN wins, empty gives ±Infinity. */
function extreme(fns: Fn[], direction: 1 | -1): Fn {
  return (d, t) => {
    let best: Num = direction === 1 ? -Infinity : Infinity;
    let sawNaN = false;
    for (const f of fns) {
      const v = toNum(f(d, t));
      if (typeof v === 'number' && Number.isNaN(v)) sawNaN = true;
      else if (compare(v, best) === direction) best = v;
    }
    return sawNaN ? NaN : best;
  };
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (!haystack || typeof (haystack as { indexOf?: unknown }).indexOf === 'undefined') return false;
  if (Array.isArray(haystack)) return haystack.some((item) => strictEquals(item, needle));
  if (typeof haystack === 'string') return haystack.indexOf(String(needle)) !== -1;
  return false;
}

function plain(x: unknown): unknown {
  return isNum(x) ? toNumber(x) : x;
}

function substr(source: unknown, start: unknown, end: unknown): string {
  const text = String(plain(source));
  const from = plain(start) as number;
  const length = plain(end) as number;
  if (length < 0) {
    const tail = text.substr(from);
    return tail.substr(0, tail.length + length);
  }
  return text.substr(from, length);
}

function missing(data: unknown, values: unknown[]): unknown[] {
  const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const absent: unknown[] = [];
  for (const key of keys) {
    const segments = pathSegments(key);
    const value = segments === null ? data : lookup(data, segments, null);
    if (value === null || value === '') absent.push(key);
  }
  return absent;
}

function missingSome(data: unknown, needCount: unknown, options: unknown): unknown[] {
  const list = Array.isArray(options) ? options : [options];
  const absent = missing(data, [list]);
  return isAtLeast(compare(list.length - absent.length, needCount)) ? [] : absent;
}

