export { type LintReport, lintRubric } from './lint.js';
