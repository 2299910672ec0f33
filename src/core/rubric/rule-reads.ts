/**
 * Static reading of a rule: which paths it reads, in which scope. A rubric rule may
 * read only the fields its item declares, by literal path, so that an auditor can
 * see from the document alone what evidence a score depends on.
 */
import { type Problem, at, problem } from '../errors.js';
import { FORBIDDEN_OPERATORS, UNSAFE_PROPERTIES, isAllowedOperator, isLogic } from '../logic/index.js';
import { DERIVED_OPERATORS, type DerivedKind, type DerivedSpec, parseDerived } from '../logic/derived.js';

/** Judges a path read at the rule's top level; returns a problem or null. */
export type TopLevelCheck = (segments: readonly string[], path: string) => Problem | null;
/** Judges a `population` or `previous` read (logic/derived.ts); absent where rules may not use them. */
export type DerivedCheck = (spec: DerivedSpec, path: string) => Problem | null;

type Scope = 'top' | 'element' | 'reduce';

/**
 * How many arguments each operator uses. json-logic-js silently ignores the rest, so
 * {"-":[1,0.1,0.1,0.1]} is 0.9, not 0.7: an easy slip in a deduction rule, refused here.
 */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  '-': [1, 2],
  '/': [2, 2],
  '%': [2, 2],
  '==': [2, 2],
  '===': [2, 2],
  '!=': [2, 2],
  '!==': [2, 2],
  '>': [2, 2],
  '>=': [2, 2],
  '<': [2, 3],
  '<=': [2, 3],
  '!': [1, 1],
  '!!': [1, 1],
  in: [2, 2],
  substr: [2, 3],
  var: [0, 2],
  missing_some: [2, 2],
  map: [2, 2],
  filter: [2, 2],
  all: [2, 2],
  none: [2, 2],
  some: [2, 2],
  reduce: [2, 3],
};

function arityProblem(op: string, count: number, path: string): Problem | null {
  const range = ARITY[op];
  if (range === undefined || (count >= range[0] && count <= range[1])) return null;
  const expected = range[0] === range[1] ? `${range[0]}` : `${range[0]}–${range[1]}`;
  const hint = op === '-' && count > 2 ? '（多项相减请写成 {"-":[a,{"+":[b,c,…]}]}）' : '';
  return problem('logic_arity', path, `运算符 "${op}" 接受 ${expected} 个参数，这里给了 ${count} 个：多出的参数会被忽略${hint}`);
}

export function checkRuleReads(rule: unknown, path: string, checkTop: TopLevelCheck, checkDerived?: DerivedCheck): Problem[] {
  const problems: Problem[] = [];
  const derived = (op: DerivedKind, raw: unknown, scope: Scope, p: string) => {
    if (checkDerived === undefined) {
      problems.push(problem('logic_forbidden_operator', p, `运算符 "${op}" 只能在考核要点、加分项、扣分项的规则中使用`));
      return;
    }
    if (scope !== 'top') {
      problems.push(problem('logic_forbidden_operator', p, `运算符 "${op}" 只能在规则顶层使用，不能在 map、filter、reduce 等的规则体内`));
      return;
    }
    const spec = parseDerived(op, raw);
    const found = typeof spec === 'string' ? problem('logic_arity', p, spec) : checkDerived(spec, p);
    if (found) problems.push(found);
  };
  const read = (raw: unknown, scope: Scope, p: string, wholeDataOk: boolean) => {
    if (isLogic(raw) || Array.isArray(raw)) {
      problems.push(problem('logic_dynamic_path', p, '读取路径必须是固定的字符串，不能由规则计算得出'));
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JsonLogic coerces as JavaScript does, "[object Object]" included
    const segments = raw === undefined || raw === null || raw === '' ? null : String(raw).split('.');
    if (segments === null) {
      if (scope === 'top' && !wholeDataOk) problems.push(problem('rubric_unknown_field', p, '规则不能读取整个证据对象，请读取具体字段'));
      return;
    }
    const unsafe = segments.find((s) => UNSAFE_PROPERTIES.has(s));
    if (unsafe !== undefined) {
      problems.push(problem('logic_unsafe_path', p, `读取路径不能经过 "${unsafe}"`));
      return;
    }
    if (scope === 'top') {
      const found = checkTop(segments, p);
      if (found) problems.push(found);
    } else if (scope === 'reduce' && segments[0] !== 'current' && segments[0] !== 'accumulator') {
      problems.push(problem('rubric_unknown_field', p, 'reduce 的规则体只能读取 current 或 accumulator'));
    }
  };

  const walk = (node: unknown, p: string, scope: Scope): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, at(p, i), scope));
      return;
    }
    if (!isLogic(node)) return;
    const op = Object.keys(node)[0] as string;
    const opPath = at(p, op);
    if (FORBIDDEN_OPERATORS.includes(op)) {
      problems.push(problem('logic_forbidden_operator', opPath, `运算符 "${op}" 不允许在考核规则中使用`));
      return;
    }
    if (!isAllowedOperator(op)) {
      problems.push(problem('logic_unknown_operator', opPath, `未知的运算符 "${op}"`));
      return;
    }
    const raw = node[op];
    if (DERIVED_OPERATORS.has(op)) {
      derived(op as DerivedKind, raw, scope, opPath);
      return;
    }
    const args: unknown[] = Array.isArray(raw) ? raw : [raw];
    const argPath = (i: number) => (Array.isArray(raw) ? at(opPath, i) : opPath);
    const arity = arityProblem(op, args.length, opPath);
    if (arity) problems.push(arity);
    switch (op) {
      case 'var':
        read(args[0], scope, argPath(0), scope !== 'top');
        if (args.length > 1) walk(args[1], argPath(1), scope);
        return;
      case 'missing': {
        const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
        const base = Array.isArray(args[0]) ? argPath(0) : opPath;
        keys.forEach((k, i) => read(k, scope, Array.isArray(args[0]) || Array.isArray(raw) ? at(base, i) : base, false));
        return;
      }
      case 'missing_some': {
        walk(args[0], argPath(0), scope);
        const keys = Array.isArray(args[1]) ? (args[1] as unknown[]) : [args[1]];
        keys.forEach((k, i) => read(k, scope, at(argPath(1), i), false));
        return;
      }
      case 'map':
      case 'filter':
      case 'all':
      case 'none':
      case 'some':
      case 'reduce':
        walk(args[0], argPath(0), scope);
        if (args.length > 1) walk(args[1], argPath(1), op === 'reduce' ? 'reduce' : 'element');
        if (args.length > 2) walk(args[2], argPath(2), scope);
        return;
      default:
        args.forEach((a, i) => walk(a, argPath(i), scope));
    }
  };

  walk(rule, path, 'top');
  return problems;
}
