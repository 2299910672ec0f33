/**
 * Reports of a run at scale (issue 12 §2): 300 county-level units of the national tree,
 * spread over several cities, submitted and reviewed through the service and scored by
 * POST …/runs. The bulletin is read as a reader would: the summary's numbers, a ranking
 * with every unit (its city and its rank there), charts that keep their size (PNG) and no
 * table or chart with a row per unit besides the ranking; each unit's scorecard is made
 * when asked for, the same page a set would hold, and only for whom may read it.
 * Real FerretDB, real HTTP, the report child process as in production.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { CHINA_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { unitScorecard } from '../../src/adapters/report-set.js';
import { createApp } from '../../src/api/app.js';
import { type ResultsV1 } from '../../src/core/index.js';
import { composeServices } from '../../src/compose.js';
import { GROUP_LEVEL_WORDS, groupUnits } from '../../src/records/index.js';
import { BULLETIN_SCALE_UNITS } from '../../src/report/scale.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import type { Stores } from '../../src/services/ports.js';
import { storeCountyEvidence, treeCounties } from '../support/county-evidence.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { gansuRubric } from './review-run-support.js';

const UNITS = 300;
const YEAR = 2015;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Reply {
  status: number;
  bytes: Buffer;
  text: string;
  body: any;
}

describe(`reports of a run of ${UNITS} county-level units, at scale (real FerretDB, real HTTP)`, function () {
  this.timeout(600_000);
  let connection: Connection;
  let stores: Stores;
  let close: () => Promise<void>;
  let request: (method: string, path: string, token: string, body?: unknown) => Promise<Reply>;
  const tokens: Record<string, string> = {};
  let codes: string[];
  let runId: string;
  let results: ResultsV1;
  let runPath: string;
  let bulletin: string;

  before(async () => {
    connection = await connect(await ferretdbUri(), `kaohe_test_${randomBytes(6).toString('hex')}`);
    stores = await mongoStores(connection);
    const clock = fixedClock('2016-01-15T09:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 64 * 1024, unitTree: treeCounties(0).unitTree });
    const server = createApp(services, { maxUploadBytes: 64 * 1024 }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await connection.dropDatabase();
      await connection.close();
    };
    request = async (method, p, token, body) => {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, bytes, text, body: parsed };
    };
    for (const role of ['examiner', 'auditor'] as const) tokens[role] = (await services.session.addUser({ username: role, role }, 'test')).token;

    const rubric = gansuRubric();
    codes = treeCounties(UNITS).codes;
    const cycle = await request('POST', '/api/cycles', tokens.examiner!, {
      year: YEAR,
      rubric: rubric.hash,
      deadline: '2016-03-31T23:59:59+08:00',
      body: '000000',
      units: codes,
    });
    expect(cycle.status, cycle.text.slice(0, 500)).to.equal(201);
    await storeCountyEvidence({ stores, clock }, codes, {
      seed: 31,
      review: async (code, items) => {
        const reviewed = await request('PUT', `/api/cycles/${YEAR}/reviews/${code}`, tokens.examiner!, { items });
        expect(reviewed.status, reviewed.text.slice(0, 300)).to.equal(201);
      },
    });
    tokens.county = (await services.session.addUser({ username: 'county', role: 'city', unitCode: codes[7]! }, 'test')).token;
    const run = await request('POST', `/api/cycles/${YEAR}/runs`, tokens.examiner!);
    expect(run.status, run.text.slice(0, 500)).to.equal(201);
    runId = run.body.runId;
    runPath = `/api/cycles/${YEAR}/runs/${runId}`;
    results = JSON.parse((await stores.runs.get(runId))!.results) as ResultsV1;
  });
  after(async () => {
    await close();
  });

  it(`is at scale: more than ${BULLETIN_SCALE_UNITS} units`, () => {
    expect(results.units).to.have.length(UNITS);
    expect(UNITS).to.be.greaterThan(BULLETIN_SCALE_UNITS);
  });

  describe('the bulletin (report.html)', () => {
    before(async () => {
      const reply = await request('GET', `${runPath}/report.html`, tokens.examiner!);
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      bulletin = reply.text;
    });

    it('states the summary: how many units, and how many got each result', () => {
      expect(bulletin).to.include(`共 ${UNITS} 个单位参加考核，考核结果：${results.summary.grades.map((g) => `${g.grade} ${g.count} 个`).join('，')}。`);
      const first = results.units.filter((u) => u.rank === 1);
      expect(bulletin).to.include(`<b>第一名：</b>${first.map((u) => `${u.name}（${u.total.toFixed(2)} 分）`).join('、')}`);
    });

    it('ranks every unit in one table, in rank order, each linked to its own scorecard, with its city and its rank there', () => {
      const table = /<table class="ranking">[\s\S]*?<\/table>/.exec(bulletin)?.[0] ?? '';
      const rows = [
        ...table.matchAll(/<tr class="[^"]*"><td class="c">(\d+)<\/td><td><a href="scorecards\/(\d{6})\.html">([^<]+)<\/a><\/td><td>([^<]*)<\/td>/g),
      ];
      expect(rows.map((r) => r[2])).to.deep.equal(results.units.map((u) => u.code));
      expect(rows.map((r) => Number(r[1]))).to.deep.equal(results.units.map((u) => u.rank));
      expect(rows.map((r) => r[3])).to.deep.equal(results.units.map((u) => u.name));
      expect(table).to.include('<th>所属市州</th><th>市州内名次</th>');
      // 北京市's districts are grouped under 北京市, 河北省's counties under their cities.
      expect(new Set(rows.map((r) => r[4]))).to.include.members(['北京市', '石家庄市']);
    });

    it('holds the charts that keep their size, as PNG, and none with a row per unit', () => {
      const charts = [...bulletin.matchAll(/<img src="data:image\/png;base64,([^"]+)" alt="([^"]+)"/g)];
      const titles = charts.map((c) => c[2]);
      expect(titles.some((t) => t!.endsWith('考核结果分布'))).to.equal(true);
      expect(titles.some((t) => t!.endsWith('总分分布'))).to.equal(true);
      expect(titles.some((t) => t!.endsWith('总分前 20 名'))).to.equal(true);
      expect(titles.some((t) => t!.endsWith('总分后 20 名'))).to.equal(true);
      expect(titles.some((t) => /各市州考核结果/.test(t!))).to.equal(true);
      for (const [, data] of charts) expect(Buffer.from(data!, 'base64').subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
      expect(titles.some((t) => t!.endsWith('总分排名') || t!.includes('得分率'))).to.equal(false);
      expect(bulletin).not.to.include('<article class="scorecard"');
      expect(bulletin).not.to.include('id="ranking-groups"');
    });

    it('serves each chart of the set as a PNG of its own, and not the ranking with a bar per unit', async () => {
      const totals = await request('GET', `${runPath}/charts/chart-totals.png`, tokens.examiner!);
      expect(totals.status).to.equal(200);
      expect(totals.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
      expect((await request('GET', `${runPath}/charts/chart-ranking.png`, tokens.examiner!)).status).to.equal(404);
    });

    it('draws a unit’s chart when asked for, the one its scorecard shows, and names a unit the run did not score', async () => {
      const code = results.units[42]!.code;
      const reply = await request('GET', `${runPath}/charts/chart-unit-${code}.png`, tokens.examiner!);
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      expect(reply.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
      const scorecard = await request('GET', `${runPath}/scorecards/${code}.html`, tokens.examiner!);
      expect(scorecard.text).to.include(`data:image/png;base64,${reply.bytes.toString('base64')}`);
      const other = await request('GET', `${runPath}/charts/chart-unit-620102.png`, tokens.examiner!);
      expect(other.status).to.equal(404);
      expect(other.body.message).to.include('620102');
    });
  });

  describe('a unit’s scorecard, made when asked for', () => {
    it('is the page a set of the whole results would hold for that unit', async () => {
      const code = results.units[42]!.code;
      const reply = await request('GET', `${runPath}/scorecards/${code}.html`, tokens.auditor!);
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      const { tree } = loadUnitTree(CHINA_UNIT_TREE);
      const grouped = groupUnits(tree, codes, 'city');
      if (!grouped.ok) throw new Error('the counties group by city');
      const groups = { title: GROUP_LEVEL_WORDS.city, of: Object.fromEntries(grouped.groupOf) };
      const expected = await unitScorecard({ results, rubric: gansuRubric(), groups }, code);
      expect(reply.text).to.equal(expected);
      const unit = results.units[42]!;
      expect(reply.text).to.include(`<h2 class="unit">${unit.name}</h2>`).and.include(`单位代码 ${code}`).and.include('data:image/png;base64,');
    });

    it('is served again from the cache, the same bytes', async () => {
      const code = results.units[42]!.code;
      const [a, b] = await Promise.all([1, 2].map(() => request('GET', `${runPath}/scorecards/${code}.html`, tokens.examiner!)));
      expect(a!.text).to.equal(b!.text);
    });

    it('of a unit the run did not score is 404, named', async () => {
      const reply = await request('GET', `${runPath}/scorecards/620102.html`, tokens.examiner!);
      expect(reply.status).to.equal(404);
      expect(reply.body.message).to.include('620102');
    });

    it('reaches a county’s clerk for its own unit of a finalised run only', async () => {
      const own = codes[7]!;
      const draft = await request('GET', `${runPath}/scorecards/${own}.html`, tokens.county!);
      expect(draft.status, 'a draft').to.equal(403);
      // Told as the county's clerk it is, not as a city's.
      expect(JSON.parse(draft.text).message).to.equal('县区用户只能查看已定稿的评分结果');
      const final = await request('POST', `${runPath}/finalize`, tokens.examiner!, { version: 1 });
      expect(final.status, final.text).to.equal(200);
      const mine = await request('GET', `${runPath}/scorecards/${own}.html`, tokens.county!);
      expect(mine.status).to.equal(200);
      expect(mine.text).to.include(`单位代码 ${own}`);
      expect((await request('GET', `${runPath}/scorecards/${codes[8]!}.html`, tokens.county!)).status, 'another unit').to.equal(403);
      const internal = await request('GET', `${runPath}/report.html`, tokens.county!);
      expect(internal.status, 'the internal bulletin').to.equal(403);
      expect(JSON.parse(internal.text).message).to.equal('此操作不对当前身份开放（县区）');
      expect((await request('GET', `${runPath}/report-public.html`, tokens.county!)).status, 'the public edition').to.equal(200);
    });
  });
});
