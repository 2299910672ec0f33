/**
 * A compiled argument. A literal or a field read is folded into its parent as a
 * value or an array load; only a nested operator is a closure call. One class with
 * every field keeps all operands the same shape, so `read` stays monomorphic.
 */
import type { Fn, TraceValues } from './compile.js';

export const CONST = 0;
const SLOT = 1;
export const CALL = 2;

export class Operand {
  private constructor(
    readonly kind: 0 | 1 | 2,
    readonly value: unknown,
    readonly slot: number,
    readonly notFound: unknown,
    readonly fn: Fn | null,
  ) {}

  static constant(value: unknown): Operand {
    // A literal array is copied on each use, so nothing downstream can change the rule.
    if (Array.isArray(value)) return Operand.call(() => value.slice());
    return new Operand(CONST, value, -1, undefined, null);
  }

  static slot(slot: number, notFound: unknown): Operand {
    return new Operand(SLOT, undefined, slot, notFound, null);
  }

  static call(fn: Fn): Operand {
    return new Operand(CALL, undefined, -1, undefined, fn);
  }

  get isConstant(): boolean {
    return this.kind === CONST;
  }
}

export function read(o: Operand, d: unknown, t: TraceValues | null): unknown {
  if (o.kind === CONST) return o.value;
  if (o.kind === SLOT) {
    const v = (d as unknown[])[o.slot];
    return v === undefined ? o.notFound : v;
  }
  return (o.fn as Fn)(d, t);
}
