/**
 * Chart PNGs as figures inside the HTML: embedded as data: URIs so report.html is one
 * self-contained file (it is mailed, archived and printed offline), titled in Chinese
 * (the same words are the alt text), and simply left out when a chart was not given.
 */
import { UNCERTAINTY_CHART } from '../uncertainty.js';
import type { ReportContext } from './context.js';
import { type Markup, html } from './markup.js';

/**
 * The bulletin's charts in reading order (chart-totals, chart-top, chart-bottom, chart-changes
 * and chart-movers are the at-scale ones, src/report/scale.ts); chart-unit-<code>.png belong to the scorecards.
 */
const BULLETIN_CHARTS = [
  'chart-ranking.png',
  'chart-grades.png',
  'chart-totals.png',
  'chart-top.png',
  'chart-bottom.png',
  'chart-heat.png',
  'chart-movement.png',
  'chart-changes.png',
  'chart-movers.png',
] as const;

export { unitChartFile as unitChartName } from '../file-names.js';

/** The chart's own title when its spec is known, else words of ours for the same chart. */
export function chartTitle(ctx: ReportContext, name: string): string {
  const spec = ctx.chartTitles.get(name);
  if (spec !== undefined) return spec;
  const year = ctx.results.year;
  switch (name) {
    case 'chart-ranking.png':
      return `${year}年度各单位总分排名`;
    case 'chart-grades.png':
      return `${year}年度考核结果分布`;
    case 'chart-heat.png':
      return `${year}年度各单位考核要点得分率`;
    case 'chart-movement.png':
      return `${ctx.previousYear ?? year - 1}—${year}年度名次变化`;
    default: {
      const code = /^chart-unit-(.+)\.png$/.exec(name)?.[1];
      const unit = code === undefined ? undefined : ctx.results.units.find((u) => u.code === code);
      if (unit) return `${unit.name}：各部分得分率与全部单位平均`;
      return name.replace(/\.png$/, '');
    }
  }
}

/** Width and height from a PNG's IHDR chunk, so the page can lay out before decoding. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function dataUri(bytes: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/**
 * Wider than this (width ÷ height), a chart shrunk to the 180 mm column would print its
 * labels too small to read; it gets a landscape page (267 mm) instead.
 */
const LANDSCAPE_ASPECT = 1.8;

/** Simple charts read well smaller; printing them narrower lets two share a page. */
const COMPACT = new Set(['chart-grades.png']);

/**
 * One figure, or nothing when the chart is absent. `caption` (e.g. "图 2　") precedes the
 * title under the chart; null leaves the caption out (the chart draws its own title).
 */
export function figure(ctx: ReportContext, name: string, caption: string | null, figureClass = COMPACT.has(name) ? 'compact' : ''): Markup {
  const bytes = ctx.charts.get(name);
  if (!bytes) return html``;
  const title = chartTitle(ctx, name);
  const size = pngSize(bytes);
  const wide = size !== undefined && size.width / size.height >= LANDSCAPE_ASPECT && figureClass === '' ? 'landscape' : '';
  return html`<figure class="chart ${figureClass}${wide}"><img src="${dataUri(bytes)}" alt="${title}" title="${title}"${
    size ? html` width="${size.width}" height="${size.height}"` : ''
  }>${caption === null ? '' : html`<figcaption>${caption}${title}</figcaption>`}</figure>`;
}

/** The bulletin's charts that are present, in reading order, then any others given (but no unit charts, and not the rank intervals: their section shows them). */
export function bulletinChartNames(ctx: ReportContext): string[] {
  const known: readonly string[] = BULLETIN_CHARTS;
  // chart-groups-2 before chart-groups-10.
  const others = [...ctx.charts.keys()]
    .filter((n) => !known.includes(n) && !n.startsWith('chart-unit-') && n !== UNCERTAINTY_CHART)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return [...known.filter((n) => ctx.charts.has(n)), ...others];
}
