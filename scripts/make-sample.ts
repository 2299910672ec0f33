/**
 * Rewrites the sample report the README links to (docs/sample/) and the chart it shows
 * (docs/images/), from the report `npm run assess` wrote to reports/2015/. Run it when
 * the report's look changes, then review and commit the files:
 *
 *   npm run assess && npx tsx scripts/make-sample.ts
 *
 * The sample is the bulletin with the first unit's scorecard only: the full PDF (all 14
 * scorecards, ~7 MB) is what `npm run assess` writes, and too big to keep in git.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printPdf, stampPdfDates } from '../src/adapters/pdf/index.js';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'reports', '2015');
const sample = path.join(root, 'docs', 'sample');
const images = path.join(root, 'docs', 'images');
mkdirSync(sample, { recursive: true });
mkdirSync(images, { recursive: true });

// Scorecards are sibling <article class="scorecard"> elements; all but the first are left out.
const html = readFileSync(path.join(reports, 'report.html'), 'utf8').replace('</head>', '<style>.scorecard ~ .scorecard { display: none; }</style></head>');
writeFileSync(path.join(sample, 'report-sample.pdf'), stampPdfDates(await printPdf(html), new Date(Date.UTC(2000, 0, 1))));
copyFileSync(path.join(reports, 'scorecards', '620100.html'), path.join(sample, 'scorecard-620100.html'));
copyFileSync(path.join(reports, 'charts', 'chart-ranking.png'), path.join(images, 'chart-ranking.png'));
console.log('docs/sample/report-sample.pdf, docs/sample/scorecard-620100.html, docs/images/chart-ranking.png');
