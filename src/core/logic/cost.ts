/**
 * The worst-case cost of a rule, read from its tree before it is ever run. Node and
 * depth limits alone let four nested `reduce`s over 60-element arrays through (13
 * million body runs); here an iteration multiplies the cost of its body by the
 * longest array it can walk, so such a rule is refused when the rubric is parsed.
 *
 * A step is one node of the rule evaluated once. Each value gets a size: an upper
 * bound on the length of any array or string it is or contains (0 for numbers,
 * booleans, null). Sizes come from literals, from the fields a rule reads (a set has
 * at most its named items) and from the operators that build arrays and strings;
 * `merge` and `cat` also cost the length they build. An accumulator that can grow
 * from one iteration to the next has no bound: iterating over it is refused.
 *
 * The estimate is an upper bound of what the evaluator's step meter counts
 * (budget.ts), so a rule accepted here never runs out of steps when scored.
 */
import { at } from '../errors.js';
import { isLogic } from './compile.js';
import { SCOPED_OPERATORS } from './operators.js';

/** Characters a number may print as inside `cat` or `substr` (the meter counts the real length). */
const NUMBER_TEXT = 24;
/** Beyond this many nodes visited the estimate gives up: refusing is safer than guessing. */
const MAX_VISITS = 200_000;

export interface CostOptions {
  /** The size of a field read at the rule's top level (undefined: an unknown name, 0). */
  readonly fieldSize?: (key: string) => number | undefined;
}

export interface CostEstimate {
  /** Worst-case steps, possibly Infinity. */
  readonly steps: number;
  /** Where the most costly iteration sits (the rule's path when it has none). */
  readonly path: string;
}

interface Scope {
  /** Size of the element an iteration body reads. */
  readonly current: number;
  /** Size of a reduce's accumulator (the element's for other iterations). */
  readonly accumulator: number;
}

interface Value {
  readonly steps: number;
  readonly size: number;
}

class TooComplex extends Error {}

/** Size of a literal JSON value: the longest array or string in it. */
export function literalSize(value: unknown): number {
  let largest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') largest = Math.max(largest, v.length);
    else if (Array.isArray(v)) {
      largest = Math.max(largest, v.length);
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) for (const item of Object.values(v)) stack.push(item);
  }
  return largest;
}

export function estimateCost(rule: unknown, path: string, options: CostOptions = {}): CostEstimate {
  const fieldSize = options.fieldSize ?? (() => undefined);
  let visits = 0;
  let worst = { steps: 0, path };

  const node = (r: unknown, p: string, scope: Scope | null): Value => {
    if (++visits > MAX_VISITS) throw new TooComplex();
    if (Array.isArray(r)) {
      let steps = 1;
      let size = r.length;
      r.forEach((item, i) => {
        const v = node(item, at(p, i), scope);
        steps += v.steps;
        size = Math.max(size, v.size);
      });
      return { steps, size };
    }
    if (!isLogic(r)) return { steps: 1, size: literalSize(r) };
    const op = Object.keys(r)[0] as string;
    const raw = r[op];
    const args: unknown[] = Array.isArray(raw) ? raw : [raw];
    const opPath = at(p, op);
    const argPath = (i: number) => (Array.isArray(raw) ? at(opPath, i) : opPath);
    if (SCOPED_OPERATORS.has(op)) return iteration(op, args, argPath, opPath, scope);
    const values = args.map((a, i) => node(a, argPath(i), scope));
    const steps = 1 + values.reduce((n, v) => n + v.steps, 0);
    const sizes = values.map((v) => v.size);
    const sum = (extra: number) => sizes.reduce((n, s) => n + s + extra, 0);
    switch (op) {
      case 'var':
        return { steps, size: readSize(args, values, scope) };
      // A statistic is a number; last year's value is as long as the field's this year (derived.ts).
      case 'population':
        return { steps, size: 0 };
      case 'previous':
        return { steps, size: typeof args[0] === 'string' ? Math.max(fieldSize(args[0]) ?? 0, values[1]?.size ?? 0) : 0 };
      case 'merge': {
        const size = sum(1);
        return { steps: steps + size, size };
      }
      case 'cat': {
        const size = sum(NUMBER_TEXT);
        return { steps: steps + size, size };
      }
      case 'substr':
        return { steps: steps + (sizes[0] ?? 0) + NUMBER_TEXT, size: (sizes[0] ?? 0) + NUMBER_TEXT };
      case 'in':
        return { steps: steps + (sizes[1] ?? 0), size: 0 };
      case 'if':
      case '?:':
      case 'and':
      case 'or':
        return { steps, size: Math.max(0, ...sizes) };
      case 'missing':
      case 'missing_some':
        return { steps, size: sum(1) };
      default:
        return { steps, size: 0 };
    }
  };

  /** What a `var` can return: a declared field at the top level, the data in an iteration. */
  const readSize = (args: unknown[], values: Value[], scope: Scope | null): number => {
    const fallback = values[1]?.size ?? 0;
    const key = args[0];
    if (scope !== null) {
      const head = typeof key === 'string' ? key.split('.')[0] : undefined;
      const read = head === 'current' ? scope.current : head === 'accumulator' ? scope.accumulator : Math.max(scope.current, scope.accumulator);
      return Math.max(read, fallback);
    }
    const known = typeof key === 'string' || typeof key === 'number' ? fieldSize(String(key)) : undefined;
    return Math.max(known ?? 0, fallback);
  };

  const iteration = (op: string, args: unknown[], argPath: (i: number) => string, opPath: string, scope: Scope | null): Value => {
    const source = node(args[0], argPath(0), scope);
    const initial = op === 'reduce' && args.length > 2 ? node(args[2], argPath(2), scope) : { steps: 0, size: 0 };
    const runs = source.size;
    const bodyIn = (accumulator: number) => (args.length > 1 ? node(args[1], argPath(1), { current: source.size, accumulator }) : { steps: 0, size: 0 });
    let body = bodyIn(op === 'reduce' ? initial.size : source.size);
    let size = 0;
    if (op === 'reduce') {
      // The accumulator is bounded when one more run cannot make it larger than it started.
      size = initial.size;
      if (body.size > size) {
        size = body.size;
        body = bodyIn(size);
      }
      if (body.size > size) {
        body = bodyIn(Infinity);
        size = Infinity;
      }
    } else if (op === 'map') size = Math.max(runs, body.size);
    else if (op === 'filter') size = source.size;
    const steps = 1 + source.steps + initial.steps + times(runs, 1 + body.steps);
    if (steps > worst.steps) worst = { steps, path: opPath };
    return { steps, size };
  };

  try {
    const total = node(rule, path, null).steps;
    return { steps: total, path: worst.steps > 0 ? worst.path : path };
  } catch (error) {
    if (error instanceof TooComplex) return { steps: Infinity, path };
    throw error;
  }
}

/** n × k where 0 runs cost nothing, even of an unbounded body. */
function times(n: number, k: number): number {
  return n === 0 ? 0 : n * k;
}
