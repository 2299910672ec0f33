export { BigRatio, Ratio, type Num, isFiniteNum, isNum, ratio, toNumber } from './num.js';
export { add, cmp, div, isInteger, max, min, mod, mul, neg, sign, sub, trunc } from './arith.js';
export { fromDouble, parseDecimal, parseFloatNum, stringToNum } from './parse.js';
export { ROUNDING_MODES, type RoundingMode, isTerminating, roundTo, signedText, toExactText, toFixed, toJsonValue, toSignedFixed } from './round.js';
