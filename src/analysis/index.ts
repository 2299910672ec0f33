/**
 * Analyses of a rubric and its results beyond the published run (issue 13): how sure each
 * rank is. Pure like the core it builds on: every figure is computed by the exact engine,
 * from seeded draws or an exact enumeration, with no I/O.
 */
export { type FlagSetUncertainty, type UncertaintyResult, type UnitUncertainty, analyseUncertainty } from './uncertainty/analyse.js';
export { type UncertaintySpec, UncertaintySpecError, parseUncertaintySpec, uncertaintySpecSchema } from './uncertainty/spec.js';
export { type Outcome, type Variation, resolveVariations } from './uncertainty/variations.js';
export { PROBABILITY_PLACES, type UncertaintyFileV1, percentText, probabilityValue, uncertaintyFile } from './uncertainty/file.js';
export { parseUncertaintyFile, uncertaintyFileSchema } from './uncertainty/file-schema.js';
export { scenarioWords, variedCountWords } from './uncertainty/words.js';
export { type ScenarioPlan, scenarioPlan } from './uncertainty/plan.js';
export { CEILING_SHARE, type CorrelatedPair, PAIR_CORRELATION, type PartWeight, type RubricWeights, accountedFor, rubricWeights } from './weights/weights.js';
export { type ImputedValue, type MissingScenario, type MissingScenarioUnit, imputedScenario } from './uncertainty/missing.js';
export { type Change, type Goal, type Standing, type WhatItTakes, whatItTakes } from './what-if/search.js';
