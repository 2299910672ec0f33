/**
 * Reports: pure functions from results.json (ResultsV1) to report documents. No
 * files, no rendering engines here; adapters render the charts, print the PDF, build
 * the workbook and write what this produces.
 */
export type { EvaluatorNote, ReportInput } from './input.js';
export { bulletinMarkdown } from './bulletin-markdown.js';
export { rankingCsv } from './ranking-csv.js';
export { type GroupedRankingView, type UnitGroups, groupRankText, groupedRanking } from './groups.js';
export { fixed } from './format.js';
export { type ChartImages, type ChartSpec, chartSpecs } from './charts/index.js';
export { type RankIntervalRow, type RankIntervals, rankIntervalsChart } from './charts/rank-intervals.js';
export { MISMATCH_ADVICE, UNCERTAINTY_CHART, rankIntervalsOf, uncertaintyMismatch } from './uncertainty.js';
export { type BulletinOptions, bulletinHtml, scorecardHtml, scorecardPages } from './html/index.js';
