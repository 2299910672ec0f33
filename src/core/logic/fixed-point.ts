/**
 * A second compilation of a rubric rule, for the common case where every number is
 * a decimal with at most four places (97.3, 0.25, 2.5). Numbers are then plain
 * integers counting 10^-4 (97.3 → 973000) and + − × ÷ % min max and comparisons are
 * integer operations, exact while they stay on that grid and below 2^53. When a
 * value would leave the grid (2.5 × 5 / 6), leave the safe range, or an operator or
 * operand outside this subset appears, evaluation bails out and the caller runs the
 * exact rational evaluator (compile.ts) instead. Both are exact, so they agree; the
 * tests check it on generated evidence.
 *
 * Why: a rational allocates on most operations; these are machine integers, which is
 * what lets Kaohe score thousands of units many times faster than json-logic-js while
 * staying exact. Only untraced scoring uses this path; traces come from compile.ts.
 */
import { type Num, Ratio, fromDouble } from '../exact/index.js';
import { isLogic } from './compile.js';

/** Fixed-point scale: 10^4, four decimal places. */
export const SCALE = 10_000;
const MAX = Number.MAX_SAFE_INTEGER;

/** Thrown (never caught outside the scorer) when a value leaves the fixed-point subset. */
export const BAIL: unique symbol = Symbol('fixed-point bail-out');

function bail(): never {
  throw BAIL;
}

/** What a fixed-point rule reads: field values, with numbers also as scaled integers. */
export interface FixedInputs {
  readonly values: readonly unknown[];
  /** Scaled integer per numeric slot; NaN where the value is absent or off the grid. */
  readonly scaled: Float64Array;
}

type F = (d: FixedInputs) => unknown;

export interface FixedRule {
  /** The rule's value: a scaled integer, or anything the exact rule would also give; throws BAIL. */
  evaluate(inputs: FixedInputs): unknown;
}

/** An exact value as a scaled integer, or NaN when it is off the grid or too large. */
export function toScaled(x: Num): number {
  if (typeof x === 'number') {
    const s = x * SCALE;
    return s <= MAX && s >= -MAX ? s : NaN;
  }
  if (x instanceof Ratio && SCALE % x.q === 0) {
    const s = x.p * (SCALE / x.q);
    return s <= MAX && s >= -MAX ? s : NaN;
  }
  return NaN;
}

export interface FixedOptions {
  /** Field key → slot, for the fields the rule may read. */
  readonly slots: ReadonlyMap<string, number>;
  /** Slots that hold numbers (read scaled); others are read as they are. */
  readonly numericSlots: ReadonlySet<number>;
}

/** The fixed-point form of a rule, or null when the rule uses anything outside the subset. */
export function compileFixed(rule: unknown, options: FixedOptions): FixedRule | null {
  try {
    const f = node(rule, options);
    return { evaluate: f };
  } catch (error) {
    if (error === UNSUPPORTED) return null;
    throw error;
  }
}

const UNSUPPORTED = Symbol('unsupported');

function unsupported(): never {
  throw UNSUPPORTED;
}

function literal(value: unknown): unknown {
  if (typeof value === 'number') {
    const s = toScaled(fromDouble(value));
    return Number.isNaN(s) ? unsupported() : s;
  }
  if (Array.isArray(value)) return value.map(literal);
  if (value !== null && typeof value === 'object') return unsupported();
  return value;
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : bail();
}

function fits(x: number): number {
  return x <= MAX && x >= -MAX ? x : bail();
}

function truthy(x: unknown): boolean {
  return Array.isArray(x) ? x.length !== 0 : !!x;
}

/** json-logic-js's equality restricted to values of one type; anything mixed bails. */
function same(x: unknown, y: unknown): boolean {
  if (typeof x !== typeof y || (typeof x === 'object' && x !== null) || (typeof y === 'object' && y !== null)) bail();
  return x === y;
}

function order(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  return bail();
}

const COUNTING = JSON.stringify([{ '+': [{ var: 'accumulator' }, 1] }, 0]);

function node(rule: unknown, o: FixedOptions): F {
  if (Array.isArray(rule)) {
    const items = rule.map((r) => node(r, o));
    return (d) => items.map((f) => f(d));
  }
  if (!isLogic(rule)) {
    const value = literal(rule);
    return () => value;
  }
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') return variable(args, o);
  if (op === 'reduce') {
    if (args.length !== 3 || JSON.stringify(args.slice(1)) !== COUNTING) unsupported();
    const list = node(args[0], o);
    return (d) => {
      const v = list(d);
      return Array.isArray(v) ? v.length * SCALE : 0;
    };
  }
  // Dividing by evidence (achieved / target) almost never lands on the grid; such rules
  // go straight to the exact evaluator rather than bail out on nearly every unit.
  if (op === '/' && (args.length < 2 || isLogic(args[1]) || Array.isArray(args[1]))) unsupported();
  const fs = args.map((a) => node(a, o));
  return operator(op, fs);
}

function variable(args: unknown[], o: FixedOptions): F {
  const [key, fallback] = args;
  if (typeof key !== 'string' || isLogic(fallback) || Array.isArray(fallback)) return unsupported();
  const slot = o.slots.get(key);
  if (slot === undefined) return unsupported();
  const notFound = fallback === undefined ? null : literal(fallback);
  if (o.numericSlots.has(slot)) {
    return (d) => {
      if (d.values[slot] === undefined) return notFound;
      const s = d.scaled[slot] as number;
      return s === s ? s : bail(); // NaN: the value is off the fixed-point grid
    };
  }
  return (d) => {
    const v = d.values[slot];
    return v === undefined ? notFound : v;
  };
}

function operator(op: string, fs: F[]): F {
  const [a = () => undefined, b = () => undefined, c] = fs;
  switch (op) {
    case 'if':
    case '?:':
      return (d) => {
        let i = 0;
        for (; i + 1 < fs.length; i += 2) if (truthy((fs[i] as F)(d))) return (fs[i + 1] as F)(d);
        return i < fs.length ? (fs[i] as F)(d) : null;
      };
    case 'and':
      return (d) => {
        let v: unknown;
        for (const f of fs) if (!truthy((v = f(d)))) return v;
        return v;
      };
    case 'or':
      return (d) => {
        let v: unknown;
        for (const f of fs) if (truthy((v = f(d)))) return v;
        return v;
      };
    case '!':
      return (d) => !truthy(a(d));
    case '!!':
      return (d) => truthy(a(d));
    case '==':
    case '===':
      return (d) => same(a(d), b(d));
    case '!=':
    case '!==':
      return (d) => !same(a(d), b(d));
    case '<':
      if (c) return (d) => order(a(d), b(d)) < 0 && order(b(d), c(d)) < 0;
      return (d) => order(a(d), b(d)) < 0;
    case '<=':
      if (c) return (d) => order(a(d), b(d)) <= 0 && order(b(d), c(d)) <= 0;
      return (d) => order(a(d), b(d)) <= 0;
    case '>':
      return (d) => order(a(d), b(d)) > 0;
    case '>=':
      return (d) => order(a(d), b(d)) >= 0;
    case '+':
      return (d) => {
        let sum = 0;
        for (const f of fs) sum = fits(sum + num(f(d)));
        return sum;
      };
    case '-':
      if (fs.length === 1) return (d) => -num(a(d)) || 0;
      return (d) => fits(num(a(d)) - num(b(d))) || 0;
    case '*':
      if (fs.length === 1) return a;
      return (d) => {
        let product = num(a(d));
        for (let i = 1; i < fs.length; i++) {
          const p = fits(product * num((fs[i] as F)(d)));
          if (p % SCALE !== 0) bail(); // more than four decimal places
          product = p / SCALE || 0;
        }
        return product;
      };
    case '/':
      return (d) => {
        const n = fits(num(a(d)) * SCALE);
        const q = num(b(d));
        if (q === 0 || n % q !== 0) bail(); // division by zero, or off the grid
        return n / q || 0;
      };
    case '%':
      return (d) => {
        const x = num(a(d));
        const y = num(b(d));
        if (y === 0) bail();
        return x % y || 0;
      };
    case 'min':
    case 'max': {
      const wantMin = op === 'min';
      return (d) => {
        if (fs.length === 0) bail();
        let best = num(a(d));
        for (let i = 1; i < fs.length; i++) {
          const v = num((fs[i] as F)(d));
          if (wantMin ? v < best : v > best) best = v;
        }
        return best;
      };
    }
    case 'in':
      return (d) => {
        const needle = a(d);
        const haystack = b(d);
        if (Array.isArray(haystack)) return haystack.some((x) => same(x, needle));
        if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
        return bail();
      };
    default:
      return unsupported();
  }
}
