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
    const top = node(rule, options);
    // The root called directly: one dispatch less per evaluation.
    if (top.kind === 3) return { evaluate: top.fn as F };
    if (top.kind === 4) {
      const form = top.affine as Affine;
      return { evaluate: (d) => evalAffine(form, d) };
    }
    return { evaluate: (d) => arg(d, top) };
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

const EXACT_QUOTIENT = 2 ** 39;

/**
 * x·y / SCALE on the grid, or bail. Dividing instead of taking a remainder (a slow
 * double `%` for these magnitudes): below 2^39 the doubles are spaced finer than
 * half of 1/SCALE, so a quotient with a fractional part of at least 1/SCALE cannot
 * round to a whole number, and a whole quotient means the product was on the grid.
 */
function times(x: number, y: number): number {
  const q = fits(x * y) / SCALE;
  if (q !== Math.floor(q) || q >= EXACT_QUOTIENT || q <= -EXACT_QUOTIENT) bail(); // more than four decimal places
  return q || 0;
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

/**
 * A compiled argument: a literal or a field read is folded into its parent (no call);
 * only a nested operator is a closure. One class keeps every operand the same shape.
 */
class Arg {
  constructor(
    /** 0 literal, 1 numeric field (scaled), 2 other field, 3 operator, 4 affine sum */
    readonly kind: 0 | 1 | 2 | 3 | 4,
    readonly value: unknown,
    readonly slot: number,
    readonly fn: F | null,
    readonly affine: Affine | null = null,
  ) {}
}

/**
 * c + Σ kᵢ·xᵢ over numeric fields: what a tree of +, − and × by constants reduces to
 * (2.5 − 0.5 × (100 − x) is −47.5 + 0.5·x). Evaluated in one step instead of one
 * closure call per operator. The value is the same exact value: rationals do not care
 * how a sum is bracketed; the grid checks still apply to every product.
 */
interface Affine {
  readonly c: number;
  readonly slots: number[];
  /** Coefficients, scaled (SCALE means 1). */
  readonly ks: number[];
  /** What each read gives when the field is absent (the read's default, or null). */
  readonly notFound: unknown[];
}

function evalAffine(f: Affine, d: FixedInputs): number {
  let acc = f.c;
  for (let i = 0; i < f.slots.length; i++) {
    const slot = f.slots[i] as number;
    let x: number;
    if (d.values[slot] === undefined) x = num(f.notFound[i]);
    else {
      x = d.scaled[slot] as number;
      if (x !== x) bail(); // NaN: off the fixed-point grid
    }
    const k = f.ks[i] as number;
    acc = fits(acc + (k === SCALE ? x : times(k, x)));
  }
  return acc;
}

const AFFINE_OPS = new Set(['+', '-', '*']);

/** The affine form of a +, −, × tree over constants and numeric fields, or null. */
function affineOf(rule: unknown, o: FixedOptions): Affine | null {
  if (typeof rule === 'number') {
    const c = literal(rule) as number;
    return { c, slots: [], ks: [], notFound: [] };
  }
  if (!isLogic(rule)) return null;
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') {
    const [key, fallback] = args;
    const slot = typeof key === 'string' ? o.slots.get(key) : undefined;
    if (slot === undefined || !o.numericSlots.has(slot) || isLogic(fallback) || Array.isArray(fallback)) return null;
    return { c: 0, slots: [slot], ks: [SCALE], notFound: [fallback === undefined ? null : literal(fallback)] };
  }
  if (!AFFINE_OPS.has(op) || args.length === 0) return null;
  const forms = args.map((a) => affineOf(a, o));
  if (forms.some((f) => f === null)) return null;
  const [first, second] = forms as Affine[];
  if (op === '+') return forms.reduce((x, y) => add(x as Affine, y as Affine)) as Affine;
  if (op === '-') {
    if (forms.length === 1) return scaleBy(first as Affine, -SCALE);
    if (forms.length !== 2) return null;
    return add(first as Affine, scaleBy(second as Affine, -SCALE));
  }
  // '*': json-logic-js's one-argument `*` returns its argument unconverted; leave it alone.
  if (forms.length < 2) return null;
  let product = first as Affine;
  for (const f of forms.slice(1) as Affine[]) {
    if (f.slots.length === 0) product = scaleBy(product, f.c);
    else if (product.slots.length === 0) product = scaleBy(f, product.c);
    else return null; // a product of two fields is not affine
  }
  return product;
}

function add(x: Affine, y: Affine): Affine {
  const c = x.c + y.c;
  if (c > MAX || c < -MAX) unsupported();
  return { c, slots: [...x.slots, ...y.slots], ks: [...x.ks, ...y.ks], notFound: [...x.notFound, ...y.notFound] };
}

/** The form multiplied by a scaled constant; throws UNSUPPORTED when a coefficient leaves the grid. */
function scaleBy(f: Affine, v: number): Affine {
  try {
    return { c: times(f.c, v), slots: f.slots, ks: f.ks.map((k) => times(k, v)), notFound: f.notFound };
  } catch (error) {
    if (error === BAIL) unsupported();
    throw error;
  }
}

function arg(d: FixedInputs, a: Arg): unknown {
  switch (a.kind) {
    case 0:
      return a.value;
    case 1: {
      if (d.values[a.slot] === undefined) return a.value; // absent: the read's default (or null)
      const s = d.scaled[a.slot] as number;
      return s === s ? s : bail(); // NaN: the value is off the fixed-point grid
    }
    case 2: {
      const v = d.values[a.slot];
      return v === undefined ? a.value : v;
    }
    case 3:
      return (a.fn as F)(d);
    default:
      return evalAffine(a.affine as Affine, d);
  }
}

function node(rule: unknown, o: FixedOptions): Arg {
  if (Array.isArray(rule)) {
    const items = rule.map((r) => node(r, o));
    return new Arg(3, undefined, -1, (d) => items.map((a) => arg(d, a)));
  }
  if (!isLogic(rule)) return new Arg(0, literal(rule), -1, null);
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') return variable(args, o);
  if (op === 'reduce') {
    if (args.length !== 3 || JSON.stringify(args.slice(1)) !== COUNTING) unsupported();
    const list = node(args[0], o);
    return new Arg(3, undefined, -1, (d) => {
      const v = arg(d, list);
      return Array.isArray(v) ? v.length * SCALE : 0;
    });
  }
  if (AFFINE_OPS.has(op)) {
    const form = affineOf(rule, o);
    if (form !== null && form.slots.length > 0) return new Arg(4, undefined, -1, null, form);
  }
  // Dividing by evidence (achieved / target) almost never lands on the grid; such rules
  // go straight to the exact evaluator rather than bail out on nearly every unit.
  if (op === '/' && (args.length < 2 || isLogic(args[1]) || Array.isArray(args[1]))) unsupported();
  return new Arg(3, undefined, -1, operator(op, args.map((a) => node(a, o))));
}

function variable(args: unknown[], o: FixedOptions): Arg {
  const [key, fallback] = args;
  if (typeof key !== 'string' || isLogic(fallback) || Array.isArray(fallback)) return unsupported();
  const slot = o.slots.get(key);
  if (slot === undefined) return unsupported();
  const notFound = fallback === undefined ? null : literal(fallback);
  return new Arg(o.numericSlots.has(slot) ? 1 : 2, notFound, slot, null);
}

function operator(op: string, as: Arg[]): F {
  const none = new Arg(0, undefined, -1, null);
  const [a = none, b = none, c] = as;
  const n = as.length;
  switch (op) {
    case 'if':
    case '?:':
      if (n === 3) return (d) => (truthy(arg(d, a)) ? arg(d, b) : arg(d, c as Arg));
      return (d) => {
        let i = 0;
        for (; i + 1 < n; i += 2) if (truthy(arg(d, as[i] as Arg))) return arg(d, as[i + 1] as Arg);
        return i < n ? arg(d, as[i] as Arg) : null;
      };
    case 'and':
      return (d) => {
        let v: unknown;
        for (const x of as) if (!truthy((v = arg(d, x)))) return v;
        return v;
      };
    case 'or':
      return (d) => {
        let v: unknown;
        for (const x of as) if (truthy((v = arg(d, x)))) return v;
        return v;
      };
    case '!':
      return (d) => !truthy(arg(d, a));
    case '!!':
      return (d) => truthy(arg(d, a));
    case '==':
    case '===':
      return (d) => same(arg(d, a), arg(d, b));
    case '!=':
    case '!==':
      return (d) => !same(arg(d, a), arg(d, b));
    case '<':
      if (c) return (d) => order(arg(d, a), arg(d, b)) < 0 && order(arg(d, b), arg(d, c)) < 0;
      return (d) => order(arg(d, a), arg(d, b)) < 0;
    case '<=':
      if (c) return (d) => order(arg(d, a), arg(d, b)) <= 0 && order(arg(d, b), arg(d, c)) <= 0;
      return (d) => order(arg(d, a), arg(d, b)) <= 0;
    case '>':
      return (d) => order(arg(d, a), arg(d, b)) > 0;
    case '>=':
      return (d) => order(arg(d, a), arg(d, b)) >= 0;
    case '+':
      if (n === 2) return (d) => fits(num(arg(d, a)) + num(arg(d, b)));
      return (d) => {
        let sum = 0;
        for (const x of as) sum = fits(sum + num(arg(d, x)));
        return sum;
      };
    case '-':
      if (n === 1) return (d) => -num(arg(d, a)) || 0;
      return (d) => fits(num(arg(d, a)) - num(arg(d, b))) || 0;
    case '*':
      if (n === 1) return (d) => arg(d, a);
      if (n === 2) return (d) => times(num(arg(d, a)), num(arg(d, b)));
      return (d) => {
        let product = num(arg(d, a));
        for (let i = 1; i < n; i++) product = times(product, num(arg(d, as[i] as Arg)));
        return product;
      };
    case '/':
      return (d) => {
        const x = fits(num(arg(d, a)) * SCALE);
        const q = num(arg(d, b));
        if (q === 0 || x % q !== 0) bail(); // division by zero, or off the grid
        return x / q || 0;
      };
    case '%':
      return (d) => {
        const x = num(arg(d, a));
        const y = num(arg(d, b));
        if (y === 0) bail();
        return x % y || 0;
      };
    case 'min':
    case 'max': {
      const wantMin = op === 'min';
      if (n === 0) return () => bail();
      return (d) => {
        let best = num(arg(d, a));
        for (let i = 1; i < n; i++) {
          const v = num(arg(d, as[i] as Arg));
          if (wantMin ? v < best : v > best) best = v;
        }
        return best;
      };
    }
    case 'in':
      return (d) => {
        const needle = arg(d, a);
        const haystack = arg(d, b);
        if (Array.isArray(haystack)) return haystack.some((x) => same(x, needle));
        if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
        return bail();
      };
    default:
      return unsupported();
  }
}
