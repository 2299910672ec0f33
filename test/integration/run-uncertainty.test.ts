/**
 * How sure a run's ranking is, over HTTP (issue 13): the provincial office analyses a
 * stored run with an uncertainty spec in a worker thread, one analysis at a time; a city
 * is refused before its body is read; a bad spec or one beyond the bounds is a 400 naming
 * the field; the same spec (seed included) gives the same analysis, whose JSON is byte for
 * byte what the analysis gives on the run's own inputs. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import { analyseUncertainty, parseUncertaintySpec, uncertaintyFile } from '../../src/analysis/index.js';
import { type EvidenceDocument, evidenceSetHash, prepareEvidence } from '../../src/core/index.js';
import type { TestService } from '../support/service.js';
import { seedEvidenceJson } from '../support/seeds.js';
import { YEAR, gansuRubric, openCycle, startServiceWithDatabase, submitSeedWithReview } from './review-run-support.js';

const run = `${YEAR}-1`;
const base = `/api/cycles/${YEAR}/runs/${run}/uncertainty`;
const SPEC = { kaohe: 'uncertainty-spec/v1', seed: 7, draws: 1000, judgement: { probability: 0.3 } };

interface Status {
  id: string;
  state: 'running' | 'done' | 'failed';
  units: number;
  scenarios: number;
  message?: string;
  result?: {
    how: string;
    units: { code: string; name: string; published: { rank: number }; medianRank: number; rankInterval: [number, number]; flags: { percent: string }[] }[];
    flagSets: { label: string; change: { probability: number; percent: string } }[];
  };
}

describe('the uncertainty of a run’s ranking over HTTP (real FerretDB, a worker thread)', function () {
  this.timeout(180_000);
  let service: TestService;

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await openCycle(service);
    for (const e of seedEvidenceJson()) await submitSeedWithReview(service, e.unit.code as string);
    const made = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner });
    expect(made.status, made.text).to.equal(201);
  });
  after(async () => {
    await service.close();
  });

  async function finished(id: string): Promise<Status> {
    for (let i = 0; i < 600; i++) {
      const reply = await service.request('GET', `${base}/${id}`, { user: service.users.examiner });
      expect(reply.status, reply.text).to.equal(200);
      if ((reply.body as Status).state !== 'running') return reply.body as Status;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`analysis ${id} did not finish`);
  }

  it('a city is refused (403) before its body is read, even a body that is not a spec; no analysis is kept for it', async () => {
    for (const user of [service.users.city, service.users.otherCity]) {
      const reply = await service.request('POST', base, { user, body: { nonsense: true } });
      expect(reply.status).to.equal(403);
      expect((await service.request('GET', base, { user })).status).to.equal(403);
    }
    const none = await service.request('GET', base, { user: service.users.auditor });
    expect(none.status).to.equal(200);
    expect(none.body).to.equal(null);
  });

  it('a bad spec is a 400 naming its JSON path under $.body, in Chinese', async () => {
    const probability = await service.request('POST', base, { user: service.users.examiner, body: { judgement: { probability: 1.5 } } });
    expect(probability.status).to.equal(400);
    expect(probability.body.errors.map((e: { path: string; message: string }) => `${e.path} ${e.message}`)).to.deep.equal([
      '$.body.judgement.probability 概率不能大于 1',
    ]);
    const unknown = await service.request('POST', base, {
      user: service.users.examiner,
      body: { fields: [{ item: 'G99.9', field: 'nothing', absolute: 1 }] },
    });
    expect(unknown.status, unknown.text).to.equal(400);
    expect(unknown.body.errors[0].path).to.equal('$.body.fields[0].item');
  });

  it('draws and units × scenarios beyond the bounds are refused naming the field', async () => {
    const draws = await service.request('POST', base, { user: service.users.examiner, body: { ...SPEC, draws: 20_000 } });
    expect(draws.status).to.equal(400);
    expect(draws.body.errors).to.deep.equal([{ path: '$.body.draws', code: 'schema_invalid', message: '抽样次数不能超过 10,000' }]);
    // Every combination of 14 units' judgements is far more than exactLimit: refused before any is scored.
    const exact = await service.request('POST', base, { user: service.users.examiner, body: { judgement: { probability: 0.3 }, method: 'exact' } });
    expect(exact.status, exact.text).to.equal(400);
    expect(exact.body.errors).to.deep.equal([
      { path: '$.body.method', code: 'schema_invalid', message: '组合数超过 exactLimit（10000），无法逐一枚举：请改用 "sample"' },
    ]);
  });

  it('an analysis runs, and the same spec gives the same figures at once; its JSON is what the analysis gives on the run’s inputs', async () => {
    const bulletin = `/api/cycles/${YEAR}/runs/${run}/report.html`;
    const before = await service.request('GET', bulletin, { user: service.users.examiner });
    expect(before.status).to.equal(200);
    expect(before.text).not.to.include('id="uncertainty"');
    const started = await service.request('POST', base, { user: service.users.auditor, body: SPEC });
    expect(started.status, started.text).to.be.oneOf([200, 202]);
    const done = await finished((started.body as Status).id);
    expect(done.state, done.message).to.equal('done');
    expect(done.units).to.equal(14);
    expect(done.result?.how).to.equal('按种子 7 抽样 1,000 次');
    expect(done.result?.units.map((u) => u.published.rank)).to.deep.equal([...done.result!.units.map((u) => u.published.rank)].sort((a, b) => a - b));
    expect(done.result?.flagSets[0]?.label).to.equal('后三位');
    expect(done.result?.flagSets[0]?.change.percent).to.match(/^\d+\.\d%$/);

    const again = await service.request('POST', base, { user: service.users.examiner, body: { ...SPEC, method: 'auto', exactLimit: 10_000 } });
    expect(again.status).to.equal(200);
    expect(again.body.id).to.equal(done.id);
    expect(again.body.result).to.deep.equal(done.result);
    const latest = await service.request('GET', base, { user: service.users.examiner });
    expect(latest.body.id).to.equal(done.id);

    const json = await service.request('GET', `${base}/${done.id}/uncertainty.json`, { user: service.users.examiner });
    expect(json.status).to.equal(200);
    expect(json.headers.get('content-disposition')).to.include(encodeURIComponent(`评分${run}名次的不确定性.json`));
    const rubric = gansuRubric();
    const pieces = await service.stores.runs.pieces(run);
    const evidences = (await pieces!.evidence(pieces!.frame.inputCodes)).map((t) => JSON.parse(t) as EvidenceDocument);
    const spec = parseUncertaintySpec(SPEC);
    const prepared = evidences.map((e) => prepareEvidence(rubric, e));
    const expected = uncertaintyFile(
      rubric,
      spec,
      analyseUncertainty(rubric, prepared, spec, { engineVersion: 'test', year: rubric.year }),
      evidenceSetHash(prepared.map((p) => p.evidence)),
    );
    expect(json.text).to.equal(`${JSON.stringify(expected, null, 2)}\n`);
    const results = await service.request('GET', `/api/cycles/${YEAR}/runs/${run}?limit=1`, { user: service.users.examiner });
    expect(JSON.parse(json.text).evidenceHash).to.equal(results.body.evidenceHash);

    const xlsx = await service.request('GET', `${base}/${done.id}/uncertainty.xlsx`, { user: service.users.auditor });
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers.get('content-type')).to.include('spreadsheetml');

    // The run's internal bulletin now shows the analysis: its section, with the chance that the bottom three change.
    const after = await service.request('GET', bulletin, { user: service.users.examiner });
    expect(after.text).to.include('id="uncertainty"');
    expect(after.text).to.include(done.result!.flagSets[0]!.change.percent);
    const publicEdition = await service.request('GET', `/api/cycles/${YEAR}/runs/${run}/report-public.html`, { user: service.users.examiner });
    expect(publicEdition.status).to.equal(200);
    expect(publicEdition.text).not.to.include('名次的不确定性');
  });

  it('while one analysis runs, another is refused with 429 in Chinese; the same one asked again is that analysis', async () => {
    const long = { ...SPEC, seed: 11, draws: 10_000 };
    const started = await service.request('POST', base, { user: service.users.examiner, body: long });
    expect(started.status, started.text).to.equal(202);
    const [other, same] = await Promise.all([
      service.request('POST', base, { user: service.users.auditor, body: { ...SPEC, seed: 12 } }),
      service.request('POST', base, { user: service.users.admin, body: long }),
    ]);
    expect(other.status, other.text).to.equal(429);
    expect(other.body.message).to.match(
      /^另一项名次不确定性分析正在进行（评分 2015-1，examiner 发起，已用时 \d+ 秒）：服务器同一时间只进行一项分析，请稍后再试$/,
    );
    expect(other.headers.get('retry-after')).to.match(/^\d+$/);
    expect(same.body.id).to.equal(started.body.id);
    const done = await finished((started.body as Status).id);
    expect(done.state).to.equal('done');
    expect(done.scenarios).to.equal(10_000);
    const after = await service.request('POST', base, { user: service.users.auditor, body: { ...SPEC, seed: 12 } });
    expect(after.status, after.text).to.equal(202);
    await finished((after.body as Status).id);
  });
});
