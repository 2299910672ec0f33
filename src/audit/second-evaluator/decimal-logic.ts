/**
 * The second evaluator's JsonLogic: json-logic-engine (a JsonLogic implementation
 * written by other people than ours, src/core/logic) with decimal.js arithmetic, set
 * up to follow json-logic-js 2.0.5, the semantics a rubric rule is written for
 * (docs/rubric-format.md, "Rules").
 *
 * json-logic-engine's own defaults differ from json-logic-js in ways a rule can reach;
 * each difference is handled here on purpose, with the reason beside it:
 * - numbers: it computes in binary doubles (0.1 + 0.2 ≠ 0.3); every arithmetic
 *   operator is replaced by decimal.js at 60 significant digits, which is exact for the
 *   sums, products and terminating quotients rubrics produce;
 * - `+` and `*` read their operands with parseFloat in json-logic-js (`"12abc"` is 12,
 *   `true` is NaN), `-`, `/`, `%`, `min`, `max` and comparisons with ToNumber; the engine
 *   uses ToNumber everywhere and throws on NaN: restated as json-logic-js does it;
 * - comparisons: the engine coerces both sides to numbers unless both are strings, so
 *   `true == "是"` throws instead of being false; replaced by ECMAScript's loose and
 *   strict equality and relational comparison, with decimals compared by value;
 * - truthiness: the engine treats an empty object as false and any object (a decimal.js
 *   value is one) as true, so a computed 0 would be true; json-logic-js's rule is
 *   JavaScript's, except that an empty array is false, with a decimal true unless 0;
 * - `!` and `!!` on a single argument that evaluates to an array: the engine negates the
 *   array's first element, json-logic-js the array itself;
 * - `missing` and `missing_some`: json-logic-js counts null and "" as missing, the
 *   engine only undefined;
 * - `reduce` without an initial value: json-logic-js starts from null, the engine from
 *   the first element;
 * - `in`: json-logic-js uses indexOf (strict equality, and substring search in a
 *   string), which must also see a decimal and the equal double as the same number;
 * - `substr` on a number: json-logic-js converts it to a string first.
 * The engine keeps what it does the same way: parsing and dispatch, `var`, `if`/`?:`,
 * `and`/`or`, `map`, `filter`, `all`, `some`, `none`, `merge` and `cat`. Its `var`
 * returns null rather than the default for a value that is null; the data given to a
 * rule never holds null (a field without a value is left out), so the two agree.
 *
 * Only the operators a rubric may use exist in this engine (src/core/logic/operators.ts
 * lists them); interpreted optimisation is off, so nothing is compiled into code.
 */
import { Decimal } from 'decimal.js';
import { LogicEngine, defaultMethods } from 'json-logic-engine';

/** Decimal arithmetic for rules: 60 significant digits, ties to even (only the last digit of a non-terminating quotient is ever rounded). */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

/** The operators a rubric rule may use (the core's list, restated: the second evaluator shares no code with the core's evaluator). */
const RUBRIC_OPERATORS = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'map',
  'filter',
  'reduce',
  'all',
  'none',
  'some',
  'merge',
  'in',
  'cat',
  'substr',
] as const;

const isDec = (x: unknown): x is Dec => x instanceof Dec;
const isNumeric = (x: unknown): x is number | Dec => typeof x === 'number' || isDec(x);

/** ECMAScript ToPrimitive for the values rules see: arrays and objects become their string form. */
function toPrimitive(x: unknown): unknown {
  if (x === null || typeof x !== 'object' || isDec(x)) return x;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JsonLogic coerces as JavaScript does, "[object Object]" included
  return String(x);
}

/** ECMAScript ToNumber, as a decimal (NaN when JavaScript would give NaN). */
function toNumberDec(x: unknown): Dec {
  if (isDec(x)) return x;
  if (typeof x === 'number') return new Dec(x);
  if (typeof x === 'boolean') return new Dec(x ? 1 : 0);
  if (x === null) return new Dec(0);
  if (x === undefined) return new Dec(NaN);
  if (typeof x === 'string') {
    const t = x.trim();
    if (t === '') return new Dec(0);
    // Number() accepts decimal literals, hex/octal/binary integers and ±Infinity; decimal.js accepts the first and the last.
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) || /^[+-]?Infinity$/.test(t)) return new Dec(t);
    const n = Number(t);
    return new Dec(Number.isNaN(n) ? NaN : n);
  }
  return toNumberDec(toPrimitive(x));
}

/** ECMAScript parseFloat, as a decimal: the longest decimal prefix of the value's string form. */
function parseFloatDec(x: unknown): Dec {
  if (isNumeric(x)) return toNumberDec(x);
  const match = /^[+-]?(Infinity|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)/i.exec(String(x).trimStart());
  if (!match) return new Dec(NaN);
  // "1e" or "1e+" are read as "1" by parseFloat: drop an exponent without digits.
  return new Dec(match[0].replace(/e[+-]?$/i, ''));
}

/** json-logic-js truthiness: JavaScript's, except that an empty array is false. */
export function truthy(x: unknown): boolean {
  if (Array.isArray(x)) return x.length > 0;
  if (isDec(x)) return !x.isZero() && !x.isNaN();
  return Boolean(x);
}

function strictEquals(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return toNumberDec(a).eq(toNumberDec(b));
  return a === b;
}

/** ECMAScript IsLooselyEqual with decimals as numbers. */
function looseEquals(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return toNumberDec(a).eq(toNumberDec(b));
  if (a === null || a === undefined || b === null || b === undefined) return (a === null || a === undefined) && (b === null || b === undefined);
  if (typeof a === 'object' && typeof b === 'object' && !isDec(a) && !isDec(b)) return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  if (typeof pa === 'string' && typeof pb === 'string') return pa === pb;
  return toNumberDec(pa).eq(toNumberDec(pb)); // NaN equals nothing: decimal.js's eq agrees
}

/** ECMAScript relational comparison: -1, 0, 1, or null when incomparable (NaN: every relation is false). */
function compare(a: unknown, b: unknown): number | null {
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  if (typeof pa === 'string' && typeof pb === 'string') return pa < pb ? -1 : pa > pb ? 1 : 0;
  const [x, y] = [toNumberDec(pa), toNumberDec(pb)];
  if (x.isNaN() || y.isNaN()) return null;
  return x.cmp(y);
}

type Run = (logic: unknown) => unknown;

/**
 * json-logic-js's argument list: a non-array argument is one argument, and each is
 * evaluated. (The engine instead spreads an array that a single argument evaluates to.)
 */
function argumentsOf(raw: unknown, run: Run): unknown[] {
  return (Array.isArray(raw) ? raw : [raw]).map(run);
}

/** Defines an operator that receives its arguments json-logic-js's way. */
function operator(engine: LogicEngine, name: string, fn: (args: unknown[], run: Run) => unknown): void {
  engine.addMethod(name, {
    lazy: true,
    method: (raw: unknown, context: unknown, above: unknown[], self: LogicEngine) =>
      fn(
        argumentsOf(raw, (l) => self.run(l, context, { above })),
        (l) => self.run(l, context, { above }),
      ),
  });
}

/** A comparison; `between`: with a third argument it is json-logic-js's a < b < c (`<` and `<=` only). */
function relation(test: (c: number) => boolean, between: boolean): (args: unknown[]) => boolean {
  const holds = (a: unknown, b: unknown) => {
    const c = compare(a, b);
    return c !== null && test(c);
  };
  return (args) => (between && args[2] !== undefined ? holds(args[0], args[1]) && holds(args[1], args[2]) : holds(args[0], args[1]));
}

function missingKeys(keys: readonly unknown[], context: unknown, self: LogicEngine): unknown[] {
  return keys.filter((key) => {
    const value = self.run({ var: key }, context);
    return value === null || value === '' || value === undefined;
  });
}

function makeEngine(): LogicEngine {
  const methods = Object.fromEntries(RUBRIC_OPERATORS.map((op) => [op, (defaultMethods as Record<string, unknown>)[op]]));
  const engine = new LogicEngine(methods, { disableInterpretedOptimization: true, permissive: false });
  engine.truthy = truthy;

  operator(engine, '+', (args) => args.reduce<Dec>((sum, x) => sum.plus(parseFloatDec(x)), new Dec(0)));
  // json-logic-js reduces without an initial value: a single operand comes back unread.
  operator(engine, '*', (args) =>
    args.length === 1 ? args[0] : args.length === 0 ? undefined : args.slice(1).reduce<Dec>((p, x) => p.times(parseFloatDec(x)), parseFloatDec(args[0])),
  );
  operator(engine, '-', ([a, b]) => (b === undefined ? toNumberDec(a).negated() : toNumberDec(a).minus(toNumberDec(b))));
  operator(engine, '/', ([a, b]) => toNumberDec(a).dividedBy(toNumberDec(b)));
  operator(engine, '%', ([a, b]) => toNumberDec(a).modulo(toNumberDec(b)));
  operator(engine, 'min', (args) => (args.length === 0 ? new Dec(Infinity) : Dec.min(...args.map(toNumberDec))));
  operator(engine, 'max', (args) => (args.length === 0 ? new Dec(-Infinity) : Dec.max(...args.map(toNumberDec))));

  operator(engine, '==', ([a, b]) => looseEquals(a, b));
  operator(engine, '!=', ([a, b]) => !looseEquals(a, b));
  operator(engine, '===', ([a, b]) => strictEquals(a, b));
  operator(engine, '!==', ([a, b]) => !strictEquals(a, b));
  operator(
    engine,
    '<',
    relation((c) => c < 0, true),
  );
  operator(
    engine,
    '<=',
    relation((c) => c <= 0, true),
  );
  operator(
    engine,
    '>',
    relation((c) => c > 0, false),
  );
  operator(
    engine,
    '>=',
    relation((c) => c >= 0, false),
  );
  operator(engine, '!', ([a]) => !truthy(a));
  operator(engine, '!!', ([a]) => truthy(a));

  operator(engine, 'in', ([a, b]) => {
    if (typeof b === 'string') return b.includes(String(a));
    return Array.isArray(b) && b.some((x) => strictEquals(x, a));
  });
  operator(engine, 'substr', ([source, start, end]) => {
    const text = String(isDec(source) ? source.toString() : source);
    const from = toNumberDec(start).toNumber();
    if (end === undefined) return text.substr(from);
    const length = toNumberDec(end).toNumber();
    if (length < 0) {
      const rest = text.substr(from);
      return rest.substr(0, rest.length + length);
    }
    return text.substr(from, length);
  });

  engine.addMethod('missing', {
    lazy: true,
    method: (raw: unknown, context: unknown, above: unknown[], self: LogicEngine) => {
      const args = argumentsOf(raw, (l) => self.run(l, context, { above }));
      return missingKeys(Array.isArray(args[0]) ? args[0] : args, context, self);
    },
  });
  engine.addMethod('missing_some', {
    lazy: true,
    method: (raw: unknown, context: unknown, above: unknown[], self: LogicEngine) => {
      const [need, options] = argumentsOf(raw, (l) => self.run(l, context, { above }));
      const keys = Array.isArray(options) ? options : [];
      const missing = missingKeys(keys, context, self);
      return keys.length - missing.length >= toNumberDec(need).toNumber() ? [] : missing;
    },
  });
  addDerivedOperators(engine);
  engine.addMethod('reduce', {
    lazy: true,
    method: (raw: unknown, context: unknown, above: unknown[], self: LogicEngine) => {
      const [list, body, initial] = Array.isArray(raw) ? raw : [raw];
      const scoped = self.run(list, context, { above });
      const start = initial === undefined ? null : self.run(initial, context, { above });
      if (!Array.isArray(scoped)) return start;
      return scoped.reduce((accumulator: unknown, current: unknown) => self.run(body, { current, accumulator }, { above: [scoped, context, above] }), start);
    },
  });
  return engine;
}

/**
 * What `population` and `previous` read for the unit whose rule is evaluated: the
 * second evaluator computes these itself (second-evaluator/population.ts). Returns
 * null for a value the unit does not have.
 */
export interface DerivedReader {
  population(field: string, statistic: string): unknown;
  previous(field: string): unknown;
}

/** The reader of the rule being evaluated: set for one synchronous evaluation by evaluateRule. */
let derived: DerivedReader | undefined;

/** The two operators that are not JsonLogic (docs/rubric-format.md): their arguments are literals, never evaluated. */
function addDerivedOperators(engine: LogicEngine): void {
  engine.addMethod('population', {
    lazy: true,
    method: (raw: unknown) => {
      const [field, statistic] = Array.isArray(raw) ? (raw as unknown[]) : [];
      if (derived === undefined || typeof field !== 'string' || typeof statistic !== 'string') throw new Error('population 只能在考核要点的规则中读取');
      return derived.population(field, statistic);
    },
  });
  engine.addMethod('previous', {
    lazy: true,
    method: (raw: unknown) => {
      const [field, fallback] = Array.isArray(raw) ? (raw as unknown[]) : [raw];
      if (derived === undefined || typeof field !== 'string') throw new Error('previous 只能在考核要点的规则中读取');
      const value = derived.previous(field);
      return value === null || value === undefined ? (fallback ?? null) : value;
    },
  });
}

let shared: LogicEngine | undefined;

/**
 * Runs one rule on the data it reads; throws whatever the rule's evaluation throws.
 * `reader`: what the rule's `population` and `previous` read (a rule without one that uses them throws).
 */
export function evaluateRule(rule: unknown, data: Readonly<Record<string, unknown>>, reader?: DerivedReader): unknown {
  shared ??= makeEngine();
  derived = reader;
  try {
    return shared.run(rule, data);
  } finally {
    derived = undefined;
  }
}
