/**
 * Reports: pure functions from results.json (ResultsV1) to report documents. No
 * files, no rendering engines here; adapters write and render what this produces.
 */
export { bulletinMarkdown } from './bulletin-markdown.js';
export { rankingCsv } from './ranking-csv.js';
export { fixed } from './format.js';
