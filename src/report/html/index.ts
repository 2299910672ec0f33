/**
 * The HTML report: the bulletin (report.html) and each unit's scorecard, as strings.
 * Pure: no files, no browser; src/adapters/pdf prints what this produces.
 */
export { type BulletinOptions, bulletinHtml } from './bulletin.js';
export { scorecardHtml, scorecardPages } from './scorecard.js';
export { chartTitle } from './figures.js';
