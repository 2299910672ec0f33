import { expect } from 'chai';
import type { Connection } from 'mongoose';
import type { TestService } from '../support/service.js';
import { YEAR, openCycle, startServiceWithDatabase, submitSeedWithReview } from './review-run-support.js';

const runs = `/api/cycles/${YEAR}/runs`;

describe('reading one run by id: who sees which run stays as it was (real FerretDB, real HTTP)', () => {
  let service: TestService;
  let connection: Connection;
  before(async () => {
    ({ service, connection } = await startServiceWithDatabase());
    await openCycle(service);
    for (const code of ['620100', '620200']) await submitSeedWithReview(service, code);
    for (let i = 0; i < 3; i++) expect((await service.request('POST', runs, { user: service.users.examiner })).status).to.equal(201);
    const final = await service.request('POST', `${runs}/${YEAR}-2/finalize`, { user: service.users.examiner, headers: { 'if-match': '"1"' } });
    expect(final.status, final.text).to.equal(200);
  });
  after(async () => {
    await service.close();
  });

  it('a city reads its own unit of a finalised run, and is refused a draft (403) in the run, ranking and scorecard alike', async () => {
    const { city } = service.users;
    const own = await service.request('GET', `${runs}/${YEAR}-2`, { user: city });
    expect(own.status).to.equal(200);
    expect(own.body.units.map((u: { code: string }) => u.code)).to.deep.equal(['620100']);
    expect((await service.request('GET', `${runs}/${YEAR}-2/ranking`, { user: city })).body).to.have.length(1);
    for (const path of [`${runs}/${YEAR}-3`, `${runs}/${YEAR}-3/ranking`, `${runs}/${YEAR}-3/scorecards/620100.html`]) {
      const draft = await service.request('GET', path, { user: city });
      expect(draft.status, path).to.equal(403);
      expect(draft.body.message, path).to.equal('市州用户只能查看已定稿的评分结果');
    }
  });

  it('examiners and auditors read every run and every unit; a run of another year, or none, is 404', async () => {
    const draft = await service.request('GET', `${runs}/${YEAR}-3/ranking`, { user: service.users.auditor });
    expect(draft.status).to.equal(200);
    expect(draft.body).to.have.length(14);
    for (const path of [`/api/cycles/2016/runs/${YEAR}-1`, `${runs}/${YEAR}-9`, `/api/cycles/2016/runs/${YEAR}-1/report.csv`]) {
      const missing = await service.request('GET', path, { user: service.users.examiner });
      expect(missing.status, path).to.equal(404);
    }
  });

  it('the runs list and a run read alone carry no inputs or results, and a finalised run says so', async () => {
    const list = await service.request('GET', runs, { user: service.users.examiner });
    expect(list.body.map((r: { runId: string; status: string }) => `${r.runId} ${r.status}`)).to.deep.equal([
      `${YEAR}-1 draft`,
      `${YEAR}-2 final`,
      `${YEAR}-3 draft`,
    ]);
    for (const r of list.body) expect(r).not.to.have.any.keys('inputs', 'results');
    expect(await service.stores.runs.summary(`${YEAR}-2`))
      .to.include({ status: 'final', version: 2 })
      .and.not.have.any.keys('inputs', 'results');
    expect(await service.stores.runs.latestFinal({ year: YEAR })).to.include({ runId: `${YEAR}-2` });
    expect(await service.stores.runs.latestFinal({ year: 2014 })).to.equal(null);
  });

  it('a run stored with its texts inside it (before run_texts) reads the same', async () => {
    const before = await service.stores.runs.get(`${YEAR}-1`);
    const ranking = await service.request('GET', `${runs}/${YEAR}-1/ranking`, { user: service.users.examiner });
    const head = connection.collection('runs');
    await head.updateOne({ runId: `${YEAR}-1` }, { $set: { inputs: before?.inputs, results: before?.results }, $unset: { textsId: '' } });
    expect(await service.stores.runs.get(`${YEAR}-1`)).to.deep.equal(before);
    const again = await service.request('GET', `${runs}/${YEAR}-1/ranking`, { user: service.users.examiner });
    expect(again.body).to.deep.equal(ranking.body);
  });
});
