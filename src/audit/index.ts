/**
 * The third-party evaluator's toolkit, pure like the core: audit bundles, and what is
 * done with them offline. Reading and writing bundle files, and exporting them from
 * the database, are adapters around this.
 */
export {
  BUNDLE_FORMAT,
  type AuditorNote,
  type BundleContent,
  type BundleManifest,
  type BundlePrevious,
  type BundleRun,
  type BundleUnit,
  type BundleV1,
  bundleParts,
  bundleSchema,
  runTexts,
  sealBundle,
} from './bundle.js';
export { type FilesBundleInput, bundleFromFiles } from './from-files.js';
export {
  DIFF_CAUSES,
  type BundleDiff,
  type BundleSide,
  type DiffCause,
  type DiffItemKind,
  type ItemDiff,
  type ItemOutcome,
  type RankMove,
  type RankPlace,
  type UnitDiff,
  type UnitStanding,
  diffBundles,
} from './diff.js';
export {
  SECOND_EVALUATOR_RANGE,
  type BegunReplay,
  type NextRange,
  type ReplayAside,
  type ReplayProblem,
  type ReplayReport,
  type SecondRanges,
  beginReplay,
  replayAside,
  replayBundle,
} from './replay.js';
export { type SecondEvaluation, secondEvaluation, secondEvaluator } from './second-evaluator.js';
export { type Sample, type SampleOptions, type SampleStratum, type SampledCheckpoint, type WeightParts, sampleCheckpoints } from './sample.js';
export { SAMPLE_COLUMNS, sampleCsv, sampleReason, sampleRows } from './sample-csv.js';
