/**
 * chart-heat.png: checkpoint attainment, units (rows, in rank order) × checkpoints
 * (columns, grouped under their sections), each cell coloured by score ÷ max in five
 * bands, "缺" where evidence was missing, grey where the checkpoint did not apply.
 *
 * Readability decides the columns: one per checkpoint while there are at most
 * MAX_COLUMNS of them (Gansu 2015 has 54); beyond that one per indicator (the items of
 * an indicator added up), and beyond that one per section. At 16 chart pixels a
 * column, 60 columns and the unit names fill an A4 landscape page with the 10-pixel
 * codes still legible; more would shrink them below print size. Bonus and deduction items
 * are not attainment of a checkpoint and are left out. Rows never aggregate: every
 * unit keeps its row and the chart grows taller, like the ranking.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ItemResultV1, UnitResultV1 } from '../../core/index.js';
import { type Num, add, cmp, fromDouble, mul } from '../../core/exact/index.js';
import type { ReportInput } from '../input.js';
import { CODE_FONT, type HeatCell, SECTION_BAND, headerBand, heatPlugin } from './plugin-heat.js';
import { inRankOrder, rowLayout, unitLabel } from './rows.js';
import type { ChartSpec } from './spec.js';
import { assessmentName, wrapChinese } from './text.js';
import { BAR_LAYOUT, FONT, INK, PIXEL_RATIO, baseOptions, legendOnTop, png } from './theme.js';

export const MAX_COLUMNS = 60;
const CELL_WIDTH = 16;

interface Column {
  readonly label: string;
  readonly section: string;
  readonly codes: readonly string[];
}

/** Attainment bands, best first: the lowest share (percent) of each, its colour, its legend text. */
const BANDS = [
  { from: 100, fill: '#1a9850', text: '满分' },
  { from: 80, fill: '#91cf60', text: '80% 及以上' },
  { from: 60, fill: '#fee08b', text: '60% 及以上' },
  { from: 0, fill: '#fc8d59', text: '低于 60%' },
] as const;
const ZERO = { fill: '#d73027', text: '0 分' } as const;
const NOT_APPLICABLE = { fill: '#d9d9d9', text: '不涉及' } as const;
export const MISSING_MARK = '缺';

function columnsOf(unit: UnitResultV1): { columns: Column[]; level: string } {
  const checkpoints = unit.items.filter((i) => i.kind === 'checkpoint');
  const byCheckpoint = checkpoints.map((i) => ({ label: i.code, section: i.section ?? '', codes: [i.code] }));
  if (byCheckpoint.length <= MAX_COLUMNS) return { columns: byCheckpoint, level: '考核要点' };
  const group = (key: (i: ItemResultV1) => string, label: (i: ItemResultV1) => string): Column[] => {
    const columns = new Map<string, Column>();
    for (const i of checkpoints) {
      const c = columns.get(key(i)) ?? { label: label(i), section: i.section ?? '', codes: [] };
      columns.set(key(i), { ...c, codes: [...c.codes, i.code] });
    }
    return [...columns.values()];
  };
  const byIndicator = group(
    (i) => i.indicator ?? i.code,
    (i) => i.indicator ?? i.code,
  );
  if (byIndicator.length <= MAX_COLUMNS) return { columns: byIndicator, level: '指标（所属考核要点合计）' };
  return {
    columns: group(
      (i) => i.section ?? '',
      (i) => i.section ?? '',
    ),
    level: '部分（所属考核要点合计）',
  };
}

const sum = (xs: readonly number[]) => xs.reduce<Num>((a, x) => add(a, fromDouble(x)), 0);

/** One unit's cell of a column: its band by exact comparison of Σ score × 100 with band × Σ max. */
function cell(items: readonly ItemResultV1[]): HeatCell {
  if (items.length > 0 && items.every((i) => i.status === 'not_applicable')) return { fill: NOT_APPLICABLE.fill };
  const missing = items.some((i) => i.missing);
  const score = sum(items.map((i) => i.score));
  const max = sum(items.map((i) => i.max));
  if (cmp(score, 0) <= 0) return { fill: ZERO.fill, ...(missing ? { mark: MISSING_MARK, markColour: '#ffffff' } : {}) };
  const band = BANDS.find((b) => cmp(mul(score, 100), mul(max, b.from)) >= 0) ?? BANDS[3];
  return { fill: band.fill, ...(missing ? { mark: MISSING_MARK, markColour: INK } : {}) };
}

/** Approximate width of a label: CJK characters are 1 em, others about 0.6 em. */
function textWidth(text: string, size: number): number {
  return [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.6), 0);
}

export function heatChart(input: ReportInput): ChartSpec | undefined {
  const { results } = input;
  const units = inRankOrder(results.units);
  const first = units[0];
  if (!first) return undefined;
  const { columns, level } = columnsOf(first);
  if (columns.length === 0) return undefined;
  const rows = units.map((u) => {
    const byCode = new Map(u.items.map((i) => [i.code, i]));
    return columns.map((c) => cell(c.codes.flatMap((code) => byCode.get(code) ?? [])));
  });
  const layout = rowLayout(units.length);
  const rowHeight = Math.max(layout.row, 18);
  const labels = units.map(unitLabel);
  const labelWidth = Math.max(...labels.map((l) => textWidth(l, layout.font))) + 16;
  const codeHeight = Math.ceil(Math.max(...columns.map((c) => textWidth(c.label, CODE_FONT)))) + 10;
  const width = Math.max(640, Math.ceil(labelWidth + columns.length * CELL_WIDTH + 32));
  const height = 120 + SECTION_BAND + codeHeight + units.length * rowHeight;
  // Section titles wrap to the width their columns will have, in two lines at most, a
  // little condensed if need be (fillText's maxWidth); a title that would not fit shows its code.
  const cellWidth = (width - labelWidth - 32) / columns.length;
  const sections = first.sections.flatMap((s) => {
    const at = columns.flatMap((c, i) => (c.section === s.code ? [i] : []));
    if (at.length === 0) return [];
    const from = Math.min(...at);
    const to = Math.max(...at);
    const room = ((to - from + 1) * cellWidth - 6) / FONT.small;
    const half = Math.ceil([...s.title].length / 2);
    const title = [...s.title].length <= room ? [s.title] : half <= room * 1.25 ? wrapChinese(s.title, half) : [s.code];
    return [{ from, to, title }];
  });

  const title = `${assessmentName(results.rubric.title)}：考核要点得分情况`;
  const marks = [
    ...(rows.some((r) => r.some((c) => c.mark === MISSING_MARK)) ? [`“${MISSING_MARK}”为缺少证据（计 0 分）`] : []),
    ...(rows.some((r) => r.some((c) => c.fill === NOT_APPLICABLE.fill)) ? ['灰色为不涉及'] : []),
  ];
  const base = baseOptions<'scatter'>(title, [`行为单位（按名次），列为${level}；色块为得分占分值的比例`, ...(marks.length > 0 ? [marks.join('，')] : [])]);
  const legend = (): LegendItem[] =>
    [...BANDS, ZERO, NOT_APPLICABLE].map((b) => ({ text: b.text, fillStyle: b.fill, strokeStyle: b.fill, lineWidth: 0, hidden: false }));

  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      ...base,
      layout: BAR_LAYOUT,
      scales: {
        x: {
          type: 'category',
          labels: columns.map((c) => c.label),
          position: 'top',
          offset: true,
          grid: { display: false },
          border: { display: false },
          ticks: { display: false },
          afterFit: headerBand(codeHeight),
        },
        y: {
          type: 'category',
          labels,
          offset: true,
          grid: { display: false },
          border: { display: false },
          ticks: { autoSkip: false, color: INK, font: { size: layout.font } },
        },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend),
        kaoheHeat: { rows, columns: columns.map((c) => c.label), sections, codeHeight },
      },
    },
    plugins: [heatPlugin],
  };
  return { name: 'chart-heat.png', title, width: png(width), height: png(height), pixelRatio: PIXEL_RATIO, config: config as unknown as ChartConfiguration };
}
