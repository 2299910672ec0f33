/**
 * chart-unit-<code>.png: one unit's section scores as a share of each section's
 * maximum, against the average share of all units; a radar when the rubric has three
 * sections or more (a profile), grouped bars otherwise (a radar needs three axes).
 * Each axis label carries the section title (wrapped) and both shares in words, so
 * the chart reads without colour.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import type { ReportInput } from '../input.js';
import { fixed } from '../format.js';
import type { GradeScale } from './grades.js';
import { type Derived, type Precision, graduation, percentOf } from './numbers.js';
import type { ChartSpec } from './spec.js';
import { wrapChinese } from './text.js';
import { FONT, GRID, INK, PIXEL_RATIO, baseOptions, png } from './theme.js';

const UNIT = '#1f5fa8';
const AVERAGE = '#7a7a7a';

/** Each section's average share over all units (Σ scores ÷ Σ maxima). */
export function sectionAverages(results: ResultsV1, p: Precision): Map<string, Derived> {
  const codes = results.units[0]?.sections.map((s) => s.code) ?? [];
  const of = (code: string) => results.units.flatMap((u) => u.sections.filter((s) => s.code === code));
  return new Map(
    codes.map((code) => [
      code,
      percentOf(
        of(code).map((s) => s.score),
        of(code).map((s) => s.max),
        p,
      ),
    ]),
  );
}

export function unitChart(input: ReportInput, unit: UnitResultV1, averages: ReadonlyMap<string, Derived>, scale: GradeScale, p: Precision): ChartSpec {
  const { results } = input;
  const radar = unit.sections.length >= 3;
  const shares = unit.sections.map((s) => percentOf([s.score], [s.max], p));
  const means = unit.sections.map((s) => averages.get(s.code) ?? { value: 0, text: fixed(0, p.places) });
  const labels = unit.sections.map((s, i) => [...wrapChinese(s.title, 10), `${shares[i]?.text}%（平均 ${means[i]?.text}%）`]);
  const grade = scale.bands.find((b) => b.grade === unit.grade)?.label ?? unit.grade;
  const title = `${unit.name}：各部分得分率与全部单位平均`;
  const subtitle = [
    `总分 ${fixed(unit.total, p.places)} 分，${grade}${unit.vetoed ? '（一票否决）' : ''}，第 ${unit.rank} 名（共 ${results.summary.units} 个单位）`,
    `得分率 = 部分得分 ÷ 部分分值 × 100%；${radar ? '虚线' : '灰色'}为全部单位的平均得分率`,
  ];
  const mine = { label: unit.name, data: shares.map((s) => s.value), borderColor: UNIT, borderWidth: 2 };
  const all = { label: '全部单位平均', data: means.map((s) => s.value), borderColor: AVERAGE, borderWidth: 2 };
  const percentTicks = { color: INK, font: { size: FONT.small }, stepSize: 20, callback: (v: string | number) => `${graduation(Number(v), p)}%` };
  const legend = { display: true, position: 'top' as const, labels: { color: INK, font: { size: FONT.tick }, boxWidth: 14, boxHeight: 12 } };

  let config: ChartConfiguration<'radar', number[], string[]> | ChartConfiguration<'bar', number[], string[]>;
  if (radar) {
    const base = baseOptions<'radar'>(title, subtitle);
    config = {
      type: 'radar',
      data: {
        labels,
        datasets: [
          { ...mine, backgroundColor: 'rgba(31,95,168,0.18)', pointRadius: 3, pointBackgroundColor: UNIT },
          { ...all, backgroundColor: 'rgba(0,0,0,0)', borderDash: [6, 4], pointRadius: 2, pointBackgroundColor: AVERAGE },
        ],
      },
      options: {
        ...base,
        layout: { padding: 8 },
        scales: {
          r: {
            min: 0,
            max: 100,
            grid: { color: GRID },
            angleLines: { color: GRID },
            // Above the data, on a white backdrop: a line through a graduation would hide it.
            ticks: { ...percentTicks, z: 1, backdropColor: 'rgba(255,255,255,0.85)' },
            pointLabels: { color: INK, font: { size: FONT.label } },
          },
        },
        plugins: { ...base.plugins, legend },
      },
    };
  } else {
    const base = baseOptions<'bar'>(title, subtitle);
    config = {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { ...mine, backgroundColor: UNIT, borderWidth: 0 },
          { ...all, backgroundColor: AVERAGE, borderWidth: 0 },
        ],
      },
      options: {
        ...base,
        indexAxis: 'y',
        layout: { padding: 8 },
        scales: {
          x: { min: 0, max: 100, grid: { color: GRID }, ticks: percentTicks, title: { display: true, text: '得分率', color: INK } },
          y: { grid: { display: false }, ticks: { color: INK, font: { size: FONT.label } } },
        },
        plugins: { ...base.plugins, legend },
      },
    };
  }
  return {
    name: `chart-unit-${unit.code}.png`,
    title: `${unit.name}各部分得分率`,
    width: png(640),
    height: png(radar ? 520 : 200 + 60 * unit.sections.length),
    pixelRatio: PIXEL_RATIO,
    config: config,
  };
}
