/**
 * GET /api/cycles/:cycle/progress: the examiners' progress board a page at a time. A
 * province cycle over 兰州市's eight districts and counties, 白银市's five and 嘉峪关市:
 * three submitted, two drafts, the rest never saved. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';
import { gansuRubric, seedDocument, storeSubmission } from './review-run-support.js';

const LANZHOU = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123'];
const BAIYIN = ['620402', '620403', '620421', '620422', '620423'];
const UNITS = [...LANZHOU, '620200', ...BAIYIN];

interface Line {
  unitCode: string;
  unitName: string;
  city: { code: string; name: string };
  status: string;
  missing: number;
  selfTotal?: number;
}

describe('GET /api/cycles/:cycle/progress: the progress board a page at a time (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  const board = async (query = '') => {
    const reply = await service.request('GET', `/api/cycles/2015/progress${query}`, { user: service.users.examiner });
    expect(reply.status, reply.text).to.equal(200);
    return reply.body as { units: number; total: number; offset: number; limit: number; counts: Record<string, number>; cities: unknown[]; rows: Line[] };
  };

  before(async () => {
    service = await startService();
    const created = await service.request('POST', '/api/cycles', {
      user: service.users.examiner,
      body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, body: '620000', units: UNITS },
    });
    if (created.status !== 201) throw new Error(created.text);
    const rubric = gansuRubric();
    const evidence = (seed: string) => splitEvidence(rubric, seedDocument(seed).items).submitted;
    await storeSubmission(service, '620102', evidence('620100'), { selfTotal: 80.5 });
    await storeSubmission(service, '620402', evidence('620400'));
    await storeSubmission(service, '620200', evidence('620200'));
    await storeSubmission(service, '620103', {}, { state: 'draft' });
    await storeSubmission(service, '620421', evidence('620300'), { state: 'draft' });
  });
  after(async () => {
    await service?.close();
  });

  it('gives every unit by code with its city and status, and the counts by status of all units', async () => {
    const all = await board();
    expect(all).to.include({ units: UNITS.length, total: UNITS.length, offset: 0, limit: 200 });
    expect(all.counts).to.deep.equal({ empty: 9, draft: 2, submitted: 3, reopened: 0, final: 0 });
    expect(all.rows.map((r) => r.unitCode)).to.deep.equal([...UNITS].sort());
    expect(all.cities).to.deep.equal([
      { code: '620100', name: '兰州市', units: 8 },
      { code: '620200', name: '嘉峪关市', units: 1 },
      { code: '620400', name: '白银市', units: 5 },
    ]);
    const chengguan = all.rows[0]!;
    expect(chengguan).to.include({ unitCode: '620102', unitName: '城关区', status: 'submitted', selfTotal: 80.5 });
    expect(chengguan.city).to.deep.equal({ code: '620100', name: '兰州市' });
    expect(all.rows.find((r) => r.unitCode === '620123')).to.include({ status: 'empty' });
    expect(all.rows.find((r) => r.unitCode === '620123')?.missing).to.be.greaterThan(0);
  });

  it('filters by status, city and name or code, the counts staying those of all units', async () => {
    const submitted = await board('?status=submitted');
    expect(submitted.rows.map((r) => r.unitCode)).to.deep.equal(['620102', '620200', '620402']);
    expect(submitted.total).to.equal(3);
    expect(submitted.counts.empty).to.equal(9);
    const baiyin = await board('?city=620400');
    expect(baiyin.rows.map((r) => r.unitCode)).to.deep.equal(BAIYIN);
    const baiyinDrafts = await board('?city=620400&status=draft');
    expect(baiyinDrafts.rows.map((r) => r.unitName)).to.deep.equal(['靖远县']);
    expect((await board(`?q=${encodeURIComponent('城关')}`)).rows.map((r) => r.unitCode)).to.deep.equal(['620102']);
    expect((await board('?q=6204')).total).to.equal(5);
  });

  it('sorts by a column either way (an empty self-total last), and cuts pages', async () => {
    const bySelfTotal = await board('?sort=-selfTotal&limit=2');
    expect(bySelfTotal.rows[0]?.unitCode).to.equal('620102');
    expect(bySelfTotal).to.include({ total: UNITS.length, limit: 2 });
    const byMissing = (await board('?sort=missing')).rows.map((r) => r.missing);
    expect(byMissing).to.deep.equal([...byMissing].sort((a, b) => a - b));
    const second = await board('?offset=5&limit=5');
    expect(second.rows.map((r) => r.unitCode)).to.deep.equal([...UNITS].sort().slice(5, 10));
  });

  for (const query of ['status=done', 'city=62', 'sort=rank', 'sort=--missing', 'limit=201', 'q=', 'unit=620102']) {
    it(`refuses ?${query} with 400 naming the parameter`, async () => {
      const reply = await service.request('GET', `/api/cycles/2015/progress?${query}`, { user: service.users.examiner });
      expect(reply.status, reply.text).to.equal(400);
      expect(reply.body.errors[0].path).to.match(/^\$\.query/);
    });
  }
});
