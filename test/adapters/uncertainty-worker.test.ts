/**
 * The uncertainty worker on the seeds: it refuses a spec whose units × scenarios passes the
 * bound before scoring anything, naming the field to change, and otherwise gives the
 * figures and files of the analysis run in this thread.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { UncertaintySpecError, analyseUncertainty, parseUncertaintySpec, uncertaintyFile } from '../../src/analysis/index.js';
import { evidenceSetHash, parseEvidence, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { workerUncertaintyAnalyser } from '../../src/adapters/uncertainty-worker/index.js';
import type { UncertaintyJob } from '../../src/services/analysis/run-uncertainty.js';
import { seedRubric } from '../support/cli.js';
import { seedEvidenceJson } from '../support/seeds.js';

const source = readFileSync(seedRubric, 'utf8');
const rubric = parseRubric(JSON.parse(source));

function job(spec: unknown, maxUnitScenarios: number): UncertaintyJob {
  return {
    rubric: { source, hash: rubric.hash },
    evidence: seedEvidenceJson().map((e) => JSON.stringify(e)),
    spec: parseUncertaintySpec(spec),
    engineVersion: 'test',
    maxUnitScenarios,
    workbookMaxUnits: 300,
  };
}

describe('the uncertainty worker', function () {
  this.timeout(60_000);
  const analyse = workerUncertaintyAnalyser();

  it('refuses 14 units × 1,000 draws over a bound of 10,000, naming $.draws, before scoring', async () => {
    const running = analyse(job({ judgement: { probability: 0.1 } }, 10_000));
    const refused = await running.plan.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(UncertaintySpecError);
    expect((refused as UncertaintySpecError).problems).to.deep.equal([
      { code: 'schema_invalid', path: '$.draws', message: '14 个单位抽样 1,000 次超出上限：单位数 × 抽样次数不能超过 10,000' },
    ]);
    await running.outcome.catch(() => undefined);
  });

  it('gives the plan, then the figures and the JSON the analysis gives in this thread', async () => {
    const spec = { seed: 3, draws: 200, judgement: { probability: 0.2 } };
    const running = analyse(job(spec, 10_000));
    expect(await running.plan).to.deep.include({ method: 'sample', scenarios: 200 });
    const outcome = await running.outcome;
    const parsed = parseUncertaintySpec(spec);
    const evidences = seedEvidenceJson().map((e) => parseEvidence(e));
    const prepared = evidences.map((e) => prepareEvidence(rubric, e));
    const expected = uncertaintyFile(
      rubric,
      parsed,
      analyseUncertainty(rubric, prepared, parsed, { engineVersion: 'test', year: rubric.year }),
      evidenceSetHash(prepared.map((p) => p.evidence)),
    );
    expect(Buffer.from(outcome.json).toString('utf8')).to.equal(`${JSON.stringify(expected, null, 2)}\n`);
    expect(outcome.view.how).to.equal('按种子 3 抽样 200 次');
    expect(outcome.view.units.map((u) => u.medianRank)).to.deep.equal(expected.units.map((u) => u.medianRank));
    expect((await outcome.xlsx)?.byteLength).to.be.greaterThan(1000);
  });
});
