/**
 * The report set at scale (src/report/scale.ts): above 100 units the bulletin is the summary,
 * the ranking and charts that keep their size, and each scorecard a document of its own;
 * at 100 units and below nothing changes (the golden tests hold the bytes). Generated
 * county-level units of the national tree, grouped by city.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { CHINA_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { unitScorecard } from '../../src/adapters/report-set.js';
import { writeReports } from '../../src/cli/report-output.js';
import { type ResultsV1, assess, buildResults } from '../../src/core/index.js';
import { GROUP_LEVEL_WORDS, groupUnits } from '../../src/records/index.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import { bulletinHtml, bulletinMarkdown } from '../../src/report/index.js';
import { BULLETIN_SCALE_UNITS, NAMED_IN_SUMMARY } from '../../src/report/scale.js';
import { gansuRubric } from '../support/html-fixtures.js';
import { bodyRows, elementById, tableByClass, textOf } from '../support/html-read.js';

const rubric = gansuRubric();
const { tree } = loadUnitTree(CHINA_UNIT_TREE);
const counties = tree.units.filter((u) => u.level === 'county');

/**
 * `count` counties spread over the country, scored on generated evidence, with their cities as
 * groups; with `vetoEvery`, every so many of them vetoed (the first veto's incident reported).
 */
function countiesAssessed(count: number, { seed = 11, vetoEvery = 0, year = rubric.year } = {}) {
  const chosen = Array.from({ length: count }, (_, i) => counties[Math.floor((i * counties.length) / count)]!);
  const veto = rubric.vetoes[0]!;
  const incident = { values: Object.fromEntries(veto.fields.filter((f) => f.type === 'boolean').map((f) => [f.key, true])) };
  const evidence = generateEvidence(rubric, count, seed).map((e, i) => ({
    ...e,
    unit: { code: chosen[i]!.code, name: chosen[i]!.name },
    items: vetoEvery > 0 && i % vetoEvery === 0 ? { ...e.items, [veto.code]: incident } : e.items,
  }));
  const assessed = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year, trace: true }), evidence);
  // Last year's results stand in with this year's rubric: only the year differs.
  const results: ResultsV1 = { ...assessed, year };
  const grouped = groupUnits(
    tree,
    chosen.map((u) => u.code),
    'city',
  );
  if (!grouped.ok) throw new Error('counties group by city');
  return { results, rubric, groups: { title: GROUP_LEVEL_WORDS.city, of: Object.fromEntries(grouped.groupOf) } };
}

describe('reports at scale (more than 100 units)', function () {
  this.timeout(300_000);
  const small = countiesAssessed(BULLETIN_SCALE_UNITS);
  const large = countiesAssessed(BULLETIN_SCALE_UNITS + 20);

  it('At 100 units, the charts are as before: the ranking, the heat table and a radar per unit', () => {
    const names = chartSpecs(small).map((s) => s.name);
    expect(names).to.include.members(['chart-ranking.png', 'chart-grades.png', 'chart-heat.png']);
    expect(names.filter((n) => n.startsWith('chart-unit-'))).to.have.length(BULLETIN_SCALE_UNITS);
  });

  it('Above 100 units, the charts keep their size: results by grade, totals, top and bottom 20, per-city panels; none per unit', () => {
    const specs = chartSpecs(large);
    const names = specs.map((s) => s.name);
    expect(names.slice(0, 4)).to.deep.equal(['chart-grades.png', 'chart-totals.png', 'chart-top.png', 'chart-bottom.png']);
    expect(names.slice(4).every((n) => /^chart-groups(-\d+)?\.png$/.test(n))).to.equal(true);
    expect(names.some((n) => n === 'chart-ranking.png' || n === 'chart-heat.png' || n.startsWith('chart-unit-'))).to.equal(false);
    // No chart grows past about a page however many units: the tallest is a panel of 40 cities.
    expect(Math.max(...specs.map((s) => s.height / (s.pixelRatio ?? 1)))).to.be.at.most(1000);
    const top = specs.find((s) => s.name === 'chart-top.png');
    expect(top?.config.data.labels).to.have.length(20);
  });

  it('The bulletin ranks every unit with its city, lists missing evidence by item, and holds no scorecard and no table per city', () => {
    const html = bulletinHtml(large, new Map());
    const rows = bodyRows(tableByClass(elementById(html, 'ranking'), 'ranking'));
    expect(rows.map((r) => r[1])).to.deep.equal(large.results.units.map((u) => u.name));
    expect(rows.map((r) => r[2])).to.deep.equal(large.results.units.map((u) => large.groups.of[u.code]?.name));
    expect(html).not.to.include('<article class="scorecard"');
    expect(html).not.to.include('id="ranking-groups"');
    const missing = bodyRows(tableByClass(elementById(html, 'notes'), 'missing'));
    const counted = missing.reduce((n, r) => n + Number(r[2]), 0);
    expect(counted).to.equal(large.results.units.reduce((n, u) => n + u.missingItems.length, 0));
    expect(html).to.include('各单位评分明细见各自的评分表');
  });

  it('report.md ranks every unit with its city and has no section per city', () => {
    const md = bulletinMarkdown(large.results, large.groups);
    for (const u of large.results.units) expect(md).to.include(`| ${u.rank} | ${u.name} | ${large.groups.of[u.code]?.name} |`);
    expect(md).not.to.include('## 按市州排名');
  });

  describe('with last year’s results and a vetoed unit in every ten', () => {
    const count = BULLETIN_SCALE_UNITS + 50;
    const now = countiesAssessed(count, { vetoEvery: 10 });
    // Seven of this year's counties were not assessed last year.
    const before = countiesAssessed(count, { seed: 12, year: rubric.year - 1 });
    const input = { ...now, previous: { ...before.results, units: before.results.units.slice(7) } };
    const vetoed = now.results.units.filter((u) => u.vetoed);

    it('Last year is compared by the distribution of changes and the largest risers and fallers, not a bar per unit', () => {
      const specs = chartSpecs(input);
      const names = specs.map((s) => s.name);
      expect(names).to.include.members(['chart-changes.png', 'chart-movers.png']);
      expect(names).not.to.include('chart-movement.png');
      const changes = specs.find((s) => s.name === 'chart-changes.png')!;
      const counted = (changes.config.data.datasets[0]!.data as number[]).reduce((n, x) => n + x, 0);
      expect(counted).to.equal(count - 7);
      expect(changes.config.options?.plugins?.subtitle?.text?.[0]).to.include('上年未参加考核 7 个');
      const movers = specs.find((s) => s.name === 'chart-movers.png')!;
      const deltas = movers.config.data.datasets[0]!.data as number[];
      expect(deltas).to.have.length(20);
      // Rises first, largest first; then falls, the largest last.
      expect(deltas.slice(0, 10).every((d) => d > 0)).to.equal(true);
      expect(deltas.slice(10).every((d) => d < 0)).to.equal(true);
      expect([...deltas].sort((a, b) => b - a)).to.deep.equal(deltas);
      expect(Math.max(...specs.map((s) => s.height / (s.pixelRatio ?? 1)))).to.be.at.most(1000);
    });

    it('The summary counts the vetoed units and names ten of them; the ranking marks every one', () => {
      expect(vetoed.length).to.be.greaterThan(NAMED_IN_SUMMARY);
      const overview = textOf(elementById(bulletinHtml(input, new Map()), 'overview'));
      const line = overview.split('\n').find((l) => l.includes('一票否决：')) ?? '';
      expect(line).to.include(`共 ${vetoed.length} 个单位`);
      expect(line).to.include(`等 ${vetoed.length} 个单位，全部单位见考核排名（标“否决”）`);
      expect(vetoed.filter((u) => line.includes(u.name))).to.have.length.within(NAMED_IN_SUMMARY, NAMED_IN_SUMMARY + 2);
      const rows = bodyRows(tableByClass(elementById(bulletinHtml(input, new Map()), 'ranking'), 'ranking'));
      expect(rows.filter((r) => r.join(' ').includes('否决'))).to.have.length(vetoed.length);
      const md = bulletinMarkdown(input.results, input.groups);
      expect(md).to.include(`一票否决：共 ${vetoed.length} 个单位`);
      expect(md.split('\n').filter((l) => l.startsWith('- 一票否决：'))).to.have.length(1);
    });

    it('The public edition counts each result and lists every unit’s result under its city, without scores or ranks', () => {
      const html = bulletinHtml(input, new Map(), { edition: 'public' });
      const grades = bodyRows(tableByClass(elementById(html, 'overview'), 'grades'));
      for (const row of grades) expect(row[2]).to.match(/^共 \d+ 个，见各单位考核结果$|^[^共]/);
      const rows = bodyRows(tableByClass(elementById(html, 'public-results'), 'public-results'));
      const cities = new Set(now.results.units.map((u) => now.groups.of[u.code]?.name));
      expect(rows.map((r) => r[0])).to.have.members([...cities]);
      expect(rows.reduce((n, r) => n + Number(r[1]), 0)).to.equal(count);
      for (const u of now.results.units) {
        const row = rows.find((r) => r[0] === now.groups.of[u.code]?.name)!;
        expect(row[2]).to.include(`${u.name}${u.vetoed ? '（否决）' : ''}`);
      }
      const text = textOf(elementById(html, 'overview')) + textOf(elementById(html, 'public-results'));
      expect(text).not.to.match(/\d+\.\d{2} 分/);
      expect(text).not.to.include('名次');
    });
  });

  it('kaohe report writes every unit’s scorecard, each the page made for that unit alone', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kaohe-report-scale-'));
    try {
      const write = process.stdout.write;
      process.stdout.write = () => true;
      try {
        await writeReports(large, { outDir: out, pdf: false });
      } finally {
        process.stdout.write = write;
      }
      const pages = readdirSync(path.join(out, 'scorecards'));
      expect(pages).to.have.length(large.results.units.length);
      const code = large.results.units[57]!.code;
      expect(readFileSync(path.join(out, 'scorecards', `${code}.html`), 'utf8')).to.equal(await unitScorecard(large, code));
      expect(readdirSync(path.join(out, 'charts')).some((n) => n.startsWith('chart-unit-'))).to.equal(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
