/**
 * map, filter, reduce, all, none, some: the body runs once per element with the
 * element as its data, so its nodes are not traced individually (the operator's
 * result is).
 */
import type { Fn, TraceValues } from './compile.js';
import { truthy } from './coerce.js';
import { runtimeError } from './runtime-error.js';

const COUNTING = JSON.stringify([{ '+': [{ var: 'accumulator' }, 1] }, 0]);

function isCounting(args: unknown[]): boolean {
  return args.length === 3 && JSON.stringify(args.slice(1)) === COUNTING;
}

/**
 * `charge(runs)` is called before the body runs `runs` times: the step meter
 * (budget.ts) stops an iteration before it starts work over its budget.
 */
export function compileIteration(op: string, args: unknown[], sub: (i: number, inScope: boolean) => Fn, path: string, charge: (runs: number) => void): Fn {
  const source = sub(0, false);
  const bodyFn = args.length > 1 ? sub(1, true) : () => null;
  const asArray = (d: unknown, t: TraceValues | null): unknown[] | null => {
    const v = source(d, t);
    if (!Array.isArray(v)) return null;
    charge(v.length);
    return v;
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
      const initialFn = args[2] !== undefined ? sub(2, false) : () => null;
      if (isCounting(args)) {
        // {"reduce":[list, {"+":[{"var":"accumulator"},1]}, 0]} is how rubrics count a set.
        return (d, t) => {
          const items = source(d, t);
          return Array.isArray(items) ? items.length : 0;
        };
      }
      return (d, t) => {
        const items = source(d, t);
        const initial = initialFn(d, t);
        if (!Array.isArray(items)) return initial;
        charge(items.length);
        let accumulator = initial;
        for (const current of items) accumulator = bodyFn({ current, accumulator }, null);
        return accumulator;
      };
    }
    default: // all
      return (d, t) => {
        const items = source(d, t);
        if (items === null || items === undefined) throw runtimeError(path, '"all" 的数据为空，无法遍历');
        if (!(items as { length?: unknown }).length) return false;
        const list = items as ArrayLike<unknown>;
        charge(list.length);
        for (let i = 0; i < list.length; i++) if (!truthy(bodyFn(list[i], null))) return false;
        return true;
      };
  }
}
