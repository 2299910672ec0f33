import { expect } from 'chai';
import {
  BigRatio,
  type Num,
  Ratio,
  add,
  cmp,
  div,
  mul,
  parseDecimal,
  roundTo,
  signedText,
  sub,
  toExactText,
  toFixed,
  toJsonValue,
  toSignedFixed,
} from '../../src/core/exact/index.js';
import { seededRandom } from '../../src/core/index.js';

const d = parseDecimal;

/** The value's parts as bigints, whatever its representation. */
function parts(x: Num): [bigint, bigint] {
  if (typeof x === 'number') return [BigInt(x), 1n];
  if (x instanceof Ratio) return [BigInt(x.p), BigInt(x.q)];
  return [x.p, x.q];
}

describe('exact arithmetic: the decimal traps of real rubrics', () => {
  it('when a rule takes 0.1 off three times from 1, the result is 0.7, not 0.7000000000000001', () => {
    const result = sub(sub(sub(1, d('0.1')), d('0.1')), d('0.1'));
    expect(toExactText(result)).to.equal('0.7');
    expect(cmp(result, d('0.7'))).to.equal(0);
    expect(1 - 0.1 - 0.1 - 0.1).to.not.equal(0.7); // the trap itself, in doubles
  });

  it('when a unit at 89.7 gains three 0.1 bonuses, it has exactly 90 and compares equal to 90', () => {
    const result = add(add(add(d('89.7'), d('0.1')), d('0.1')), d('0.1'));
    expect(toExactText(result)).to.equal('90');
    expect(cmp(result, 90)).to.equal(0);
    expect(89.7 + 0.1 + 0.1 + 0.1).to.be.below(90); // what binary floating point would publish
  });

  it('when 1.005 is rounded half-up to 2 places it becomes 1.01 (1.005 × 100 is not 100.49999…)', () => {
    expect(toFixed(roundTo(d('1.005'), 2, 'half-up'), 2)).to.equal('1.01');
    expect(toExactText(mul(d('1.005'), 100))).to.equal('100.5');
  });

  it('when 1.005 is rounded half-even (GB/T 8170) it becomes 1.00, while 1.015 becomes 1.02 both ways', () => {
    expect(toFixed(roundTo(d('1.005'), 2, 'half-even'), 2)).to.equal('1.00');
    expect(toFixed(roundTo(d('1.015'), 2, 'half-even'), 2)).to.equal('1.02');
    expect(toFixed(roundTo(d('1.015'), 2, 'half-up'), 2)).to.equal('1.02');
    expect(toFixed(roundTo(d('0.125'), 2, 'half-even'), 2)).to.equal('0.12');
    expect(toFixed(roundTo(d('0.135'), 2, 'half-even'), 2)).to.equal('0.14');
  });

  it('when a negative value is rounded half-up it goes away from zero: −2.5 → −3, −1.005 → −1.01', () => {
    expect(toExactText(roundTo(d('-2.5'), 0, 'half-up'))).to.equal('-3');
    expect(toExactText(roundTo(d('-1.005'), 2, 'half-up'))).to.equal('-1.01');
    expect(toExactText(roundTo(d('-2.5'), 0, 'half-even'))).to.equal('-2');
  });

  it('when the rubric truncates (去尾), "down" drops digits toward zero on both sides', () => {
    expect(toExactText(roundTo(d('1.999'), 2, 'down'))).to.equal('1.99');
    expect(toExactText(roundTo(d('-1.999'), 2, 'down'))).to.equal('-1.99');
    expect(toExactText(roundTo(div(2, 3), 2, 'down'))).to.equal('0.66');
  });

  it('when a value is already at the precision, rounding leaves it unchanged in every mode', () => {
    for (const mode of ['half-up', 'half-even', 'down'] as const) {
      expect(toExactText(roundTo(d('89.75'), 2, mode))).to.equal('89.75');
      expect(roundTo(90, 2, mode)).to.equal(90);
    }
  });

  it('toFixed renders exact decimals with exactly the places asked for, and refuses to hide digits', () => {
    const tenTenths = Array.from({ length: 10 }, () => d('0.1')).reduce<Num>((s, x) => add(s, x), 0);
    expect(toFixed(tenTenths, 2)).to.equal('1.00');
    expect(toFixed(d('-0.05'), 2)).to.equal('-0.05');
    expect(toFixed(d('-0.05'), 4)).to.equal('-0.0500');
    expect(toFixed(0, 2)).to.equal('0.00');
    expect(toFixed(add(d('0.1'), d('0.2')), 1)).to.equal('0.3');
    expect(() => toFixed(d('1.005'), 2)).to.throw(RangeError);
  });

  it('toJsonValue gives JSON numbers without binary artefacts, and exact text when a number would lie', () => {
    expect(JSON.stringify({ score: toJsonValue(add(d('0.1'), d('0.2'))) })).to.equal('{"score":0.3}');
    expect(JSON.stringify({ total: toJsonValue(add(add(add(d('89.7'), d('0.1')), d('0.1')), d('0.1'))) })).to.equal('{"total":90}');
    expect(JSON.stringify(toJsonValue(sub(sub(sub(1, d('0.1')), d('0.1')), d('0.1'))))).to.equal('0.7');
    expect(toJsonValue(d('1234567890123.45'))).to.equal(1234567890123.45); // 15 significant digits: still a number
    expect(toJsonValue(d('0.1234567890123456'))).to.equal('0.1234567890123456'); // 16 digits: a double could not carry it
  });

  it('when 2 is divided by 3 the value stays exactly 2/3 until it is rounded, then it is 0.67', () => {
    const twoThirds = div(2, 3);
    expect(toExactText(twoThirds)).to.equal('2/3');
    expect(toJsonValue(twoThirds)).to.equal('2/3');
    expect(cmp(mul(twoThirds, 3), 2)).to.equal(0);
    expect(toJsonValue(roundTo(twoThirds, 2, 'half-up'))).to.equal(0.67);
  });

  it('when values pass 2^53 they fall back to bigint and stay exact', () => {
    const beyond = d('9007199254740993'); // 2^53 + 1: no double holds it
    expect(beyond).to.be.instanceOf(BigRatio);
    expect(toExactText(mul(beyond, 3))).to.equal('27021597764222979');
    expect(toExactText(mul(d('1e20'), d('1e20')))).to.equal(`1${'0'.repeat(40)}`);
    expect(toExactText(sub(add(beyond, 1), beyond))).to.equal('1');
    expect(add(sub(beyond, beyond), 7)).to.equal(7); // and come back to a plain number when they fit
    expect(cmp(add(beyond, d('0.5')), beyond)).to.equal(1);
  });
});

// ---- property test against a reference on bigint fractions -----------------------

type Frac = [bigint, bigint];

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function norm([p, q]: Frac): Frac {
  if (q < 0n) [p, q] = [-p, -q];
  const g = gcd(p, q);
  return g === 0n ? [0n, 1n] : [p / g, q / g];
}

/** Decimal text to a fraction, written independently of the engine's parser. */
function frac(text: string): Frac {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const p = BigInt(whole + fraction) * (negative ? -1n : 1n);
  return norm([p, 10n ** BigInt(fraction.length)]);
}

const reference = {
  add: ([ap, aq]: Frac, [bp, bq]: Frac): Frac => norm([ap * bq + bp * aq, aq * bq]),
  sub: ([ap, aq]: Frac, [bp, bq]: Frac): Frac => norm([ap * bq - bp * aq, aq * bq]),
  mul: ([ap, aq]: Frac, [bp, bq]: Frac): Frac => norm([ap * bp, aq * bq]),
  div: ([ap, aq]: Frac, [bp, bq]: Frac): Frac => norm([ap * bq, aq * bp]),
  cmp: ([ap, aq]: Frac, [bp, bq]: Frac): number => {
    const x = ap * bq;
    const y = bp * aq;
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

/** A decimal such as "-40213.07": up to 12 integer digits (so some products pass 2^53) and up to 6 places. */
function randomDecimal(random: () => number): string {
  const intDigits = Math.floor(random() * 13);
  const places = Math.floor(random() * 7);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const whole = intDigits === 0 ? '0' : digits(intDigits).replace(/^0+(?=\d)/, '');
  const text = places === 0 ? whole : `${whole}.${digits(places)}`;
  return random() < 0.5 ? `-${text}` : text;
}

/** Every value has exactly one representation: integers that fit are numbers, other fitting values are Ratios. */
function canonical(x: Num): boolean {
  const [p, q] = parts(x);
  const fits = (v: bigint) => v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER);
  if (gcd(p, q) !== 1n && p !== 0n) return false;
  if (q === 1n && fits(p)) return typeof x === 'number' && !Object.is(x, -0);
  if (fits(p) && fits(q)) return x instanceof Ratio;
  return x instanceof BigRatio;
}

describe('exact arithmetic agrees with a bigint-fraction reference', () => {
  const random = seededRandom(20150101);
  const pairs: [string, string][] = [];
  for (let i = 0; i < 3000; i++) {
    const a = randomDecimal(random);
    // Some pairs are equal or opposite so that cmp's 0 and sums to 0 are exercised.
    const r = random();
    const b = r < 0.05 ? a : r < 0.1 ? (a.startsWith('-') ? a.slice(1) : `-${a}`) : randomDecimal(random);
    pairs.push([a, b]);
  }

  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`for 3000 seeded random decimals a, b, ${op}(a, b) is the exact fraction, in its one canonical form`, () => {
      const engine = { add, sub, mul, div }[op];
      for (const [a, b] of pairs) {
        if (op === 'div' && frac(b)[0] === 0n) continue;
        const result = engine(d(a), d(b));
        expect(parts(result), `${a} ${op} ${b}`).to.deep.equal(reference[op](frac(a), frac(b)));
        expect(canonical(result), `${a} ${op} ${b} is canonical`).to.equal(true);
      }
    });
  }

  it('for 3000 seeded random decimals a, b, cmp(a, b) orders them as the fractions are ordered', () => {
    for (const [a, b] of pairs) {
      expect(cmp(d(a), d(b)), `cmp(${a}, ${b})`).to.equal(reference.cmp(frac(a), frac(b)));
    }
  });

  it('for 3000 seeded random decimals, toFixed at 6 places prints back the decimal that was read', () => {
    for (const [a] of pairs) {
      const [whole, fraction = ''] = a.split('.');
      const expected = `${whole}.${fraction.padEnd(6, '0')}`.replace(/^-(0\.0+)$/, '$1');
      expect(toFixed(d(a), 6)).to.equal(expected);
    }
  });
});

describe('a change as it is printed', () => {
  it('carries its sign, a true minus (U+2212) for a fall, and none for zero, also when rounding left a "-0.00"', () => {
    expect(toSignedFixed(parseDecimal('1.25'), 2)).to.equal('+1.25');
    expect(toSignedFixed(sub(parseDecimal('0.1'), parseDecimal('0.6')), 2)).to.equal('−0.50');
    expect(toSignedFixed(0, 2)).to.equal('0.00');
    expect(signedText('-0.00')).to.equal('0.00');
    expect(signedText('-3')).to.equal('−3');
  });
});
