/**
 * Compiles a JsonLogic rule once into a tree of closures (OPA's "prepare for eval"
 * idea), then evaluates it many times. No code is generated: there is no `eval` and
 * no `new Function`, as government security reviews require.
 *
 * Semantics are json-logic-js 2.0.5's, operator by operator, with one deliberate
 * difference: numbers are exact rationals (see ../exact), so `1-0.1-0.1-0.1` is 0.7.
 * The official JsonLogic test suite runs against this evaluator.
 *
 * Speed comes from folding leaves into their parents: a literal or a field read is
 * not a closure call but a value or an array load inside the operator's closure.
 * With `slots`, a rubric rule reads its fields from one flat array per unit
 * (`{"var":"coverage"}` becomes `values[17]`) instead of from an object per item.
 *
 * Tracing: every operator node outside an iteration body (and other than `var`,
 * whose value is the evidence read) gets an id from `traceBase` on; when a trace
 * array is passed to `evaluate`, each node stores its value at its id.
 */
import { at, fail } from '../errors.js';
import { fromDouble, isNum } from '../exact/index.js';
import { truthy } from './coerce.js';
import { lookup, pathSegments } from './lookup.js';
import { FORBIDDEN_OPERATORS, LIMITS, isAllowedOperator } from './operators.js';
import { FAST_BINARY, FAST_UNARY } from './fast-operations.js';
import { CALL, CONST, Operand, read } from './operand.js';
import { BINARY, type KeyReader, UNARY, VARIADIC } from './operations.js';

import { compileIteration } from './iteration.js';
import { StepMeter } from './budget.js';
import { DERIVED_OPERATORS, type DerivedKind, type DerivedSpec, parseDerived } from './derived.js';

/** Values recorded per node id during one evaluation; undefined = not evaluated. */
export type TraceValues = unknown[];

export type Fn = (data: unknown, t: TraceValues | null) => unknown;

export interface RuleNode {
  /** Index into the trace array. */
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
  /** With slots, `data` is the flat values array; otherwise any JSON-like value. */
  evaluate(data: unknown, trace?: TraceValues | null): unknown;
}

export interface CompileOptions {
  /** Where the rule sits in its document, for errors and traces. Default "$". */
  readonly path?: string;
  /** Field key → index in the values array, for rules over declared fields. */
  readonly slots?: ReadonlyMap<string, number>;
  /** The first trace id this rule may use. Default 0. */
  readonly traceBase?: number;
  /** Steps one evaluation may take (budget.ts). Default STEP_BUDGET. */
  readonly stepLimit?: number;
  /**
   * The value slot of a `population` or `previous` read (derived.ts), for rubric item
   * rules; throws when the read is not allowed. Without it those operators are refused.
   */
  readonly derived?: (spec: DerivedSpec, path: string) => number;
}

interface Context {
  readonly nodes: RuleNode[];
  readonly slots: ReadonlyMap<string, number> | undefined;
  readonly derived: CompileOptions['derived'];
  readonly traceBase: number;
  nodeCount: number;
  postOrder: number;
  readonly meter: StepMeter;
  /** Nodes inside iteration bodies compiled so far: an enclosing body does not charge for them again. */
  bodyNodes: number;
}

export function isLogic(rule: unknown): rule is Record<string, unknown> {
  return typeof rule === 'object' && rule !== null && !Array.isArray(rule) && !isNum(rule) && Object.keys(rule).length === 1;
}

export function compileRule(rule: unknown, options: CompileOptions = {}): CompiledRule {
  const path = options.path ?? '$';
  const meter = new StepMeter(options.stepLimit);
  const ctx: Context = {
    nodes: [],
    slots: options.slots,
    derived: options.derived,
    traceBase: options.traceBase ?? 0,
    nodeCount: 0,
    postOrder: 0,
    meter,
    bodyNodes: 0,
  };
  const fn = toFn(compileNode(rule, path, 0, false, ctx));
  return {
    source: rule,
    path,
    nodes: ctx.nodes,
    evaluate: (data, trace = null) => {
      meter.steps = 0; // evaluations never nest: a rule cannot call back into itself
      return fn(data, trace);
    },
  };
}

function toFn(o: Operand): Fn {
  if (o.kind === CALL) return o.fn as Fn;
  if (o.kind === CONST) {
    const value = o.value;
    return () => value;
  }
  const { slot, notFound } = o;
  return (d) => {
    const v = (d as unknown[])[slot];
    return v === undefined ? notFound : v;
  };
}

/** Literal numbers become exact values at compile time, once. */
function literal(value: unknown): unknown {
  return typeof value === 'number' ? fromDouble(value) : value;
}

function compileNode(rule: unknown, path: string, depth: number, scoped: boolean, ctx: Context): Operand {
  if (depth > LIMITS.maxDepth) fail('logic_too_deep', path, `规则嵌套超过 ${LIMITS.maxDepth} 层`);
  if (++ctx.nodeCount > LIMITS.maxNodes) fail('logic_too_large', path, `规则超过 ${LIMITS.maxNodes} 个节点`);
  if (Array.isArray(rule)) {
    const items = rule.map((item, i) => compileNode(item, at(path, i), depth + 1, scoped, ctx));
    if (items.every((o) => o.kind === CONST)) return Operand.constant(items.map((o) => o.value));
    return Operand.call((d, t) => items.map((o) => read(o, d, t)));
  }
  if (!isLogic(rule)) return Operand.constant(literal(rule));

  const op = Object.keys(rule)[0] as string;
  const opPath = at(path, op);
  if (FORBIDDEN_OPERATORS.includes(op)) fail('logic_forbidden_operator', opPath, `运算符 "${op}" 不允许在考核规则中使用`);
  if (!isAllowedOperator(op)) fail('logic_unknown_operator', opPath, `未知的运算符 "${op}"`);
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  const argPath = (i: number) => (Array.isArray(raw) ? at(opPath, i) : opPath);
  const sub = (i: number, inScope = scoped) => compileNode(args[i], argPath(i), depth + 1, inScope, ctx);

  if (op === 'var') return compileVar(args, sub, scoped, ctx, opPath);
  if (DERIVED_OPERATORS.has(op)) return compileDerived(op as DerivedKind, raw, scoped, ctx, opPath);

  // Reserve the id before compiling arguments: ids follow the rule top-down.
  const id = scoped ? -1 : ctx.traceBase + ctx.nodes.length;
  const node = { id, path, op, rule, order: -1 };
  if (!scoped) ctx.nodes.push(node);
  const fn = compileOperator(op, args, sub, opPath, id, ctx, scoped);
  if (!scoped) node.order = ctx.postOrder++;
  return Operand.call(fn);
}

type Sub = (i: number, inScope?: boolean) => Operand;

function compileVar(args: unknown[], sub: Sub, scoped: boolean, ctx: Context, path: string): Operand {
  const [first, second] = args;
  const literalPath = !isLogic(first) && !Array.isArray(first) && !isLogic(second) && !Array.isArray(second);
  if (literalPath) {
    const segments = pathSegments(first);
    const notFound = second === undefined ? null : literal(second);
    if (ctx.slots && !scoped) {
      const slot = segments?.length === 1 ? ctx.slots.get(segments[0] as string) : undefined;
      if (slot === undefined) fail('rubric_unknown_field', path, `规则读取了未声明的字段 ${JSON.stringify(first ?? '')}`);
      return Operand.slot(slot, notFound);
    }
    if (segments === null) return Operand.call((d) => d);
    return Operand.call((d) => lookup(d, segments, notFound));
  }
  if (ctx.slots && !scoped) fail('logic_dynamic_path', path, '读取路径必须是固定的字符串，不能由规则计算得出');
  const pathFn = toFn(sub(0));
  const defaultFn = args.length > 1 ? toFn(sub(1)) : () => null;
  return Operand.call((d, t) => {
    const segments = pathSegments(pathFn(d, t));
    const fallback = defaultFn(d, t);
    if (segments === null) return d;
    return lookup(d, segments, fallback === undefined ? null : fallback);
  });
}

/**
 * A `population` or `previous` read is a slot read, like a field's: the engine fills
 * that slot before the rule runs. Like `var`, it is not a traced node: the trace
 * records derived values beside the evidence read (trace/events.ts).
 */
function compileDerived(op: DerivedKind, raw: unknown, scoped: boolean, ctx: Context, path: string): Operand {
  if (ctx.derived === undefined || scoped) {
    fail('logic_forbidden_operator', path, `运算符 "${op}" 只能在考核要点、加分项、扣分项规则的顶层使用`);
  }
  const spec = parseDerived(op, raw);
  if (typeof spec === 'string') return fail('logic_arity', path, spec);
  return Operand.slot(ctx.derived(spec, path), literal(spec.fallback));
}

function compileOperator(op: string, args: unknown[], sub: Sub, path: string, id: number, ctx: Context, scoped: boolean): Fn {
  switch (op) {
    case 'if':
    case '?:':
      return compileIf(
        args.map((_, i) => sub(i)),
        id,
      );
    case 'and':
    case 'or':
      return compileAndOr(
        op === 'or',
        args.map((_, i) => toFn(sub(i))),
        id,
      );
    case 'filter':
    case 'map':
    case 'reduce':
    case 'all':
    case 'none':
    case 'some': {
      let bodySteps = 0;
      const compileArg = (i: number, inScope: boolean) => {
        if (i !== 1) return toFn(sub(i, inScope));
        const [nodesBefore, nestedBefore] = [ctx.nodeCount, ctx.bodyNodes];
        const fn = toFn(sub(i, inScope));
        const nodes = ctx.nodeCount - nodesBefore;
        // Each run of this body costs its own nodes; bodies nested in it charge for theirs when they run.
        bodySteps = 1 + nodes - (ctx.bodyNodes - nestedBefore);
        ctx.bodyNodes = nestedBefore + nodes;
        return fn;
      };
      return record(
        compileIteration(op, args, compileArg, path, (runs) => ctx.meter.charge(runs * bodySteps, path)),
        id,
      );
    }
    default:
      return compileEager(
        op,
        args.map((_, i) => sub(i)),
        path,
        id,
        slotReader(ctx, scoped),
        ctx.meter,
      );
  }
}

/** How `missing` reads a key: from the slots at a rubric rule's top level, else by path. */
function slotReader(ctx: Context, scoped: boolean): ((data: unknown, key: unknown) => unknown) | undefined {
  const slots = ctx.slots;
  if (!slots || scoped) return undefined;
  return (data, key) => {
    const slot = slots.get(String(key));
    return slot === undefined ? undefined : (data as unknown[])[slot];
  };
}

/** Wraps a closure so that it stores its value in the trace (ids < 0: not traced). */
function record(fn: Fn, id: number): Fn {
  if (id < 0) return fn;
  return (d, t) => {
    const v = fn(d, t);
    if (t !== null) t[id] = v;
    return v;
  };
}

function compileIf(operands: Operand[], id: number): Fn {
  if (operands.length === 3) {
    const [c, a, b] = operands as [Operand, Operand, Operand];
    return (d, t) => {
      const v = truthy(read(c, d, t)) ? read(a, d, t) : read(b, d, t);
      if (t !== null) t[id] = v;
      return v;
    };
  }
  const pairs = Math.floor(operands.length / 2);
  const otherwise = operands.length % 2 === 1 ? (operands[operands.length - 1] as Operand) : null;
  return (d, t) => {
    let v: unknown = null;
    let i = 0;
    for (; i < pairs; i++) {
      if (truthy(read(operands[2 * i] as Operand, d, t))) {
        v = read(operands[2 * i + 1] as Operand, d, t);
        break;
      }
    }
    if (i === pairs && otherwise !== null) v = read(otherwise, d, t);
    if (t !== null) t[id] = v;
    return v;
  };
}

function compileAndOr(isOr: boolean, fns: Fn[], id: number): Fn {
  return record((d, t) => {
    let current: unknown;
    for (let i = 0; i < fns.length; i++) {
      current = (fns[i] as Fn)(d, t);
      if (truthy(current) === isOr) return current;
    }
    return current;
  }, id);
}

// ---- eager operators: every argument is evaluated first -------------------------

function compileEager(op: string, operands: Operand[], path: string, id: number, keyReader: KeyReader | undefined, meter: StepMeter): Fn {
  const fast = operands.length === 2 ? FAST_BINARY[op] : operands.length === 1 ? FAST_UNARY[op] : undefined;
  if (fast !== undefined) return fast(operands[0] as Operand, operands[1] as Operand, id);
  const unary = UNARY[op];
  if (unary !== undefined && operands.length === 1) {
    const a = operands[0] as Operand;
    return (d, t) => {
      const v = unary(read(a, d, t));
      if (t !== null) t[id] = v;
      return v;
    };
  }
  const binary = BINARY[op];
  if (binary !== undefined && operands.length === 2) {
    const [a, b] = operands as [Operand, Operand];
    return (d, t) => {
      const v = binary(read(a, d, t), read(b, d, t));
      if (t !== null) t[id] = v;
      return v;
    };
  }
  const variadic = VARIADIC[op];
  if (variadic === undefined) return fail('logic_unknown_operator', path, `未知的运算符 "${op}"`);
  const run = variadic(operands.length, path, keyReader);
  // merge and cat build arrays and strings as long as their inputs: they pay for that length.
  const builds = op === 'merge' || op === 'cat';
  return record((d, t) => {
    const values = new Array<unknown>(operands.length);
    for (let i = 0; i < operands.length; i++) values[i] = read(operands[i] as Operand, d, t);
    const v = run(values, d);
    if (builds) meter.charge((v as { length: number }).length, path);
    return v;
  }, id);
}
