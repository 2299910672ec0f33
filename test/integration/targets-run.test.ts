/**
 * Approved targets reach a run and its audit bundle (real FerretDB): the run's evidence
 * carries each unit's approved targets with their provenance; the bundle carries the
 * filing as stored, and replay checks the evidence against it and the filing against
 * the audit chain, so a changed filing is named even when the bundle is resealed.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type BundleV1, replayBundle, sealBundle } from '../../src/audit/index.js';
import { type EvidenceDocument, parseRubric } from '../../src/core/index.js';
import { exportBundle } from '../../src/services/audit/bundles.js';
import { initialUnitTree } from '../../src/adapters/files/bootstrap-data.js';
import { fromRoot } from '../support/paths.js';
import { type TestService, startService } from '../support/service.js';

const YEAR = 2015;
const RUBRIC_110 = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8')));

describe('approved targets in a run and its audit bundle (real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;
  let runId = '';
  let bundle: BundleV1;

  before(async () => {
    service = await startService({ now: '2015-03-10T02:00:00.000Z' });
    const { city, examiner } = service.users;
    const cycle = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year: YEAR, rubric: RUBRIC_110.hash, deadline: '2016-03-31T23:59:59+08:00', targetDeadline: '2015-03-31T23:59:59+08:00' },
    });
    expect(cycle.status, cycle.text).to.equal(201);
    const filed = await service.request('PUT', `/api/cycles/${YEAR}/targets/620100`, { user: city, body: { targets: { 'Q04.1': { goodAirDaysTarget: 80 } } } });
    expect(filed.status, filed.text).to.equal(200);
    const approved = await service.request('POST', `/api/cycles/${YEAR}/targets/620100/decisions`, {
      user: examiner,
      body: { decision: 'approve', version: 1 },
    });
    expect(approved.status, approved.text).to.equal(200);
    const run = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: examiner });
    expect(run.status, run.text).to.equal(201);
    runId = run.body.runId as string;
    bundle = await exportBundle(
      service.stores,
      initialUnitTree().tree,
      { year: YEAR },
      { runId, by: 'test', at: '2015-03-11T00:00:00.000Z', engineVersion: 'test' },
    );
  });
  after(() => service.close());

  it("puts 兰州市's approved target, with when it was filed and approved and by whom, into the run's evidence; units without one get none", async () => {
    const stored = await service.stores.runs.get(runId);
    const inputs = JSON.parse(stored?.inputs ?? '[]') as EvidenceDocument[];
    const lanzhou = inputs.find((e) => e.unit.code === '620100');
    expect(lanzhou?.targets).to.deep.equal({
      'Q04.1': { goodAirDaysTarget: { value: 80, filedAt: '2015-03-10T02:00:00.000Z', approvedAt: '2015-03-10T02:00:00.000Z', approvedBy: 'examiner' } },
    });
    expect(inputs.find((e) => e.unit.code === '620200')).not.to.have.property('targets');
  });

  it('exports the filing with the bundle, and the bundle replays clean', () => {
    expect(bundle.units.find((u) => u.code === '620100')?.targets?.unitCode).to.equal('620100');
    expect(bundle.units.find((u) => u.code === '620200')).not.to.have.property('targets');
    expect(bundle.manifest.parts).to.have.property('units/620100/targets');
    const report = replayBundle(bundle);
    expect(report.ok, JSON.stringify(report.problems.slice(0, 3))).to.equal(true);
  });

  it('names the filing when it was changed in the bundle, resealed or not', () => {
    const changed = structuredClone(bundle);
    const lanzhou = changed.units.find((u) => u.code === '620100');
    if (lanzhou?.targets === undefined) throw new Error('兰州市 has no filing in the bundle');
    const filing = lanzhou.targets;
    (lanzhou as { targets: typeof filing }).targets = { ...filing, targets: filing.targets.replace('"value":80', '"value":70') };
    expect(replayBundle(changed).problems.map((p) => p.part)).to.include('units/620100/targets');
    const { kaohe: _k, manifest, ...content } = changed;
    const resealed = sealBundle(content, { engine: manifest.engine, year: manifest.year, source: manifest.source });
    const report = replayBundle(resealed);
    expect(report.ok).to.equal(false);
    expect(report.problems.map((p) => p.part)).to.include('units/620100/targets');
  });
});
