/**
 * The names of the report files, in one place: what `kaohe assess` and `kaohe report`
 * write under reports/<year>/, what a set made for the API holds, the last segment of
 * each report URL, and the (Chinese) names a browser saves a download under. Every
 * producer and reader spells them from here, so that the CLI, the API and the audit
 * bundle can never drift apart. Pure: no imports, so that the service can name a file
 * without loading the renderers.
 */

/** results.json: every score and how it was produced, written beside the reports. */
export const RESULTS_FILE = 'results.json';

/** The files of a report set at its top level, by what they are. */
export const REPORT_FILES = {
  bulletin: 'report.html',
  pdf: 'report.pdf',
  publicBulletin: 'report-public.html',
  workbook: 'report.xlsx',
  ranking: 'ranking.csv',
  markdown: 'report.md',
} as const;

/** The set's folders: a PNG per chart, and an HTML page per unit's scorecard. */
export const CHARTS_FOLDER = 'charts';
export const SCORECARDS_FOLDER = 'scorecards';

/** A chart's name in the set, e.g. charts/chart-ranking.png (`chart` is the PNG's own name). */
export const chartPath = (chart: string): string => `${CHARTS_FOLDER}/${chart}`;

/** A unit's scorecard in the set, e.g. scorecards/620100.html. */
export const scorecardPath = (unitCode: string): string => `${SCORECARDS_FOLDER}/${unitCode}.html`;

/** The chart a set name is (chart-ranking.png for charts/chart-ranking.png), else undefined. */
export function chartOfPath(name: string): string | undefined {
  return name.startsWith(`${CHARTS_FOLDER}/`) ? name.slice(CHARTS_FOLDER.length + 1) : undefined;
}

/** A unit's chart (its radar beside the average, drawn on its scorecard), e.g. chart-unit-620100.png. */
export const unitChartFile = (unitCode: string): string => `chart-unit-${unitCode}.png`;

/** The unit code of a unit chart's set name (620100 for charts/chart-unit-620100.png), else undefined. */
export function unitOfChartPath(name: string): string | undefined {
  return /^chart-unit-(\d{6})\.png$/.exec(chartOfPath(name) ?? '')?.[1];
}

/** The unit code of a scorecard's set name (620100 for scorecards/620100.html), else undefined. */
export function scorecardUnitOfPath(name: string): string | undefined {
  const prefix = `${SCORECARDS_FOLDER}/`;
  if (!name.startsWith(prefix) || !name.endsWith('.html')) return undefined;
  const code = name.slice(prefix.length, -'.html'.length);
  return /^\d{6}$/.test(code) ? code : undefined;
}

/**
 * The last segment of each file's URL under /api/cycles/:cycle/runs/:run/: the set's own
 * name, except the ranking, which the API has served as report.csv from the start.
 */
export const REPORT_URL_NAMES = {
  bulletin: REPORT_FILES.bulletin,
  publicBulletin: REPORT_FILES.publicBulletin,
  pdf: REPORT_FILES.pdf,
  workbook: REPORT_FILES.workbook,
  ranking: 'report.csv',
} as const;

/** What a download's saved name is made from: the run's year, and for a draft its id. */
export interface SavedRun {
  readonly year: number;
  readonly runId: string;
  readonly status: 'draft' | 'final';
}

/** e.g. 2015年度质量工作考核通报.pdf; a draft says which run it came from, since a saved draft is easily taken for the result. */
function saved(run: SavedRun, what: string, extension: string): string {
  const draft = run.status === 'draft' ? `（草稿 ${run.runId}）` : '';
  return `${run.year}年度质量工作考核${what}${draft}.${extension}`;
}

/** The names a browser saves the top-level files under (RFC 5987 filename*). */
export const SAVED_NAMES: Readonly<Record<keyof typeof REPORT_URL_NAMES, (run: SavedRun) => string>> = {
  bulletin: (run) => saved(run, '通报', 'html'),
  publicBulletin: (run) => saved(run, '通报（公开版）', 'html'),
  pdf: (run) => saved(run, '通报', 'pdf'),
  workbook: (run) => saved(run, '结果', 'xlsx'),
  ranking: (run) => saved(run, '排名', 'csv'),
};

/** A chart saved under its own name, e.g. 2015年度质量工作考核统计图表-chart-ranking.png. */
export const savedChartName = (run: SavedRun, chart: string): string => saved(run, `统计图表-${chart.replace(/\.png$/, '')}`, 'png');

/** A scorecard saved under its unit's name, e.g. 兰州市2015年度质量工作考核评分表.html. */
export const savedScorecardName = (run: SavedRun, unitName: string): string => `${unitName}${saved(run, '评分表', 'html')}`;

/**
 * A sampling plan (抽样复核) saved under its run and seed, e.g. 2015年度质量工作考核抽样复核（种子 20160301）.csv:
 * the seed is what makes the sample reproducible, so the file name keeps it (characters a file system refuses become “_”).
 */
export const savedSampleName = (run: SavedRun, seed: string): string => saved(run, `抽样复核（种子 ${seed.replace(/[^\p{L}\p{N}._-]/gu, '_')}）`, 'csv');

/** An audit bundle's file: an ASCII name, so that every client saves it under the same name. */
/** The cycle is its id ("2015", "2015-620100"). */
export const bundleFileName = (cycle: number | string, runId: string): string => `kaohe-bundle-${cycle}-${runId}.json`;
