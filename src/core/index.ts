/**
 * Kaohe's scoring core: rubric and evidence in, results out. Pure and deterministic:
 * nothing in src/core reads files, the network, a clock or a random source, and it
 * imports nothing from elsewhere in src/. npm imports are limited to pure libraries
 * (zod); the one Node import is node:crypto's hash, in provenance/.
 */
export { assess, assessPrepared } from './assess.js';
export { ItemFactors } from './stages/item-factors.js';
export { completeUnit, score, scorePrepared, type ScoreOptions } from './score.js';
export { KaoheError, type KaoheErrorCode, type Problem } from './errors.js';
export {
  type Rubric,
  type Item,
  type Veto,
  type DerivedRead,
  type FilledBy,
  type FieldCondition,
  type RubricCheck,
  checkRubric,
  conditionWords,
  isAsked,
  isAskedByKey,
  parseRubric,
  rubricSchema,
  rubricTooDeep,
} from './rubric/index.js';
export {
  type EvidenceDocument,
  type FiledTargetDocument,
  type PreparedEvidence,
  evidenceSchema,
  parseEvidence,
  prepareEvidence,
  readEvidence,
} from './evidence/index.js';
export { allItemResults, itemResult, itemResults, vetoResult } from './item-views.js';
export type { AssessOptions, AssessmentResult, ItemResult, RankedUnit, UnitResult, VetoResult } from './assessment-result.js';
export {
  type ResultsParts,
  buildResults,
  evidenceSetHash,
  resultsParts,
  resultsSchema,
  tieBreakValues,
  type ItemResultV1,
  type ResultsV1,
  type UnitResultV1,
  type VetoResultV1,
} from './results-file/index.js';
export { TRACE_EVENT_KINDS, type TraceEvent, explainItem, explainVeto, infix } from './trace/index.js';
export { type LintReport, lintRubric } from './lint/index.js';
export { STATISTICS, type Statistic } from './logic/derived.js';
export type { AssessmentContext, PopulationColumn } from './stages/population.js';
export { type Random, seedFrom, seededRandom } from './seeded-random.js';
export {
  type ContentHash,
  type RunningHash,
  canonicalJson,
  canonicalJsonPieces,
  contentHash,
  contentHashInPieces,
  runningSha256,
  sha256,
  sha256OfPieces,
} from './provenance/index.js';
export { toFixed } from './exact/index.js';
export { excerpt } from './excerpt.js';
