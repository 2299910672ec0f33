import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH } from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';
import { gansuRubric, seedDocument, storeSubmission } from './review-run-support.js';

interface GroupedRow {
  code: string;
  name: string;
  rank: number;
  groupRank: number;
  groupTiedWith: string[];
}
interface Groups {
  level: string;
  title: string;
  groups: { code: string; name: string; units: GroupedRow[] }[];
}

/**
 * The province assesses three of 兰州市's districts, two of 白银市's and 嘉峪关市 (a city with
 * no counties, directly under the province). Only 城关区 and 白银区 submit evidence; the other
 * four score 0 and tie overall, so they tie in their cities too.
 */
const UNITS = ['620102', '620103', '620104', '620200', '620402', '620421'];

describe('GET /api/cycles/:cycle/runs/:run/groups: a run’s ranking by city (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  let runId = '';
  before(async () => {
    service = await startService();
    const created = await service.request('POST', '/api/cycles', {
      user: service.users.examiner,
      body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, body: '620000', units: UNITS },
    });
    if (created.status !== 201) throw new Error(created.text);
    for (const [unit, seed] of [
      ['620102', '620100'],
      ['620402', '620400'],
    ] as const) {
      const { submitted } = splitEvidence(gansuRubric(), seedDocument(seed).items);
      await storeSubmission(service, unit, submitted);
    }
    const run = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
    if (run.status !== 201) throw new Error(run.text);
    runId = run.body.runId;
  });
  after(async () => {
    await service.close();
  });

  it('groups the six units under 兰州市, 嘉峪关市 and 白银市, with ranks in each city; the four without evidence tie overall and in their cities', async () => {
    const reply = await service.request('GET', `/api/cycles/2015/runs/${runId}/groups?level=city`, { user: service.users.examiner });
    expect(reply.status, reply.text).to.equal(200);
    const body = reply.body as Groups;
    expect(body).to.include({ level: 'city', title: '市州' });
    const rankOf = (code: string) => body.groups.flatMap((g) => g.units).find((u) => u.code === code)?.rank;
    const table = body.groups.map((g) => [g.code, g.name, g.units.map((u) => [u.code, u.rank, u.groupRank, u.groupTiedWith])]);
    expect(table).to.deep.equal([
      [
        '620100',
        '兰州市',
        [
          ['620102', rankOf('620102'), 1, []],
          ['620103', 3, 2, ['620103', '620104']],
          ['620104', 3, 2, ['620103', '620104']],
        ],
      ],
      ['620200', '嘉峪关市', [['620200', 3, 1, []]]],
      [
        '620400',
        '白银市',
        [
          ['620402', rankOf('620402'), 1, []],
          ['620421', 3, 2, []],
        ],
      ],
    ]);
    // The two that submitted rank first and second overall, in whichever order their scores put them.
    expect([rankOf('620102'), rankOf('620402')].sort()).to.deep.equal([1, 2]);
  });

  it('by province, all six are in one group, 甘肃省, ranked as overall; without ?level it groups by city', async () => {
    const byProvince = (await service.request('GET', `/api/cycles/2015/runs/${runId}/groups?level=province`, { user: service.users.auditor })).body as Groups;
    expect(byProvince.groups.map((g) => [g.code, g.name, g.units.length])).to.deep.equal([['620000', '甘肃省', 6]]);
    expect(byProvince.groups[0]?.units.map((u) => u.groupRank)).to.deep.equal(byProvince.groups[0]?.units.map((u) => u.rank));
    const byDefault = (await service.request('GET', `/api/cycles/2015/runs/${runId}/groups`, { user: service.users.auditor })).body as Groups;
    expect(byDefault.groups).to.have.length(3);
  });

  it('refuses an unknown level with 400 naming the levels there are, and an unknown run with 404', async () => {
    const county = await service.request('GET', `/api/cycles/2015/runs/${runId}/groups?level=county`, { user: service.users.examiner });
    expect(county.status, county.text).to.equal(400);
    expect(county.text).to.include('level 应为 city（市州）或 province（省份）');
    const missing = await service.request('GET', '/api/cycles/2015/runs/2015-9/groups', { user: service.users.examiner });
    expect(missing.status, missing.text).to.equal(404);
  });

  it('the run’s report.csv and report.html rank the units within their cities too', async () => {
    const csv = await service.request('GET', `/api/cycles/2015/runs/${runId}/report.csv`, { user: service.users.examiner });
    expect(csv.status, csv.text).to.equal(200);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]?.split(',').slice(0, 5)).to.deep.equal(['名次', '单位代码', '单位名称', '所属市州', '市州内名次']);
    expect(
      lines
        .find((l) => l.includes(',620421,'))
        ?.split(',')
        .slice(1, 5),
    ).to.deep.equal(['620421', '靖远县', '白银市', '2']);
    const html = await service.request('GET', `/api/cycles/2015/runs/${runId}/report.html`, { user: service.users.examiner });
    expect(html.text).to.include('按市州排名').and.include('白银市（2 个）');
  });

  it('is described in the OpenAPI document with its ?level parameter', async () => {
    const reply = await service.request('GET', '/api/openapi.json');
    const get = reply.body.paths['/api/cycles/{cycle}/runs/{run}/groups']?.get;
    expect(get, 'GET …/groups').to.be.an('object');
    expect(get.parameters.map((p: { name: string }) => p.name)).to.include('level');
  });
});
