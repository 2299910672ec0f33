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
import { gcd } from '../exact/num.js';
import { isLogic } from './compile.js';
import { DERIVED_OPERATORS, type DerivedKind, derivedKey, parseDerived } from './derived.js';

/** Fixed-point scale: 10^4, four decimal places. */
export const SCALE = 10_000;
const MAX = Number.MAX_SAFE_INTEGER;

/** Thrown (never caught outside the scorer) when a value leaves the fixed-point subset. */
export const BAIL: unique symbol = Symbol('fixed-point bail-out');

function bail(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a symbol, not an Error: bailing out is control flow on the hot path, and a stack trace would cost
  throw BAIL;
}

/** What a fixed-point rule reads: field values, with numbers also as scaled integers. */
export interface FixedInputs {
  readonly values: readonly unknown[];
  /** Scaled integer per numeric slot; NaN where the value is absent or off the grid. */
  readonly scaled: Float64Array;
}

export interface FixedRule {
  /** The rule's value: a scaled integer, a Quotient, or anything the exact rule would also give; throws BAIL. */
  evaluate(inputs: FixedInputs): unknown;
}

/**
 * A quotient off the grid (1.5 × 7 / 9 of a target), kept exact as n / d in scaled units
 * (d > 1, in lowest terms) rather than bailing out: dividing by evidence (achieved / target)
 * almost never lands on the grid. Only comparisons, min and max take one; every other
 * operator bails on it (num() wants a number), and the scorer clamps and rounds it
 * in integers (stages/item.ts). It is never zero, so it is truthy as the exact value is.
 */
export class Quotient {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}
}

/** x / q in lowest terms with a positive denominator (q ≠ 0, x not a multiple of q): small parts keep comparisons and rounding in safe integers. */
function quotient(x: number, q: number): Quotient {
  const g = gcd(x < 0 ? -x : x, q < 0 ? -q : q);
  return q < 0 ? new Quotient(-x / g, -q / g) : new Quotient(x / g, q / g);
}

/**
 * One Quotient kept for the life of the program: while none is alive, a garbage collection
 * frees the objects' shape, and V8 throws away the optimized scoring code that checks for
 * it (a "weak objects" deoptimization after every collection).
 */
export const KEPT_QUOTIENT = new Quotient(1, 2);

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
  /** derivedKey() → slot of the rule's `population` and `previous` reads (derived.ts). */
  readonly derived?: ReadonlyMap<string, number>;
}

/** The fixed-point form of a rule, or null when the rule uses anything outside the subset. */
export function compileFixed(rule: unknown, options: FixedOptions): FixedRule | null {
  try {
    const root = node(rule, options, true);
    return { evaluate: (d) => ev(d, root) };
  } catch (error) {
    if (error === UNSUPPORTED) return null;
    throw error;
  }
}

const UNSUPPORTED = Symbol('unsupported');

function unsupported(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a symbol, not an Error: caught at compile time, never shown
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
  if (x instanceof Quotient || y instanceof Quotient) return orderQuotients(x, y);
  return bail();
}

/** Two numbers, one or both a Quotient, compared exactly: cross-multiplied (denominators are positive) while the products stay safe. */
function orderQuotients(x: unknown, y: unknown): number {
  const xn = x instanceof Quotient ? x.n : num(x);
  const xd = x instanceof Quotient ? x.d : 1;
  const yn = y instanceof Quotient ? y.n : num(y);
  const yd = y instanceof Quotient ? y.d : 1;
  const left = fits(xn * yd);
  const right = fits(yn * xd);
  return left < right ? -1 : left > right ? 1 : 0;
}

const COUNTING = JSON.stringify([{ '+': [{ var: 'accumulator' }, 1] }, 0]);

// ---- the tree --------------------------------------------------------------------
//
// A compiled rule is a tree of Nodes walked by one function, `ev`, which switches on
// the node's kind and operator. Each node is one direct (recursive) call, rather than
// an indirect call through a closure shared by every rule of every shape.

const CONST = 0;
const NUM_FIELD = 1;
const FIELD = 2;
const AFFINE = 3;
const LIST = 4;
const OP = 5;
/** A numeric field compared with a number: `op` one of LT … GE, EQ, NE; `value` what an absent read gives; `bound` the number. */
const COMPARE = 6;

const IF3 = 0;
const IF = 1;
const AND = 2;
const OR = 3;
const NOT = 4;
const TRUTHY = 5;
const EQ = 6;
const NE = 7;
const LT = 8;
const LE = 9;
const GT = 10;
const GE = 11;
const BETWEEN_LT = 12;
const BETWEEN_LE = 13;
const ADD = 14;
const SUB = 15;
const NEG = 16;
const MUL = 17;
const DIV = 18;
const MOD = 19;
const MIN = 20;
const MAX_OF = 21;
const IN = 22;
const COUNT = 23;
const SAME = 24; // one-argument `*`: its argument, untouched

class Node {
  constructor(
    readonly kind: number,
    readonly op: number,
    /** CONST: the value; a field: what an absent read gives (the read's default, or null). */
    readonly value: unknown,
    readonly slot: number,
    readonly args: readonly Node[],
    readonly affine: Affine | null,
    readonly bound: number = 0,
  ) {}
}

const NONE: readonly Node[] = [];
const constant = (value: unknown) => new Node(CONST, -1, value, -1, NONE, null);
const operation = (op: number, args: readonly Node[]) => new Node(OP, op, undefined, -1, args, null);

/**
 * c + Σ kᵢ·xᵢ over numeric fields: what a tree of +, − and × by constants reduces to
 * (2.5 − 0.5 × (100 − x) is −47.5 + 0.5·x), evaluated in one step. The value is the
 * same exact value: rationals do not care how a sum is bracketed, and the grid check
 * still applies to every product.
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
    let x = d.scaled[slot] as number;
    if (x !== x) x = absentNumber(d, slot, f.notFound[i]); // NaN: absent, or off the fixed-point grid
    const k = f.ks[i] as number;
    acc = fits(acc + (k === SCALE ? x : times(k, x)));
  }
  return acc;
}

/** A numeric field whose scaled value is NaN: what an absent read gives, or bail (the value is off the grid). */
function absent(d: FixedInputs, slot: number, notFound: unknown): unknown {
  return d.values[slot] === undefined ? notFound : bail();
}

function absentNumber(d: FixedInputs, slot: number, notFound: unknown): number {
  return num(absent(d, slot, notFound));
}

/** x op bound for two numbers, as order() and same() decide it for numbers. */
function compareTo(op: number, x: number, bound: number): boolean {
  switch (op) {
    case LT:
      return x < bound;
    case LE:
      return x <= bound;
    case GT:
      return x > bound;
    case GE:
      return x >= bound;
    case EQ:
      return x === bound;
    default: // NE
      return x !== bound;
  }
}

/** A node's value, without a call for a constant (most branches of an `if` are). */
function val(d: FixedInputs, n: Node): unknown {
  return n.kind === CONST ? n.value : ev(d, n);
}

function ev(d: FixedInputs, n: Node): unknown {
  switch (n.kind) {
    case CONST:
      return n.value;
    case NUM_FIELD: {
      const s = d.scaled[n.slot] as number;
      return s === s ? s : absent(d, n.slot, n.value); // NaN: absent, or off the fixed-point grid
    }
    case COMPARE: {
      let x = d.scaled[n.slot] as number;
      if (x !== x) x = absentNumber(d, n.slot, n.value);
      return compareTo(n.op, x, n.bound);
    }
    case FIELD: {
      const v = d.values[n.slot];
      return v === undefined ? n.value : v;
    }
    case AFFINE:
      return evalAffine(n.affine as Affine, d);
    case LIST:
      return n.args.map((a) => ev(d, a));
    default:
      return apply(d, n.op, n.args);
  }
}

function apply(d: FixedInputs, op: number, a: readonly Node[]): unknown {
  switch (op) {
    case IF3:
      return truthy(val(d, a[0] as Node)) ? val(d, a[1] as Node) : val(d, a[2] as Node);
    case IF: {
      let i = 0;
      for (; i + 1 < a.length; i += 2) if (truthy(val(d, a[i] as Node))) return val(d, a[i + 1] as Node);
      return i < a.length ? val(d, a[i] as Node) : null;
    }
    case AND: {
      let v: unknown;
      for (const x of a) if (!truthy((v = val(d, x)))) return v;
      return v;
    }
    case OR: {
      let v: unknown;
      for (const x of a) if (truthy((v = val(d, x)))) return v;
      return v;
    }
    case NOT:
      return !truthy(val(d, a[0] as Node));
    case TRUTHY:
      return truthy(val(d, a[0] as Node));
    case EQ:
      return same(val(d, a[0] as Node), val(d, a[1] as Node));
    case NE:
      return !same(val(d, a[0] as Node), val(d, a[1] as Node));
    case LT:
      return order(val(d, a[0] as Node), val(d, a[1] as Node)) < 0;
    case LE:
      return order(val(d, a[0] as Node), val(d, a[1] as Node)) <= 0;
    case GT:
      return order(val(d, a[0] as Node), val(d, a[1] as Node)) > 0;
    case GE:
      return order(val(d, a[0] as Node), val(d, a[1] as Node)) >= 0;
    case BETWEEN_LT: {
      const x = val(d, a[0] as Node);
      const y = val(d, a[1] as Node);
      const z = val(d, a[2] as Node);
      return order(x, y) < 0 && order(y, z) < 0;
    }
    case BETWEEN_LE: {
      const x = val(d, a[0] as Node);
      const y = val(d, a[1] as Node);
      const z = val(d, a[2] as Node);
      return order(x, y) <= 0 && order(y, z) <= 0;
    }
    case ADD: {
      let total = 0;
      for (const x of a) total = fits(total + num(val(d, x)));
      return total;
    }
    case SUB:
      return fits(num(val(d, a[0] as Node)) - num(val(d, a[1] as Node))) || 0;
    case NEG:
      return -num(val(d, a[0] as Node)) || 0;
    case MUL: {
      let product = num(val(d, a[0] as Node));
      for (let i = 1; i < a.length; i++) product = times(product, num(val(d, a[i] as Node)));
      return product;
    }
    case DIV: {
      const x = fits(num(val(d, a[0] as Node)) * SCALE);
      const q = num(val(d, a[1] as Node));
      if (q === 0) bail(); // division by zero: the exact evaluator says what it gives
      if (x % q !== 0) return quotient(x, q); // off the grid
      return x / q || 0;
    }
    case MOD: {
      const x = num(val(d, a[0] as Node));
      const y = num(val(d, a[1] as Node));
      if (y === 0) bail();
      return x % y || 0;
    }
    case MIN:
    case MAX_OF: {
      let best = val(d, a[0] as Node);
      if (typeof best !== 'number' && !(best instanceof Quotient)) bail();
      for (let i = 1; i < a.length; i++) {
        const v = val(d, a[i] as Node);
        if (typeof v === 'number' && typeof best === 'number') {
          if (op === MIN ? v < best : v > best) best = v;
        } else {
          const c = orderQuotients(v, best);
          if (op === MIN ? c < 0 : c > 0) best = v;
        }
      }
      return best;
    }
    case IN: {
      const needle = val(d, a[0] as Node);
      const haystack = val(d, a[1] as Node);
      if (Array.isArray(haystack)) return haystack.some((x) => same(x, needle));
      if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
      return bail();
    }
    case COUNT: {
      const v = val(d, a[0] as Node);
      return Array.isArray(v) ? v.length * SCALE : 0;
    }
    default: // SAME
      return val(d, a[0] as Node);
  }
}

// ---- compilation -----------------------------------------------------------------

const AFFINE_OPS = new Set(['+', '-', '*']);

/** operator → [opcode, fewest arguments, most arguments] for the operators with one form. */
const SIMPLE: Readonly<Record<string, readonly [number, number, number]>> = {
  and: [AND, 0, Infinity],
  or: [OR, 0, Infinity],
  '!': [NOT, 1, 1],
  '!!': [TRUTHY, 1, 1],
  '==': [EQ, 2, 2],
  '===': [EQ, 2, 2],
  '!=': [NE, 2, 2],
  '!==': [NE, 2, 2],
  '>': [GT, 2, 2],
  '>=': [GE, 2, 2],
  '%': [MOD, 2, 2],
  min: [MIN, 1, Infinity],
  max: [MAX_OF, 1, Infinity],
  in: [IN, 2, 2],
};

/**
 * Where an operand of `op` may be a Quotient: where it is only compared or tested, or
 * passed on as a value to where the parent allows one (`quotients`, true at the top:
 * the scorer takes one). Elsewhere (arithmetic on it) it would bail out on nearly every
 * unit, so a division by evidence there leaves the rule to the exact evaluator.
 */
function operandsTakeQuotients(op: string, quotients: boolean): boolean {
  if (op === 'min' || op === 'max' || op === 'if' || op === '?:' || op === 'and' || op === 'or') return quotients;
  return op === '<' || op === '<=' || op === '>' || op === '>=' || op === '!' || op === '!!';
}

function node(rule: unknown, o: FixedOptions, quotients: boolean): Node {
  if (Array.isArray(rule))
    return new Node(
      LIST,
      -1,
      undefined,
      -1,
      rule.map((r) => node(r, o, false)),
      null,
    );
  if (!isLogic(rule)) return constant(literal(rule));
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') return variable(args, o);
  if (DERIVED_OPERATORS.has(op)) return derivedRead(op as DerivedKind, raw, o);
  if (AFFINE_OPS.has(op)) {
    const form = affineOf(rule, o);
    if (form !== null && form.slots.length > 0) return new Node(AFFINE, -1, undefined, -1, NONE, form);
  }
  if (op === 'reduce') {
    if (args.length !== 3 || JSON.stringify(args.slice(1)) !== COUNTING) unsupported();
    return operation(COUNT, [node(args[0], o, false)]);
  }
  // Dividing by evidence (achieved / target) almost never lands on the grid: where the
  // quotient is only compared or is the result it is a Quotient; elsewhere such rules go
  // straight to the exact evaluator rather than bail out on nearly every unit.
  if (op === '/' && (args.length !== 2 || Array.isArray(args[1]) || (isLogic(args[1]) && !quotients))) unsupported();
  const takes = operandsTakeQuotients(op, quotients);
  const children = args.map((a) => node(a, o, takes));
  const n = children.length;
  const fused = n === 2 ? comparison(op, children[0] as Node, children[1] as Node) : null;
  if (fused !== null) return fused;
  switch (op) {
    case 'if':
    case '?:':
      return operation(n === 3 ? IF3 : IF, children);
    case '<':
      return n === 3 ? operation(BETWEEN_LT, children) : n === 2 ? operation(LT, children) : unsupported();
    case '<=':
      return n === 3 ? operation(BETWEEN_LE, children) : n === 2 ? operation(LE, children) : unsupported();
    case '+':
      return operation(ADD, children);
    case '-':
      return n === 1 ? operation(NEG, children) : n === 2 ? operation(SUB, children) : unsupported();
    case '*':
      return n === 1 ? operation(SAME, children) : n >= 2 ? operation(MUL, children) : unsupported();
    case '/':
      return operation(DIV, children);
    default: {
      const simple = SIMPLE[op];
      if (simple === undefined || n < simple[1] || n > simple[2]) return unsupported();
      return operation(simple[0], children);
    }
  }
}

const COMPARISONS: Readonly<Record<string, readonly [number, number]>> = {
  // operator → [opcode, opcode with the sides swapped]
  '<': [LT, GT],
  '<=': [LE, GE],
  '>': [GT, LT],
  '>=': [GE, LE],
  '==': [EQ, EQ],
  '===': [EQ, EQ],
  '!=': [NE, NE],
  '!==': [NE, NE],
};

/**
 * A numeric field compared with a number, as one node (the commonest condition of a
 * rubric rule: 抽查合格率 ≥ 90). Gives what the general nodes give: on two numbers,
 * order() and same() are the plain comparisons, and anything else bails out there too.
 */
function comparison(op: string, left: Node, right: Node): Node | null {
  const ops = COMPARISONS[op];
  if (ops === undefined) return null;
  const fuse = (field: Node, bound: Node, code: number) =>
    field.kind === NUM_FIELD && bound.kind === CONST && typeof bound.value === 'number'
      ? new Node(COMPARE, code, field.value, field.slot, NONE, null, bound.value)
      : null;
  return fuse(left, right, ops[0]) ?? fuse(right, left, ops[1]);
}

function variable(args: unknown[], o: FixedOptions): Node {
  const [key, fallback] = args;
  if (typeof key !== 'string' || isLogic(fallback) || Array.isArray(fallback)) return unsupported();
  const slot = o.slots.get(key);
  if (slot === undefined) return unsupported();
  const notFound = fallback === undefined ? null : literal(fallback);
  return new Node(o.numericSlots.has(slot) ? NUM_FIELD : FIELD, -1, notFound, slot, NONE, null);
}

/** A `population` or `previous` read: a slot the engine fills before scoring, read like a field. */
function derivedRead(op: DerivedKind, raw: unknown, o: FixedOptions): Node {
  const spec = parseDerived(op, raw);
  const slot = typeof spec === 'string' ? undefined : o.derived?.get(derivedKey(spec));
  if (typeof spec === 'string' || slot === undefined) return unsupported();
  return new Node(o.numericSlots.has(slot) ? NUM_FIELD : FIELD, -1, literal(spec.fallback), slot, NONE, null);
}

/** The affine form of a +, −, × tree over constants and numeric fields, or null. */
function affineOf(rule: unknown, o: FixedOptions): Affine | null {
  if (typeof rule === 'number') return { c: literal(rule) as number, slots: [], ks: [], notFound: [] };
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
  if (op === '+') return (forms as Affine[]).reduce(sum);
  if (op === '-') {
    if (forms.length === 1) return scaleBy(first as Affine, -SCALE);
    if (forms.length !== 2) return null;
    return sum(first as Affine, scaleBy(second as Affine, -SCALE));
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

function sum(x: Affine, y: Affine): Affine {
  const c = x.c + y.c;
  if (c > MAX || c < -MAX) unsupported();
  return { c, slots: [...x.slots, ...y.slots], ks: [...x.ks, ...y.ks], notFound: [...x.notFound, ...y.notFound] };
}

/** The form multiplied by a scaled constant; not a fixed-point rule when a coefficient leaves the grid. */
function scaleBy(f: Affine, v: number): Affine {
  try {
    return { c: times(f.c, v), slots: f.slots, ks: f.ks.map((k) => times(k, v)), notFound: f.notFound };
  } catch (error) {
    if (error === BAIL) unsupported();
    throw error;
  }
}
