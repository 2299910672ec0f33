/**
 * What the run pages read at scale: a page of the ranking with each row's place and city,
 * a search by name or code, one unit's neighbours and ties, and the ranking by city a few
 * cities at a time. A province cycle over Gansu's 86 county-level units: all but three
 * submit generated evidence, so the three score 0 and tie last. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { splitEvidence } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';
import { gansuRubric, storeSubmission } from './review-run-support.js';

interface Row {
  code: string;
  name: string;
  rank: number;
  position: number;
  tied: boolean;
  group: { code: string; name: string; position: number };
}

const COUNTIES = loadUnitTree()
  .tree.units.filter((u) => u.level === 'county')
  .map((u) => u.code);
const SILENT = COUNTIES.slice(-3);

describe('GET …/runs/:run/ranking/page and …/units/:unit/place: the run pages’ reads at scale (real FerretDB, real HTTP)', function () {
  this.timeout(300_000);
  let service: TestService;
  let runId = '';
  let whole: { code: string; name: string; rank: number }[] = [];
  const get = (path: string, user = service.users.examiner) => service.request('GET', `/api/cycles/2015/runs/${runId}${path}`, { user });

  before(async () => {
    service = await startService();
    const created = await service.request('POST', '/api/cycles', {
      user: service.users.examiner,
      body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, body: '620000', units: COUNTIES },
    });
    if (created.status !== 201) throw new Error(created.text);
    const rubric = gansuRubric();
    const evidence = generateEvidence(rubric, COUNTIES.length, 7);
    for (const [i, code] of COUNTIES.entries()) {
      if (SILENT.includes(code)) continue;
      await storeSubmission(service, code, splitEvidence(rubric, evidence[i]?.items ?? {}).submitted);
    }
    const run = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
    if (run.status !== 201) throw new Error(run.text);
    runId = run.body.runId;
    whole = (await get('/ranking')).body;
  });
  after(async () => {
    await service?.close();
  });

  it(`gives a page of the ${COUNTIES.length} units with each row’s position in the whole ranking and its city`, async () => {
    const reply = await get('/ranking/page?offset=20&limit=10');
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body).to.include({ units: COUNTIES.length, total: COUNTIES.length, offset: 20, limit: 10, groupTitle: '市州', groups: 13 });
    const rows = reply.body.rows as Row[];
    expect(rows.map((r) => [r.position, r.code, r.rank])).to.deep.equal(whole.slice(20, 30).map((r, i) => [20 + i, r.code, r.rank]));
    const baiyinCounty = (await get('/ranking/page?q=靖远县')).body.rows[0] as Row;
    // 白银市 is the third city by code (嘉峪关市 has no counties): the page of the ranking by city that holds it starts at offset 2.
    expect(baiyinCounty.group).to.deep.equal({ code: '620400', name: '白银市', position: 2 });
    const last = (await get(`/ranking/page?offset=${COUNTIES.length - 5}`)).body.rows as Row[];
    expect(last.map((r) => r.position)).to.deep.equal([81, 82, 83, 84, 85]);
    // The last three share the last rank; the rows before them share none with them.
    expect(last.map((r) => r.tied).slice(2)).to.deep.equal([true, true, true]);
    expect(last[1]?.tied).to.equal(last[1]?.rank === last[0]?.rank);
  });

  it('finds a unit by a part of its name or the start of its code, each match placed in the whole ranking', async () => {
    const byName = (await get(`/ranking/page?q=${encodeURIComponent('靖远')}`)).body;
    expect(byName.total).to.equal(1);
    expect(byName.rows[0].position).to.equal(whole.findIndex((r) => r.code === '620421'));
    const byCode = (await get('/ranking/page?q=6204')).body;
    const baiyin = whole.map((r, position) => ({ ...r, position })).filter((r) => r.code.startsWith('6204'));
    expect(byCode.total).to.equal(baiyin.length);
    expect(byCode.rows.map((r: Row) => [r.code, r.position])).to.deep.equal(baiyin.map((r) => [r.code, r.position]));
    const secondOfTwo = (await get('/ranking/page?q=6204&offset=1&limit=1')).body;
    expect(secondOfTwo).to.include({ total: baiyin.length, offset: 1 });
    expect(secondOfTwo.rows.map((r: Row) => r.code)).to.deep.equal([baiyin[1]?.code]);
    const none = (await get(`/ranking/page?q=${encodeURIComponent('不存在的县')}`)).body;
    expect(none).to.include({ total: 0, units: COUNTIES.length });
    expect(none.rows).to.deep.equal([]);
  });

  for (const query of ['q=', `q=${'县'.repeat(51)}`, 'limit=201', 'limit=0', 'offset=-1', 'offset=x', 'unit=620421']) {
    it(`refuses ?${query} with 400 naming the parameter`, async () => {
      const reply = await get(`/ranking/page?${query}`);
      expect(reply.status, reply.text).to.equal(400);
      expect(reply.body.errors[0].path).to.match(/^\$\.query/);
    });
  }

  it('gives a unit’s place: the units before and after it, and the units it ties with', async () => {
    const middle = whole[40]!;
    const place = (await get(`/units/${middle.code}/place`)).body;
    expect(place.units).to.equal(COUNTIES.length);
    expect(place.row).to.include({ code: middle.code, position: 40 });
    expect(place.previous).to.include({ code: whole[39]?.code, position: 39 });
    expect(place.next).to.include({ code: whole[41]?.code, position: 41 });
    const first = (await get(`/units/${whole[0]?.code}/place`)).body;
    expect(first.previous).to.equal(null);
    const lastOne = whole.at(-1)!;
    const last = (await get(`/units/${lastOne.code}/place`)).body;
    expect(last.next).to.equal(null);
    // The three without evidence score 0 and share the last rank.
    expect(SILENT).to.include(lastOne.code);
    expect(last.tiedWith.map((r: Row) => r.code).sort()).to.deep.equal(SILENT.filter((c) => c !== lastOne.code).sort());
    expect(last.tiedWith.map((r: Row) => r.name)).to.have.length(2);
    expect(place.tiedWith.every((r: Row) => r.rank === middle.rank)).to.equal(true);
  });

  it('refuses a unit outside the run with 404, and a city asking another unit’s place with 403', async () => {
    expect((await get('/units/620100/place')).status).to.equal(404);
    const city = await get(`/units/${whole[0]?.code}/place`, service.users.city);
    expect(city.status, city.text).to.equal(403);
  });

  it('a county’s own user, once the run is final, sees its own row only, each with its own city', async () => {
    const finalized = await service.request('POST', `/api/cycles/2015/runs/${runId}/finalize`, { user: service.users.examiner, body: { version: 1 } });
    expect(finalized.status, finalized.text).to.equal(200);
    for (const [code, city] of [
      ['620421', '白银市'],
      ['620102', '兰州市'],
    ] as const) {
      const { password, token } = await service.services.session.addUser({ username: `county-${code}`, role: 'city', unitCode: code }, 'test');
      const own = await get('/ranking/page', { username: `county-${code}`, password, token, role: 'city', unitCode: code });
      expect(own.status, own.text).to.equal(200);
      expect(own.body.units).to.equal(1);
      expect(own.body.rows.map((r: Row) => [r.code, r.group.name])).to.deep.equal([[code, city]]);
    }
  });

  it('gives the ranking by city a few cities at a time, with how many cities there are', async () => {
    const all = (await get('/groups')).body;
    expect(all).to.include({ total: 13, offset: 0 });
    expect(all.groups).to.have.length(13);
    const some = (await get('/groups?offset=2&limit=3')).body;
    expect(some).to.include({ total: 13, offset: 2 });
    expect(some.groups).to.deep.equal(all.groups.slice(2, 5));
    // Each row of the ranking's pages names where its city stands among these groups.
    const rows = (await get('/ranking/page?limit=200')).body.rows as Row[];
    for (const r of rows) expect(all.groups[r.group.position]?.code, r.code).to.equal(r.group.code);
    expect((await get('/groups?limit=51')).status).to.equal(400);
  });
});
