/**
 * chart-grades.png: how many units got each result, grades in the rubric's order
 * (best first), each with its score range; the part of a count that a veto forced
 * is hatched, so "3 个不合格" shows at a glance how many failed on points.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ReportInput } from '../input.js';
import type { GradeBand, GradeScale } from './grades.js';
import { type Precision, graduation } from './numbers.js';
import { hatchPlugin } from './plugin-hatch.js';
import { valueLabelsPlugin } from './plugin-value-labels.js';
import type { ChartSpec } from './spec.js';
import { assessmentName } from './text.js';
import { BAR_LAYOUT, FONT, GRID, INK, PIXEL_RATIO, VETO_BORDER, axisTitle, baseOptions, legendOnTop, png } from './theme.js';

function range(bands: readonly GradeBand[], i: number, vetoGrades: ReadonlySet<string>): string {
  const band = bands[i] as GradeBand;
  const above = bands[i - 1]?.minText;
  const points =
    band.minText === undefined ? (above === undefined ? '' : `< ${above}`) : above === undefined ? `≥ ${band.minText}` : `≥ ${band.minText} 且 < ${above}`;
  const veto = vetoGrades.has(band.grade) ? '或一票否决' : '';
  return [points, veto].filter(Boolean).join(' ');
}

export function distributionChart(input: ReportInput, scale: GradeScale, p: Precision): ChartSpec {
  const { results, rubric } = input;
  const vetoGrades = new Set([...results.units.filter((u) => u.vetoed).map((u) => u.grade), ...(rubric?.vetoes.map((v) => v.result) ?? [])]);
  const counts = scale.bands.map((b) => results.summary.grades.find((g) => g.grade === b.grade)?.count ?? 0);
  const forced = scale.bands.map((b) => results.units.filter((u) => u.vetoed && u.grade === b.grade).length);
  const anyVeto = forced.some((n) => n > 0);
  const colours = scale.bands.map((b) => b.colour);
  const top = anyVeto ? 1 : 0;
  const title = `${assessmentName(results.rubric.title)}：考核结果分布`;
  const base = baseOptions<'bar'>(title, `共 ${results.summary.units} 个单位参加考核${anyVeto ? '；斜线部分为因一票否决而列入该档的单位' : ''}`);
  // Colours are named under the bars; the legend only explains the hatching.
  const legend = (): LegendItem[] => [{ text: '一票否决（斜线部分）', fillStyle: '#ffffff', strokeStyle: VETO_BORDER, lineWidth: 1.5, hidden: false }];

  const config: ChartConfiguration<'bar', number[], string[]> = {
    type: 'bar',
    data: {
      labels: scale.bands.map((b, i) => [b.label, range(scale.bands, i, vetoGrades)].filter(Boolean)),
      datasets: [
        { label: '按得分评定', data: counts.map((n, i) => n - (forced[i] as number)), backgroundColor: colours, stack: 'units', barPercentage: 0.6 },
        ...(anyVeto
          ? [
              {
                label: '一票否决',
                data: forced,
                backgroundColor: colours,
                borderColor: VETO_BORDER,
                borderWidth: forced.map((n) => (n > 0 ? 1.5 : 0)),
                stack: 'units',
                barPercentage: 0.6,
              },
            ]
          : []),
      ],
    },
    options: {
      ...base,
      layout: BAR_LAYOUT,
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { color: INK, font: { size: FONT.tick } } },
        y: {
          stacked: true,
          beginAtZero: true,
          // Room above the tallest bar for its count.
          suggestedMax: Math.max(1, ...counts) * 1.15,
          grid: { color: GRID },
          ticks: { color: INK, font: { size: FONT.tick }, precision: 0, callback: (v: string | number) => graduation(Number(v), p) },
          title: axisTitle('单位数（个）'),
        },
      },
      plugins: {
        ...base.plugins,
        legend: legendOnTop(legend, anyVeto),
        kaoheValueLabels: { size: FONT.label + 1, bold: true, labels: counts.map((n, index) => ({ datasetIndex: top, index, text: `${n} 个` })) },
        kaoheHatch: { bars: forced.flatMap((n, index) => (n > 0 ? [{ datasetIndex: 1, index }] : [])) },
      },
    },
    plugins: [hatchPlugin, valueLabelsPlugin],
  };
  return { name: 'chart-grades.png', title, width: png(640), height: png(400), pixelRatio: PIXEL_RATIO, config: config };
}
