/**
 * From text and doubles to exact values. A double is read as the shortest decimal
 * that round-trips (`String(0.1)` is "0.1"), i.e. as the number the person typed,
 * not as the binary fraction that happens to store it.
 */
import { type Num, bigRatio, ratio } from './num.js';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const POW10: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** An exact value from a well-formed decimal literal such as "-12.50" or "1e-7"; NaN if malformed. */
export function parseDecimal(text: string): Num {
  const m = DECIMAL.exec(text);
  if (!m) return NaN;
  const [, signText, intPart = '', fracPart = '', expText] = m;
  if (intPart === '' && fracPart === '') return NaN;
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  const exponent = (expText ? Number(expText) : 0) - fracPart.length;
  const negative = signText === '-';
  if (digits.length <= 15 && exponent >= -15 && exponent <= 0) {
    const mantissa = Number(digits);
    return ratio(negative ? -mantissa : mantissa, POW10[-exponent] as number);
  }
  if (!Number.isFinite(exponent) || Math.abs(exponent) > 400) {
    // Beyond double range: keep JavaScript's answer (0 or Infinity) rather than
    // building a bigint of thousands of digits.
    return Number(text);
  }
  const mantissa = BigInt(digits) * (negative ? -1n : 1n);
  return exponent >= 0 ? bigRatio(mantissa * 10n ** BigInt(exponent), 1n) : bigRatio(mantissa, 10n ** BigInt(-exponent));
}

/** A JS number as an exact value: safe integers stay as they are. */
export function fromDouble(x: number): Num {
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  return fromShortDecimal(x) ?? parseDecimal(String(x));
}

/**
 * The fast path for everyday decimals (97.3, 0.25): the fewest decimal places k for
 * which some integer n has n / 10^k === x. Division of two exactly representable
 * numbers is correctly rounded, so this is the decimal that prints as x, the same
 * one `String(x)` would give, found without building a string.
 */
function fromShortDecimal(x: number): Num | undefined {
  const magnitude = Math.abs(x);
  for (let k = 1; k <= 9; k++) {
    const scale = POW10[k] as number;
    if (magnitude * scale >= 2 ** 53) return undefined;
    const n = Math.round(x * scale);
    if (n / scale === x) return ratio(n, scale);
  }
  return undefined;
}

// ECMAScript WhiteSpace and LineTerminator code points, as String.prototype.trim uses.
const JS_SPACE = /^[\s\uFEFF\xA0]+|[\s\uFEFF\xA0]+$/g;

/** ECMAScript StringToNumber (what `Number("…")`, `-` and `<` do), but exact. */
export function stringToNum(text: string): Num {
  const s = text.replace(JS_SPACE, '');
  if (s === '') return 0;
  if (/^[+-]?Infinity$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^0[xXoObB]/.test(s)) return fromDouble(Number(s));
  return parseDecimal(s);
}

const FLOAT_PREFIX = /^[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

/** ECMAScript parseFloat (what json-logic-js's `+` and `*` do), but exact. */
export function parseFloatNum(text: string): Num {
  const m = FLOAT_PREFIX.exec(text.replace(/^[\s\uFEFF\xA0]+/, ''));
  if (!m) return NaN;
  const s = m[0];
  if (s.endsWith('Infinity')) return s.startsWith('-') ? -Infinity : Infinity;
  return parseDecimal(s);
}
