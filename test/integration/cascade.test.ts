/**
 * The cascade in one year: the province assesses its 14 cities (cycle "2015") while
 * 兰州市 assesses its 8 counties (cycle "2015-620100"), each with its own runs, and
 * each user reaches exactly what it should: a provincial examiner both cycles, 兰州市's
 * examiner its own only, a county's clerk its own unit's submission only. Refusals say
 * why and are logged in the audit trail.
 */
import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH, auditActions, createGansuCycle } from '../support/cycle-fixtures.js';
import { type TestService, type TestUser, startService } from '../support/service.js';
import { gansuRubric, seedDocument } from './review-run-support.js';

const LANZHOU = '2015-620100';

describe('the assessment cascade: the province’s and 兰州市’s cycles of 2015 (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  let lanzhouExaminer: TestUser;
  let chengguan: TestUser;
  let qilihe: TestUser;

  /** A new user of `role` for `unitCode`, signed in; its token. */
  async function newUser(username: string, role: string, unitCode: string): Promise<TestUser> {
    const made = await service.request('POST', '/api/users', { user: service.users.admin, body: { username, role, unitCode } });
    expect(made.status, made.text).to.equal(201);
    const { token } = (await service.request('POST', '/api/session', { body: { username, password: made.body.password } })).body;
    return { username, token, role, unitCode, password: made.body.password } as TestUser;
  }

  before(async () => {
    service = await startService();
    expect((await createGansuCycle(service)).status).to.equal(201);
    lanzhouExaminer = await newUser('lanzhou-examiner', 'examiner', '620100');
    // 兰州市's examiner creates its cycle without naming a body: the body it serves.
    const created = await service.request('POST', '/api/cycles', { user: lanzhouExaminer, body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE } });
    expect(created.status, created.text).to.equal(201);
    expect(created.body).to.include({ id: LANZHOU, body: '620100', bodyName: '兰州市' });
    chengguan = await newUser('chengguan', 'city', '620102');
    qilihe = await newUser('qilihe', 'city', '620103');
  });
  after(async () => {
    await service.close();
  });

  it('both cycles of 2015 stand side by side; a second cycle of one body in one year is refused', async () => {
    const listed = await service.request('GET', '/api/cycles', { user: service.users.examiner });
    expect(listed.body.map((c: { id: string }) => c.id)).to.deep.equal(['2015', LANZHOU]);
    const again = await service.request('POST', '/api/cycles', {
      user: service.users.examiner,
      body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, body: '620100' },
    });
    expect(again.status, again.text).to.equal(409);
    expect(again.body.message).to.equal('2015 年度兰州市考核已经创建：同一考核主体每年只能有一个考核周期（编号 2015-620100）');
  });

  it('兰州市’s examiner sees and acts on its own cycle only; the province’s is refused naming both bodies, and logged', async () => {
    const listed = await service.request('GET', '/api/cycles', { user: lanzhouExaminer });
    expect(listed.body.map((c: { id: string }) => c.id)).to.deep.equal([LANZHOU]);
    const refused = await service.request('POST', '/api/cycles/2015/runs', { user: lanzhouExaminer });
    expect(refused.status, refused.text).to.equal(403);
    expect(refused.body.message).to.equal('兰州市（620100）的考核组只能查看和处理本级及下级组织的考核；2015 年度考核由甘肃省（620000）组织');
    for (const path of ['/api/cycles/2015', '/api/cycles/2015/submissions', '/api/cycles/2015/submissions/620200'])
      expect((await service.request('GET', path, { user: lanzhouExaminer })).status, path).to.equal(403);
    expect(await service.stores.runs.list({ year: 2015 })).to.deep.equal([]);
    const denied = await auditActions(service, 'access.denied');
    expect(denied.length).to.be.at.least(4);
    expect(denied[0]).to.include({ actor: 'lanzhou-examiner', unitCode: '620100' });
    expect(denied[0]?.detail).to.equal(`POST /api/cycles/2015/runs：${refused.body.message}`);
    // Its own cycle: the board lists exactly its 8 counties.
    const board = await service.request('GET', `/api/cycles/${LANZHOU}/submissions`, { user: lanzhouExaminer });
    expect(board.status, board.text).to.equal(200);
    expect(board.body).to.have.length(8);
  });

  it('a provincial examiner reaches 兰州市’s cycle too, which lies in its subtree', async () => {
    const read = await service.request('GET', `/api/cycles/${LANZHOU}`, { user: service.users.examiner });
    expect(read.status, read.text).to.equal(200);
    expect(read.body.units).to.have.length(8);
  });

  it('a county’s clerk files its own submission in 兰州市’s cycle; its neighbour’s is refused and logged; the province’s cycle does not assess it', async () => {
    const seed = seedDocument('620100');
    const { submitted } = splitEvidence(gansuRubric(), seed.items);
    const own = await service.request('PUT', `/api/cycles/${LANZHOU}/submissions/620102`, { user: chengguan, body: { items: submitted, version: 0 } });
    expect(own.status, own.text).to.be.oneOf([200, 201]);
    const neighbour = await service.request('GET', `/api/cycles/${LANZHOU}/submissions/620102`, { user: qilihe });
    expect(neighbour.status, neighbour.text).to.equal(403);
    expect(neighbour.body.message).to.equal('县区用户只能查看本单位（620103）的数据');
    const written = await service.request('PUT', `/api/cycles/${LANZHOU}/submissions/620102`, { user: qilihe, body: { items: {}, version: 1 } });
    expect(written.status, written.text).to.equal(403);
    expect((await service.stores.submissions.get({ year: 2015, body: '620100' }, '620102'))?.updatedBy).to.equal('chengguan');
    const logged = (await auditActions(service, 'access.denied')).filter((e) => e.actor === 'qilihe');
    expect(logged.map((e) => e.detail)).to.have.length(2);
    const province = await service.request('GET', '/api/cycles/2015/submissions/620102', { user: chengguan });
    expect(province.status, province.text).to.equal(404);
    expect(province.body.message).to.equal('单位 620102 不在 2015 年度考核的被考核单位中');
  });

  it('兰州市’s examiner reads the audit trail of its subtree only; a provincial examiner reads all of it', async () => {
    const subjects = async (user: TestUser) => {
      const reply = await service.request('GET', '/api/audit/events', { user });
      expect(reply.status, reply.text).to.equal(200);
      return (reply.body as { subject: string }[]).map((e) => e.subject);
    };
    const city = await subjects(lanzhouExaminer);
    expect(city).to.include.members([`cycle:${LANZHOU}`, `submission:${LANZHOU}/620102`]);
    expect(city.filter((s) => s === 'cycle:2015' || s.startsWith('submission:2015/') || s.startsWith('rubric:'))).to.deep.equal([]);
    expect(await subjects(service.users.examiner)).to.include.members(['cycle:2015', `cycle:${LANZHOU}`]);
  });

  it('each cycle numbers its own runs, scores its own units, and the audit chain verifies', async () => {
    const county = await service.request('POST', `/api/cycles/${LANZHOU}/runs`, { user: lanzhouExaminer });
    expect(county.status, county.text).to.equal(201);
    expect(county.body.runId).to.equal(`${LANZHOU}-1`);
    const province = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
    expect(province.status, province.text).to.equal(201);
    expect(province.body.runId).to.equal('2015-1');
    const countyRun = await service.request('GET', `/api/cycles/${LANZHOU}/runs/${county.body.runId}`, { user: lanzhouExaminer });
    expect(countyRun.body.units.map((u: { code: string }) => u.code)).to.have.members([
      '620102',
      '620103',
      '620104',
      '620105',
      '620111',
      '620121',
      '620122',
      '620123',
    ]);
    // A run id of another cycle is not found under this one.
    expect((await service.request('GET', `/api/cycles/2015/runs/${county.body.runId}`, { user: service.users.examiner })).status).to.equal(404);
    const verified = await service.services.audit.verify();
    expect(verified.ok, JSON.stringify(verified)).to.equal(true);
  });
});
