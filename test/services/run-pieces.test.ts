/**
 * A run's texts cut into one piece per unit and joined back (services/runs/run-pieces.ts):
 * exactly the texts, for the seeded 14-unit assessment; texts that are not a run's are
 * left whole rather than cut wrongly.
 */
import { expect } from 'chai';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { joinInputs, joinResults, resultsFrame, splitRunTexts } from '../../src/services/runs/run-pieces.js';
import { rankingOf } from '../../src/services/runs/run-views.js';
import { seedRubricJson } from '../support/seed-bundles.js';
import { seedEvidenceJson } from '../support/seeds.js';

describe('run pieces: a run’s texts cut per unit and joined back', () => {
  const rubric = parseRubric(seedRubricJson());
  const evidence = seedEvidenceJson().map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
  const inputs = JSON.stringify(evidence);
  const resultsText = JSON.stringify(results);

  it('gives back the seeded run’s texts byte for byte, each unit’s slices its own', () => {
    const cut = splitRunTexts(inputs, resultsText);
    expect(cut).to.not.equal(null);
    const byCode = new Map(cut!.units.map((u) => [u.code, u]));
    expect(joinInputs(cut!.frame, byCode)).to.equal(inputs);
    expect(joinResults(cut!.frame, byCode)).to.equal(resultsText);
    expect(cut!.frame.inputCodes).to.deep.equal(evidence.map((e) => e.unit.code));
    expect(cut!.frame.ranking).to.deep.equal(rankingOf(results));
    const lanzhou = byCode.get('620100')!;
    expect(JSON.parse(lanzhou.evidence)).to.deep.equal(JSON.parse(JSON.stringify(evidence.find((e) => e.unit.code === '620100'))));
    expect(JSON.parse(lanzhou.result)).to.deep.equal(JSON.parse(JSON.stringify(results.units.find((u) => u.code === '620100'))));
  });

  it('keeps the results’ summary, rubric and hashes in the frame, without the units’ entries', () => {
    const frame = resultsFrame(splitRunTexts(inputs, resultsText)!.frame);
    expect(frame.units).to.deep.equal([]);
    expect(JSON.stringify({ ...frame, units: results.units })).to.equal(resultsText);
  });

  it('a missing piece is named, not joined around', () => {
    const cut = splitRunTexts(inputs, resultsText)!;
    const partial = new Map(cut.units.filter((u) => u.code !== '620200').map((u) => [u.code, u]));
    expect(() => joinResults(cut.frame, partial)).to.throw('评分缺少单位 620200 的存储分段');
  });

  for (const [what, inputsGiven, resultsGiven] of [
    ['placeholder texts', '[]', '{}'],
    ['results whose units are not the inputs’', inputs, JSON.stringify({ ...results, units: results.units.slice(1) })],
    ['a unit scored twice', JSON.stringify([...evidence, evidence[0]]), resultsText],
  ] as const) {
    it(`${what}: left whole (null)`, () => {
      expect(splitRunTexts(inputsGiven, resultsGiven)).to.equal(null);
    });
  }
});
