/**
 * chart-groups-<n>.png (reports at scale, units grouped by city): one row per city, its
 * units counted by result in the grades' colours, with its highest and lowest total at the
 * end of the row, so a reader sees at once which cities' counties did well and which did
 * not. The rows are the groups, not the units, and they go PANEL_ROWS to a chart, so no
 * PNG grows past a page however many cities there are (334 prefectures across China).
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import { fixed } from '../format.js';
import type { ReportInput } from '../input.js';
import type { GradeScale } from './grades.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import { rowLayout } from './rows.js';
import type { ChartSpec } from './spec.js';
import { assessmentName } from './text.js';
import { BAR_LAYOUT, FONT, GRID, INK, PIXEL_RATIO, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

/** Cities per chart: about one A4 page. */
export const PANEL_ROWS = 40;
/** Title, subtitle, legend, axes and padding. */
const OVERHEAD = 150;

interface Group {
  readonly code: string;
  readonly name: string;
  readonly units: UnitResultV1[];
}

/** The groups in code order (administrative order, as a reader looks a city up), each with its units. */
function groupsOf(results: ResultsV1, of: NonNullable<ReportInput['groups']>['of']): Group[] {
  const byCode = new Map<string, Group>();
  for (const u of results.units) {
    const g = of[u.code] ?? { code: u.code, name: u.name };
    const group = byCode.get(g.code) ?? { code: g.code, name: g.name, units: [] };
    group.units.push(u);
    byCode.set(g.code, group);
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

interface Panel {
  readonly groupTitle: string;
  readonly groups: readonly Group[];
  readonly n: number;
  readonly panels: number;
  /** The most units of any group on any panel: one scale for all, so rows compare across panels. */
  readonly most: number;
}

function panel(input: ReportInput, scale: GradeScale, { groupTitle, groups, n, panels, most }: Panel): ChartSpec {
  const { results } = input;
  const places = results.rubric.precision;
  const layout = rowLayout(groups.length);
  const part = panels > 1 ? `（${n}/${panels}）` : '';
  const title = `${assessmentName(results.rubric.title)}：各${groupTitle}考核结果${part}`;
  const base = baseOptions<'bar'>(title, `每行一个${groupTitle}：所辖参加考核的单位按考核结果计数，行末为其中最高和最低总分`);
  const legend = (): LegendItem[] => scale.bands.map((b) => ({ text: b.label, fillStyle: b.colour, strokeStyle: b.colour, lineWidth: 0, hidden: false }));
  const extremes = groups.map((g) => {
    const totals = g.units.map((u) => u.total);
    const [high, low] = [Math.max(...totals), Math.min(...totals)];
    return g.units.length === 1 ? `${fixed(high, places)}` : `${fixed(high, places)} / ${fixed(low, places)}`;
  });
  const last = scale.bands.length - 1;
  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels: groups.map((g) => `${g.name}（${g.units.length}）`),
      datasets: scale.bands.map((band) => ({
        label: band.label,
        data: groups.map((g) => g.units.filter((u) => u.grade === band.grade).length),
        backgroundColor: band.colour,
        stack: 'units',
        barPercentage: 0.8,
        categoryPercentage: 0.9,
      })),
    },
    options: {
      ...base,
      indexAxis: 'y',
      layout: BAR_LAYOUT,
      scales: {
        // Room past the longest row for its highest and lowest totals.
        x: {
          stacked: true,
          min: 0,
          max: Math.ceil((most * 1.35) / 10) * 10,
          grid: { color: GRID },
          ticks: { color: INK, font: { size: FONT.tick }, precision: 0 },
          title: axisTitle('单位数（个）'),
        },
        y: { stacked: true, grid: { display: false }, ticks: { autoSkip: false, color: INK, font: { size: layout.font } } },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        // On the last grade's segment, which ends where the row does (an empty segment sits at the row's end).
        kaoheValueLabels: { size: layout.font, labels: extremes.map((text, index) => ({ datasetIndex: last, index, text })) },
      },
    },
    plugins: [valueLabelsPlugin],
  };
  const name = panels > 1 ? `chart-groups-${n}.png` : 'chart-groups.png';
  return { name, title, width: png(820), height: png(OVERHEAD + groups.length * layout.row), pixelRatio: PIXEL_RATIO, config };
}

/** The panels, PANEL_ROWS groups each; none when the units are not grouped. */
export function groupPanels(input: ReportInput, scale: GradeScale): ChartSpec[] {
  if (!input.groups) return [];
  const groups = groupsOf(input.results, input.groups.of);
  const panels = Math.ceil(groups.length / PANEL_ROWS);
  const most = Math.max(...groups.map((g) => g.units.length));
  const groupTitle = input.groups.title;
  return Array.from({ length: panels }, (_, i) =>
    panel(input, scale, { groupTitle, groups: groups.slice(i * PANEL_ROWS, (i + 1) * PANEL_ROWS), n: i + 1, panels, most }),
  );
}
