/**
 * The full set of report files made from one results.json: what `kaohe assess`,
 * `kaohe report` and the API's report endpoints all produce, so every way of asking for
 * a report gives the same bytes.
 *
 * Charts need the CJK font and the PDF needs Debian's Chromium. When one is missing the
 * rest of the set is still made and a warning says what is missing and how to install
 * it, because a ranking without a PDF is still worth having.
 */
import { REPORT_FILES, chartPath, scorecardPath } from '../report/file-names.js';
import { unitChartSpecs } from '../report/charts/index.js';
import { type ChartImages, type ReportInput, bulletinHtml, bulletinMarkdown, chartSpecs, rankingCsv, scorecardHtml, scorecardPages } from '../report/index.js';
import { atScale } from '../report/scale.js';
import { MISMATCH_ADVICE, uncertaintyMismatch } from '../report/uncertainty.js';
import { renderCharts } from './charts/render.js';
import type { OutputFile } from './files/write-output.js';
import { printPdf, stampPdfDates } from './pdf/index.js';
import { reportWorkbook, workbookDate } from './xlsx/index.js';

export interface ReportSetOptions {
  /** Print report.pdf (default true); it takes a few seconds in Chromium. */
  readonly pdf?: boolean;
}

export interface ReportSet {
  /** In the order a reader looks for them: bulletin, PDF, tables, then charts and scorecards. */
  readonly files: OutputFile[];
  /** Parts that could not be made, in Chinese, each with how to fix it. */
  readonly warnings: string[];
}

/** The chart PNGs by file name, or a warning when they cannot be drawn (no CJK font). */
export async function reportCharts(input: ReportInput): Promise<{ charts: ChartImages; warning?: string }> {
  try {
    return { charts: await renderCharts(chartSpecs(input)) };
  } catch (error) {
    return { charts: new Map(), warning: `未生成统计图表：${message(error)}` };
  }
}

export async function reportSet(input: ReportInput, options: ReportSetOptions = {}): Promise<ReportSet> {
  refuseForeignUncertainty(input);
  const warnings: string[] = [];
  const { charts, warning } = await reportCharts(input);
  if (warning) warnings.push(warning);
  const html = bulletinHtml(input, charts);
  const files: OutputFile[] = [{ name: REPORT_FILES.bulletin, content: html }];
  if (options.pdf ?? true) {
    try {
      // Dated like report.xlsx (results.asOf, else a fixed day) so the same results give the same bytes.
      files.push({ name: REPORT_FILES.pdf, content: stampPdfDates(await printPdf(html), workbookDate(input.results.asOf)) });
    } catch (error) {
      warnings.push(`未生成 ${REPORT_FILES.pdf}：${message(error)}`);
    }
  }
  files.push(
    { name: REPORT_FILES.publicBulletin, content: bulletinHtml(input, charts, { edition: 'public' }) },
    { name: REPORT_FILES.workbook, content: await reportWorkbook(input) },
    { name: REPORT_FILES.ranking, content: rankingCsv(input.results, input.groups) },
    { name: REPORT_FILES.markdown, content: bulletinMarkdown(input.results, input.groups, input.uncertainty, input.rubric) },
    ...[...charts].map(([name, png]) => ({ name: chartPath(name), content: png })),
  );
  if (!atScale(input.results)) files.push(...[...scorecardPages(input, charts)].map(([code, page]) => ({ name: scorecardPath(code), content: page })));
  return { files, warnings };
}

/** Units whose charts are drawn, and pages made from one context, at a time: a context costs as much as all the units. */
const SCORECARD_BATCH = 100;

/**
 * At scale (report/scale.ts) scorecards are not part of the set; `kaohe report` still writes
 * them all, a batch at a time as they come from here, so that thousands of pages (a quarter of
 * a megabyte each) are never held at once. The pages are unitScorecard's, without a context
 * per unit.
 */
export async function* scorecardBatchesAtScale(input: ReportInput): AsyncGenerator<OutputFile[]> {
  if (!atScale(input.results)) return;
  const codes = input.results.units.map((u) => u.code);
  for (let at = 0; at < codes.length; at += SCORECARD_BATCH) {
    const batch = codes.slice(at, at + SCORECARD_BATCH);
    const charts: ChartImages = await renderCharts(unitChartSpecs(input, batch)).catch(() => new Map<string, Uint8Array>());
    yield [...scorecardPages(input, charts, batch)].map(([code, page]) => ({ name: scorecardPath(code), content: page }));
  }
}

/** One unit's chart, as a set of the same input holds it (or, at scale, would); an error says why it cannot be drawn (no CJK font). */
export async function unitChartPng(input: ReportInput, unitCode: string): Promise<Uint8Array> {
  const [png] = (await renderCharts(unitChartSpecs(input, [unitCode]))).values();
  if (!png) throw new Error(`没有单位 ${unitCode} 的结果`);
  return png;
}

/**
 * One unit's scorecard page, byte for byte the page a set of the same input holds (or, at
 * scale, would hold): only its own chart is drawn. `input` needs that unit whole; the
 * others may come without traces (report/scale.ts), since a scorecard reads of them only
 * their totals, ranks, names and sections.
 */
export async function unitScorecard(input: ReportInput, unitCode: string): Promise<string> {
  let charts: ChartImages = new Map();
  try {
    charts = await renderCharts(unitChartSpecs(input, [unitCode]));
  } catch {
    // Without the CJK font the set has no charts either (its warning says why); the page is the same without its chart.
  }
  return scorecardHtml(input, unitCode, charts);
}

/** An analysis of other results would print another ranking's intervals beside this one: whoever builds the input checks first, this is the last guard. */
function refuseForeignUncertainty(input: ReportInput): void {
  if (!input.uncertainty) return;
  const problems = uncertaintyMismatch(input.results, input.uncertainty);
  if (problems.length > 0) throw new Error(`${MISMATCH_ADVICE}（${problems.map((p) => `${p.path}：${p.message}`).join('；')}）`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
