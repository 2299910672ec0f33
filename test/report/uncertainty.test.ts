import { expect } from 'chai';
import { type UncertaintyFileV1, analyseUncertainty, parseUncertaintySpec, uncertaintyFile } from '../../src/analysis/index.js';
import { loadAssessmentInputs } from '../../src/cli/assessment-inputs.js';
import { type ResultsV1, evidenceSetHash } from '../../src/core/index.js';
import { bulletinHtml } from '../../src/report/html/index.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import { rankIntervalsOf, shownUnits, uncertaintyMismatch } from '../../src/report/uncertainty.js';
import { engineVersion } from '../../src/package-info.js';
import { bodyRows, elementById, headerCells, tableByClass, textOf } from '../support/html-read.js';
import { gansuRubric, goldenResults, greyPng, standInCharts } from '../support/html-fixtures.js';
import { seedEvidenceDir, seedRubric, seedUnits } from '../support/cli.js';

/** The seeds' analysis with examiners' judgements at 30%, 200 draws: the golden results' own run. */
function seedsAnalysis(): UncertaintyFileV1 {
  const { rubric, prepared } = loadAssessmentInputs({ rubric: seedRubric, evidence: seedEvidenceDir, units: seedUnits });
  const spec = parseUncertaintySpec({ judgement: { probability: 0.3 }, draws: 200, seed: 7 });
  const result = analyseUncertainty(rubric, prepared, spec, { engineVersion, year: rubric.year });
  return uncertaintyFile(rubric, spec, result, evidenceSetHash(prepared.map((p) => p.evidence)));
}

/** An analysis of `count` made-up units: unit i is ranked i, its interval as wide as `widths[i]`, the last three flagged. */
function madeUpAnalysis(count: number, widths: (rank: number) => number, flagChance: (rank: number) => number): UncertaintyFileV1 {
  const base = seedsAnalysis();
  return {
    ...base,
    units: Array.from({ length: count }, (_, i) => {
      const rank = i + 1;
      const flagged = rank > count - 3;
      const p = flagChance(rank);
      return {
        code: `U${String(rank).padStart(3, '0')}`,
        name: `单位${rank}`,
        published: { rank, grade: '合格', flags: flagged ? ['bottom-three'] : [] },
        medianRank: rank,
        rankInterval: [Math.max(1, rank - widths(rank)), rank] as const,
        rankProbabilities: [],
        grades: [{ grade: '合格', probability: 1 }],
        flags: p > 0 ? [{ code: 'bottom-three', probability: p }] : [],
        variations: 1,
      };
    }),
    flagSets: [{ code: 'bottom-three', label: '后三位', published: [], changeProbability: 0.1, sets: [] }],
  };
}

describe('名次的不确定性 in the internal bulletin (issue 13 §1)', () => {
  const results = goldenResults();
  const rubric = gansuRubric();
  const uncertainty = seedsAnalysis();
  const charts = new Map([...standInCharts(results), ['chart-uncertainty.png', greyPng(1640, 1128)]]);
  const internal = bulletinHtml({ results, rubric, uncertainty }, charts);

  it('When the results come with their analysis, Then the internal bulletin has a section saying what was varied, how and how often the bottom three change', () => {
    const section = textOf(elementById(internal, 'uncertainty'));
    expect(section).to.include('名次的不确定性');
    expect(section).to.include('考核组评价各以 30% 的概率移到相邻等级');
    expect(section).to.include(`共 ${uncertainty.variations} 个证据值可变，按种子 7 抽样 200 次`);
    // On 1.0.0's seeds the bottom three hold in every draw.
    expect(section).to.include('后三位名单（陇南市、临夏回族自治州、甘南藏族自治州）在全部情形中都与公布结果相同。');
  });

  it('When the results come with their analysis, Then the section shows the rank-interval chart once, numbered after the other charts', () => {
    const section = elementById(internal, 'uncertainty');
    expect(section).to.match(/<img src="data:image\/png;base64,[^"]+" alt="[^"]*名次的不确定性"/);
    expect(section).to.include('图 4　');
    expect(internal.match(/alt="[^"]*：名次的不确定性"/g)).to.have.length(1);
  });

  it("When the results come with their analysis, Then the table gives each unit's median rank and 5%–95% interval as the analysis found them", () => {
    const table = tableByClass(elementById(internal, 'uncertainty'), 'uncertainty');
    expect(headerCells(table)).to.deep.equal(['公布名次', '单位', '公布结果', '名次中位数', '5%–95% 名次区间', '各结果的概率', '后三位的概率']);
    const rows = bodyRows(table);
    expect(rows.map((r) => r[1])).to.deep.equal(results.units.map((u) => u.name));
    const widest = [...uncertainty.units].sort(
      (a, b) => b.rankInterval[1] - b.rankInterval[0] - (a.rankInterval[1] - a.rankInterval[0]),
    )[0] as UncertaintyFileV1['units'][number];
    expect(widest.rankInterval[1]).to.be.greaterThan(widest.rankInterval[0]);
    const row = rows.find((r) => r[1] === widest.name) as string[];
    expect(row.slice(0, 5)).to.deep.equal([
      String(widest.published.rank),
      widest.name,
      widest.published.grade,
      String(widest.medianRank),
      `${widest.rankInterval[0]}–${widest.rankInterval[1]}`,
    ]);
    expect(rows[0]?.slice(4)).to.deep.equal(['1', '合格 100.0%', '—']);
  });

  it('When the results come with their analysis, Then the public edition says nothing of it', () => {
    const published = bulletinHtml({ results, rubric, uncertainty }, charts, { edition: 'public' });
    expect(published).to.equal(bulletinHtml({ results, rubric }, charts, { edition: 'public' }));
    expect(published).to.not.include('名次的不确定性');
  });

  it('When the results come without an analysis, Then the bulletin and the charts are what they were', () => {
    const without = bulletinHtml({ results, rubric }, standInCharts(results));
    expect(without).to.not.include('名次的不确定性');
    expect(chartSpecs({ results, rubric }).map((s) => s.name)).to.not.include('chart-uncertainty.png');
    expect(chartSpecs({ results, rubric, uncertainty }).map((s) => s.name)).to.include('chart-uncertainty.png');
  });

  it('When there are more than 20 units, Then the table and the chart show the ten widest intervals and every unit the bottom three may take or leave', () => {
    // Units 31-40 have intervals 31-40 wide (the widest); unit 5 is 3 wide; unit 45 may enter the bottom three, unit 48 may leave it.
    const file = madeUpAnalysis(
      50,
      (rank) => (rank > 30 && rank <= 40 ? rank : rank === 5 ? 3 : 0),
      (rank) => (rank === 45 ? 0.2 : rank === 48 ? 0.7 : rank > 48 ? 1 : 0),
    );
    const shown = shownUnits(file).map((u) => u.published.rank);
    expect(shown).to.deep.equal([31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 45, 48]);
    const chart = rankIntervalsOf(file, '某省考核');
    expect(chart.rows.map((r) => r.rank)).to.deep.equal(shown);
    expect(chart.ranks).to.equal(50);
    expect(chart.how).to.include('图中为名次区间最宽和有可能进入或退出后三位的 12 个单位');
  });
});

describe('an analysis of other results is refused', () => {
  const results = goldenResults();
  const uncertainty = seedsAnalysis();

  it('When the analysis is of these results, Then nothing is refused', () => {
    expect(uncertaintyMismatch(results, uncertainty)).to.deep.equal([]);
  });

  it('When the analysis is of another rubric, Then the refusal names both rubrics at $.rubric.hash', () => {
    const other: ResultsV1 = { ...results, rubric: { ...results.rubric, version: '1.1.0', hash: `sha256:${'e'.repeat(64)}` } };
    const [problem] = uncertaintyMismatch(other, uncertainty);
    expect(problem?.path).to.equal('$.rubric.hash');
    expect(problem?.message).to.include('gansu-2015 版本 1.0.0').and.include('gansu-2015 版本 1.1.0');
  });

  it('When a unit is missing from the analysis or a rank differs, Then the refusal names the unit', () => {
    const fewer = { ...uncertainty, units: uncertainty.units.slice(0, -1) };
    const last = results.units[results.units.length - 1] as ResultsV1['units'][number];
    expect(uncertaintyMismatch(results, fewer)).to.deep.equal([
      { code: 'evidence_mismatch', path: '$.units', message: `分析的单位与结果不同：分析中没有${last.name}（${last.code}）` },
    ]);
    const moved = { ...uncertainty, units: uncertainty.units.map((u, i) => (i === 2 ? { ...u, published: { ...u.published, rank: 9 } } : u)) };
    const [problem] = uncertaintyMismatch(results, moved);
    expect(problem?.path).to.equal('$.units[2].published.rank');
    expect(problem?.message).to.include(`第 9 名，结果中为第 ${uncertainty.units[2]?.published.rank} 名`);
  });

  it('When the analysis records other evidence than the results were scored from, Then it is refused at $.evidenceHash; a file without the hash is judged by its ranks', () => {
    expect(uncertainty.evidenceHash).to.equal(results.evidenceHash);
    const other = { ...uncertainty, evidenceHash: `sha256:${'0'.repeat(64)}` as const };
    expect(uncertaintyMismatch(results, other).map((p) => p.path)).to.deep.equal(['$.evidenceHash']);
    const older: UncertaintyFileV1 = { ...uncertainty };
    delete (older as { evidenceHash?: string }).evidenceHash;
    expect(uncertaintyMismatch(results, older)).to.deep.equal([]);
  });

  it('When a unit is flagged in the analysis but not in the results, Then the refusal names the unit and both', () => {
    const flagged = {
      ...uncertainty,
      units: uncertainty.units.map((u, i) => (i === 0 ? { ...u, published: { ...u.published, flags: ['BOTTOM3'] } } : u)),
    };
    expect(uncertaintyMismatch(results, flagged)).to.deep.equal([
      { code: 'evidence_mismatch', path: '$.units[0].published.flags', message: `${results.units[0]?.name}在分析中为“后三位”，结果中为“无标记”` },
    ]);
  });
});
