export { type CompiledRule, type RuleNode, type TraceValues, compileRule, isLogic } from './compile.js';
export { compare, looseEquals, strictEquals, toNum, truthy } from './coerce.js';
export { ALLOWED_OPERATORS, FORBIDDEN_OPERATORS, LIMITS, type Operator, UNSAFE_PROPERTIES, isAllowedOperator } from './operators.js';
export { toPlain } from './plain.js';
