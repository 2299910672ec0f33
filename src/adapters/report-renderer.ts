/**
 * The report renderer the service uses (the ReportRenderer port of services/reports.ts):
 * the same files `kaohe assess` writes, and report.pdf printed by Chromium.
 */
import { existsSync } from 'node:fs';
import { inputOf } from '../services/reports/report-source.js';
import type { ReportRenderer } from '../services/reports/reports.js';

/**
 * The renderers of `kaohe assess`. Loaded on first use: canvas, chart.js, exceljs and
 * playwright are heavy, and the server and every CLI command compose the services.
 */
export const chromiumRenderer: ReportRenderer = {
  async set(source) {
    const { reportSet } = await import('./report-set.js');
    return reportSet(await inputOf(source), { pdf: false });
  },
  async scorecard(input, unitCode) {
    const { unitScorecard } = await import('./report-set.js');
    return unitScorecard(input, unitCode);
  },
  async unitChart(input, unitCode) {
    const { unitChartPng } = await import('./report-set.js');
    return unitChartPng(input, unitCode);
  },
  async pdf(html, asOf) {
    const [{ CJK_FONT_FILE }, { printPdf, stampPdfDates }, { workbookDate }] = await Promise.all([
      import('./charts/font.js'),
      import('./pdf/index.js'),
      import('./xlsx/index.js'),
    ]);
    // Chromium would print a square for every Chinese character rather than fail.
    if (!existsSync(CJK_FONT_FILE)) throw new Error(`找不到中文字体文件 ${CJK_FONT_FILE}，请安装 Debian 软件包 fonts-noto-cjk`);
    return stampPdfDates(await printPdf(html), workbookDate(asOf));
  },
};
