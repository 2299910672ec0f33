import { expect } from 'chai';
import type { ResultsV1 } from '../../src/core/index.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import type { ChartSpec } from '../../src/report/charts/spec.js';
import { MAX_COLUMNS, MISSING_MARK } from '../../src/report/charts/heat.js';
import { gradeColour } from '../../src/report/charts/theme.js';
import { generatedResults, gansuRubric, nationalRubric, previousOf, seedInput, spreadResults } from '../support/charts-fixtures.js';

// Specs are chart.js configurations: read them as the plain data they hold.
type Any = any;

const byName = (specs: ChartSpec[], name: string): ChartSpec => {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no ${name} among ${specs.map((s) => s.name).join(', ')}`);
  return spec;
};
const options = (spec: ChartSpec): Any => spec.config.options as Any;
const dataset = (spec: ChartSpec, i = 0): Any => spec.config.data.datasets[i] as Any;
const labels = (spec: ChartSpec): Any[] => spec.config.data.labels as Any[];

/** Every string a spec holds (labels, titles, plugin texts), however deep. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** A decimal with more places than the rubric's: a binary-float artefact (or a rounding missed). */
const tooPrecise = (places: number) => new RegExp(`\\d\\.\\d{${places + 1},}`);

const RED = gradeColour(1, 2);
const GREEN = gradeColour(0, 2);

describe('chart specs (src/report/charts)', () => {
  const seed = seedInput();
  const specs = chartSpecs(seed);
  const ranking = byName(specs, 'chart-ranking.png');

  describe('Given the 14 Gansu units of 2015 and their rubric', () => {
    it('Then there is a ranking, a grade distribution, a heat table and one chart per unit, and no movement chart', () => {
      const names = specs.map((s) => s.name);
      expect(names.slice(0, 3)).to.deep.equal(['chart-ranking.png', 'chart-grades.png', 'chart-heat.png']);
      expect(names.filter((n) => n.startsWith('chart-unit-')).sort()).to.deep.equal(seed.results.units.map((u) => `chart-unit-${u.code}.png`).sort());
      expect(names).to.not.include('chart-movement.png');
      expect(new Set(names).size).to.equal(names.length);
    });

    it('Then every spec has a Chinese title, a size that is a whole number of chart pixels, and no animation', () => {
      for (const spec of specs) {
        expect(spec.title, spec.name).to.match(/[\u4e00-\u9fff]/);
        expect(options(spec).plugins.title.text, spec.name).to.match(/[\u4e00-\u9fff]/);
        const ratio = spec.pixelRatio ?? 1;
        expect(spec.width % ratio, spec.name).to.equal(0);
        expect(spec.height % ratio, spec.name).to.equal(0);
        expect(options(spec).devicePixelRatio, spec.name).to.equal(ratio);
        expect(options(spec).animation, spec.name).to.equal(false);
      }
    });

    it('Then the ranking lists the units in rank order, the vetoed one marked （否决）', () => {
      expect(labels(ranking)).to.deep.equal(seed.results.units.map((u) => `${u.rank}  ${u.name}${u.vetoed ? '（否决）' : ''}`));
      expect(labels(ranking)[9]).to.equal('10  白银市（否决）');
      expect(dataset(ranking).data).to.deep.equal(seed.results.units.map((u) => u.total));
    });

    it('Then bars are coloured by result, 合格 green and 不合格 red, and the vetoed bar is hatched with a dark border', () => {
      const colours = dataset(ranking).backgroundColor as string[];
      seed.results.units.forEach((u, i) => expect(colours[i], u.name).to.equal(u.grade === '合格' ? GREEN : RED));
      expect(options(ranking).plugins.kaoheHatch.bars).to.deep.equal([{ datasetIndex: 0, index: 9 }]);
      expect(dataset(ranking).borderWidth[9]).to.be.greaterThan(0);
      expect(dataset(ranking).borderWidth[0]).to.equal(0);
    });

    it("Then the rubric's threshold (合格 from 60) is drawn as a labelled line, and the subtitle does not call it inferred", () => {
      expect(options(ranking).plugins.kaoheThresholds.lines).to.deep.equal([{ value: 60, label: '合格 ≥ 60.00', colour: GREEN }]);
      expect(strings(options(ranking).plugins.subtitle).join('')).to.not.include('推断');
    });

    it('Then each bar is labelled with its total at two decimals and its result (60 shows as 60.00)', () => {
      const texts = options(ranking).plugins.kaoheValueLabels.labels.map((l: Any) => l.text);
      expect(texts[0]).to.equal('90.74  合格');
      expect(texts[11]).to.equal('60.00  合格');
      for (const t of texts) expect(t).to.match(/^\d+\.\d{2} {2}(合格|不合格)$/);
    });

    it('Then the ranking axis runs from 0 to the rubric total and every label is drawn (none skipped)', () => {
      expect(options(ranking).scales.x.min).to.equal(0);
      expect(options(ranking).scales.x.max).to.equal(100);
      expect(options(ranking).scales.y.ticks.autoSkip).to.equal(false);
    });

    it('Then no text in any spec has more decimals than the rubric precision', () => {
      for (const spec of specs) for (const s of strings(spec.config)) expect(s, spec.name).to.not.match(tooPrecise(2));
    });

    it('Then axis graduations that arrive as binary-float artefacts are shown clean', () => {
      const tick = options(ranking).scales.x.ticks.callback as (v: number) => string;
      expect(tick(0.30000000000000004)).to.equal('0.3');
      expect(tick(30.000000000000004)).to.equal('30');
      expect(tick(60)).to.equal('60');
    });

    it('Then the grade chart counts units per grade in the rubric order, the vetoed one hatched on top of 不合格', () => {
      const grades = byName(specs, 'chart-grades.png');
      expect(labels(grades).map((l: string[]) => l[0])).to.deep.equal(['合格', '不合格']);
      expect(dataset(grades, 0).data).to.deep.equal([11, 2]);
      expect(dataset(grades, 1).data).to.deep.equal([0, 1]);
      expect(options(grades).plugins.kaoheValueLabels.labels.map((l: Any) => l.text)).to.deep.equal(['11 个', '3 个']);
      expect(options(grades).plugins.kaoheHatch.bars).to.deep.equal([{ datasetIndex: 1, index: 1 }]);
      expect(dataset(grades, 0).backgroundColor).to.deep.equal([GREEN, RED]);
    });

    it("Then each unit chart is a radar of section shares against the average, labelled with the section's full title", () => {
      const lanzhou = byName(specs, 'chart-unit-620100.png');
      expect(lanzhou.config.type).to.equal('radar');
      const unit = seed.results.units[0] as ResultsV1['units'][number];
      const lines = labels(lanzhou) as string[][];
      unit.sections.forEach((s, i) => {
        const label = lines[i] as string[];
        expect(label.slice(0, -1).join(''), s.code).to.equal(s.title);
        for (const line of label.slice(0, -1)) expect([...line].length).to.be.at.most(10);
        expect(label[label.length - 1]).to.match(/^\d+\.\d{2}%（平均 \d+\.\d{2}%）$/);
      });
      // 17.2 of 20 is 86%; the average over all 14 units of S1 is exact at two places.
      expect(lines[0]?.[lines[0].length - 1]).to.match(/^86\.00%/);
      const s1 = seed.results.units.map((u) => Math.round((u.sections[0]?.score ?? 0) * 100)).reduce((a, b) => a + b, 0);
      const average = (Math.round((s1 * 100) / (14 * 20)) / 100).toFixed(2);
      expect(lines[0]?.[lines[0].length - 1]).to.equal(`86.00%（平均 ${average}%）`);
      expect(dataset(lanzhou, 0).data[0]).to.equal(86);
      expect(dataset(lanzhou, 1).label).to.equal('全部单位平均');
    });

    it('Then the heat table has one column per checkpoint under its section and marks missing evidence', () => {
      const heat = byName(specs, 'chart-heat.png');
      const plugin = options(heat).plugins.kaoheHeat;
      const checkpoints = seed.results.units[0]?.items.filter((i) => i.kind === 'checkpoint') ?? [];
      expect(plugin.columns).to.deep.equal(checkpoints.map((i) => i.code));
      expect(plugin.rows).to.have.length(14);
      expect(plugin.sections.map((s: Any) => s.title.join(''))).to.deep.equal(seed.results.units[0]?.sections.map((s) => s.title));
      seed.results.units.forEach((u, r) => {
        const marked = (plugin.rows[r] as Any[]).flatMap((c, i) => (c.mark === MISSING_MARK ? [plugin.columns[i]] : []));
        const missing = u.items.filter((i) => i.kind === 'checkpoint' && i.missing).map((i) => i.code);
        expect(marked, u.name).to.deep.equal(missing);
      });
      expect(heat.height).to.be.greaterThan(14 * 18 * (heat.pixelRatio ?? 1));
    });
  });

  describe('Given the same results without the rubric', () => {
    const bare = chartSpecs({ results: seed.results });
    it('Then the 合格 threshold is inferred as 60 from the units and the subtitle says so', () => {
      const spec = byName(bare, 'chart-ranking.png');
      expect(options(spec).plugins.kaoheThresholds.lines).to.deep.equal([{ value: 60, label: '合格 ≥ 60.00', colour: GREEN }]);
      expect(strings(options(spec).plugins.subtitle).join('')).to.include('推断');
    });
  });

  describe('Given the national A–D rubric, with units in every grade and one vetoed', () => {
    const rubric = nationalRubric();
    const results = spreadResults(generatedResults(rubric, 20, 3), rubric);

    it('Then A, B, C and D have four distinct colours, green to red, and each bar has its grade colour', () => {
      const spec = byName(chartSpecs({ results, rubric }), 'chart-ranking.png');
      const colours = ['A', 'B', 'C', 'D'].map((_, i) => gradeColour(i, 4));
      expect(new Set(colours).size).to.equal(4);
      expect(colours[0]).to.equal(GREEN);
      expect(colours[3]).to.equal(RED);
      results.units.forEach((u, i) => expect(dataset(spec).backgroundColor[i], u.name).to.equal(colours['ABCD'.indexOf(u.grade)]));
    });

    it("Then the thresholds are the rubric's 90, 80 and 60, labelled with the grade labels", () => {
      const spec = byName(chartSpecs({ results, rubric }), 'chart-ranking.png');
      expect(options(spec).plugins.kaoheThresholds.lines.map((l: Any) => [l.value, l.label])).to.deep.equal([
        [90, 'A级 ≥ 90.00'],
        [80, 'B级 ≥ 80.00'],
        [60, 'C级 ≥ 60.00'],
      ]);
    });

    it('Then without the rubric the same thresholds are inferred from the score grades (the veto does not mislead it)', () => {
      const spec = byName(chartSpecs({ results }), 'chart-ranking.png');
      expect(options(spec).plugins.kaoheThresholds.lines.map((l: Any) => l.value)).to.deep.equal([90, 80, 60]);
    });
  });

  describe('Given last year’s results too', () => {
    const previous = previousOf(seed.results);
    const withPrevious = chartSpecs({ ...seed, previous });
    const movement = byName(withPrevious, 'chart-movement.png');
    const texts: string[] = options(movement).plugins.kaoheValueLabels.labels.map((l: Any) => l.text);

    it('Then a movement chart shows each unit’s change in total and rank, exact at two decimals, a fall with a true minus (U+2212)', () => {
      expect(labels(movement)).to.deep.equal(labels(ranking));
      expect(texts[0]).to.equal('+0.30（名次不变）');
      expect(texts[1]).to.equal('−0.10（名次不变）');
      expect(texts[3]).to.match(/^−2\.35（↓\d+ 名）$/);
      for (const t of texts.slice(0, -1)) expect(t).to.match(/^(\+|−)?\d+\.\d{2}（/);
      expect(dataset(movement).data[0]).to.be.closeTo(0.3, 1e-9);
    });

    it('Then a unit not assessed last year gets no bar and says so', () => {
      expect(texts[texts.length - 1]).to.equal('上年未参加考核');
      expect(dataset(movement).data[13]).to.equal(null);
    });

    it('Then the title names last year', () => {
      expect(movement.title).to.include('2014');
    });
  });

  describe('Given results at another precision (three places)', () => {
    const results: ResultsV1 = { ...seed.results, rubric: { ...seed.results.rubric, precision: 3 } };
    it('Then totals and shares are shown with three decimals', () => {
      const out = chartSpecs({ results });
      expect(options(byName(out, 'chart-ranking.png')).plugins.kaoheValueLabels.labels[0].text).to.equal('90.740  合格');
      const radar = labels(byName(out, 'chart-unit-620100.png')) as string[][];
      expect(radar[0]?.[radar[0].length - 1]).to.match(/^86\.000%（平均 \d+\.\d{3}%）$/);
    });
  });

  describe('Given 100 units', () => {
    const results = generatedResults(gansuRubric(), 100);
    const many = chartSpecs({ results, rubric: gansuRubric() });
    const spec = byName(many, 'chart-ranking.png');

    it('Then the ranking grows tall enough to give every unit a row taller than its label', () => {
      const ratio = spec.pixelRatio ?? 1;
      const font = options(spec).scales.y.ticks.font.size as number;
      expect(font).to.be.at.least(10);
      // Whatever the title, legend and axes take (at most 300 chart pixels), each row keeps a line and a gap.
      const perRow = (spec.height / ratio - 300) / 100;
      expect(perRow).to.be.at.least(font * 1.3);
      expect(options(spec).scales.y.ticks.autoSkip).to.equal(false);
      expect(labels(spec)).to.have.length(100);
    });

    it('Then it is taller than the 14-unit ranking and as wide', () => {
      expect(spec.height).to.be.greaterThan(ranking.height * 2.5);
      expect(spec.width).to.equal(ranking.width);
    });

    it('Then the heat table keeps a row per unit', () => {
      const heat = byName(many, 'chart-heat.png');
      expect(options(heat).plugins.kaoheHeat.rows).to.have.length(100);
    });

    it('Then one unit chart per unit', () => {
      expect(many.filter((s) => s.name.startsWith('chart-unit-'))).to.have.length(100);
    });
  });

  describe('Given a rubric with more checkpoints than a heat table can show', () => {
    it(`Then the heat table (over ${MAX_COLUMNS} checkpoints) shows one column per indicator`, () => {
      const doubled: ResultsV1 = {
        ...seed.results,
        units: seed.results.units.map((u) => ({
          ...u,
          items: [...u.items, ...u.items.filter((i) => i.kind === 'checkpoint').map((i) => ({ ...i, code: `${i.code}b` }))],
        })),
      };
      const heat = byName(chartSpecs({ results: doubled }), 'chart-heat.png');
      const columns = options(heat).plugins.kaoheHeat.columns as string[];
      expect(columns).to.have.length(24);
      expect(columns[0]).to.equal('G01');
      expect(strings(options(heat).plugins.subtitle).join('')).to.include('指标');
    });
  });
});
