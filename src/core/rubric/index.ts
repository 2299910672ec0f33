export type {
  BonusGroup,
  DerivedRead,
  Field,
  FieldCondition,
  FieldValue,
  FilledBy,
  Flag,
  Grade,
  Indicator,
  Item,
  ItemKind,
  Rubric,
  Section,
  Veto,
} from './model.js';
export { type RubricCheck, checkRubric, parseRubric, rubricTooDeep } from './parse.js';
export { type RubricDocument, FIELD_TYPES, rubricSchema } from './schema.js';
export { Refusal, checkFieldValue, rangeText } from './field-values.js';
export { conditionWords, isAsked, isAskedByKey } from './conditions.js';
