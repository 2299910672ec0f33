export { type LintReport, lintRubric } from './lint.js';
export { type Random, seedFrom, seededRandom } from './random.js';
