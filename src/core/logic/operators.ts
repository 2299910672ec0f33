/**
 * The operators a rubric rule may use. json-logic-js also has `log` (console output)
 * and `method` (calls any method of any value), which are unsafe in a government
 * system; they, and any operator added to json-logic-js later, are refused.
 */

export const ALLOWED_OPERATORS = [
  // data access
  'var',
  'missing',
  'missing_some',
  // logic and comparison
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
  // arithmetic
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  // arrays
  'map',
  'filter',
  'reduce',
  'all',
  'none',
  'some',
  'merge',
  'in',
  // strings
  'cat',
  'substr',
  // across units and years (derived.ts): rubric item rules only
  'population',
  'previous',
] as const;

export type Operator = (typeof ALLOWED_OPERATORS)[number];

/** Operators json-logic-js knows but rubrics may not use. */
export const FORBIDDEN_OPERATORS: readonly string[] = ['log', 'method'];

const allowed = new Set<string>(ALLOWED_OPERATORS);

export function isAllowedOperator(op: string): op is Operator {
  return allowed.has(op);
}

/** Operators whose second argument runs once per array element, with the element as data. */
export const SCOPED_OPERATORS: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** Property names that reach into JavaScript internals rather than data. */
export const UNSAFE_PROPERTIES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const LIMITS = { maxDepth: 32, maxNodes: 2000 } as const;
