import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import { DEADLINE, GANSU_HASH, auditActions, nationalRubric } from '../support/cycle-fixtures.js';
import { type TestService, type TestUser, startService } from '../support/service.js';
import { gansuRubric, seedDocument } from './review-run-support.js';

const CITIES = ['620100', '620200', '620300', '620400', '620500', '620600', '620700', '620800', '620900', '621000', '621100', '621200', '622900', '623000'];
/** 兰州市's districts and counties (GB/T 2260, 2015). */
const LANZHOU_COUNTIES: Readonly<Record<string, string>> = {
  '620102': '城关区',
  '620103': '七里河区',
  '620104': '西固区',
  '620105': '安宁区',
  '620111': '红古区',
  '620121': '永登县',
  '620122': '皋兰县',
  '620123': '榆中县',
};
const COUNTY_CODES = Object.keys(LANZHOU_COUNTIES);

describe('a cycle’s assessing body and its units (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);

  describe('the province’s cycle, as before bodies', () => {
    let service: TestService;
    before(async () => {
      service = await startService();
    });
    after(async () => {
      await service.close();
    });

    it('a cycle created without body or units is 甘肃省’s over its 14 cities and prefectures, and its run scores those 14', async () => {
      const created = await service.request('POST', '/api/cycles', {
        user: service.users.examiner,
        body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ body: '620000' });
      expect(created.body.units).to.deep.equal(CITIES);
      expect((await service.request('GET', '/api/cycles/2015', { user: service.users.city })).body).to.deep.equal(created.body);

      const run = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
      expect(run.status, run.text).to.equal(201);
      const served = await service.request('GET', `/api/cycles/2015/runs/${run.body.runId}`, { user: service.users.auditor });
      expect(served.body.units.map((u: { code: string }) => u.code).sort()).to.deep.equal(CITIES);
    });

    it('a cycle stored before bodies (no body, no units) reads as the province’s over the register', async () => {
      const { rubricHash, rubricId } = (await service.stores.cycles.get({ year: 2015 }))!;
      await service.stores.cycles.insert({
        year: 2014,
        rubricHash,
        rubricId,
        deadline: '2015-03-31T15:59:59.000Z',
        createdBy: 'examiner',
        createdAt: '2015-01-15T09:00:00.000Z',
      });
      const read = await service.request('GET', '/api/cycles/2014', { user: service.users.auditor });
      expect(read.status, read.text).to.equal(200);
      expect(read.body).to.include({ body: '620000' });
      expect(read.body.units).to.deep.equal(CITIES);
    });

    it('once a city’s cycle has put its counties in the register, the province’s board and runs still hold the 14 cities only', async () => {
      const examiner = service.users.examiner;
      const rubric = await service.request('POST', '/api/rubrics', { user: examiner, body: { ...nationalRubric(), year: 2041, version: '41.0.0' } });
      expect(rubric.status, rubric.text).to.equal(201);
      expect((await service.request('POST', `/api/rubrics/${rubric.body.hash}/publish`, { user: examiner, body: { version: 1 } })).status).to.equal(200);
      const city = await service.request('POST', '/api/cycles', {
        user: examiner,
        body: { year: 2041, rubric: rubric.body.hash, deadline: '2042-03-31T23:59:59+08:00', body: '620100' },
      });
      expect(city.status, city.text).to.equal(201);
      expect((await service.request('GET', '/api/units', { user: examiner })).body).to.have.length(14 + COUNTY_CODES.length);

      const codes = (reply: { body: { unitCode: string }[] }) => reply.body.map((line) => line.unitCode);
      expect(codes(await service.request('GET', '/api/cycles/2015/submissions', { user: examiner }))).to.deep.equal(CITIES);
      expect(city.body).to.include({ id: '2041-620100', bodyName: '兰州市' });
      expect(codes(await service.request('GET', '/api/cycles/2041-620100/submissions', { user: examiner }))).to.deep.equal(COUNTY_CODES);
      expect((await service.request('GET', '/api/cycles/2015', { user: examiner })).body.units).to.deep.equal(CITIES);
      expect((await service.request('GET', '/api/cycles/2014', { user: examiner })).body.units).to.deep.equal(CITIES);
      const run = await service.request('POST', '/api/cycles/2015/runs', { user: examiner });
      expect(run.status, run.text).to.equal(201);
      const served = await service.request('GET', `/api/cycles/2015/runs/${run.body.runId}`, { user: service.users.auditor });
      expect(served.body.units.map((u: { code: string }) => u.code).sort()).to.deep.equal(CITIES);
    });

    it('a city cannot file evidence or targets in a cycle that does not assess it; nothing is stored', async () => {
      const message = '单位 620100 不在 2041 年度兰州市考核的被考核单位中';
      const saved = await service.request('PUT', '/api/cycles/2041-620100/submissions/620100', { user: service.users.city, body: { items: {}, version: 0 } });
      expect(saved.status, saved.text).to.equal(404);
      expect(saved.body.message).to.equal(message);
      const targets = await service.request('GET', '/api/cycles/2041-620100/targets/620100', { user: service.users.city });
      expect(targets.status, targets.text).to.equal(404);
      expect(targets.body.message).to.equal(message);
      expect(await service.stores.submissions.list({ year: 2041, body: '620100' })).to.deep.equal([]);
    });
  });

  describe('兰州市’s cycle over its counties', () => {
    let service: TestService;
    before(async () => {
      service = await startService();
    });
    after(async () => {
      await service.close();
    });

    /** Posts a 2015 cycle of `extra`; the reply. */
    const post = (extra: Record<string, unknown>) =>
      service.request('POST', '/api/cycles', { user: service.users.examiner, body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE, ...extra } });

    /** Nothing of a refused cycle is stored: no cycle, no audit entry, no unit added to the register. */
    async function expectNothingStored(): Promise<void> {
      expect((await service.request('GET', '/api/cycles/2015-620100', { user: service.users.examiner })).status).to.equal(404);
      expect(await auditActions(service, 'cycle.create')).to.have.length(0);
      const register = await service.request('GET', '/api/units', { user: service.users.examiner });
      expect(register.body.map((u: { code: string }) => u.code)).to.deep.equal(CITIES);
    }

    const refusals: { what: string; extra: Record<string, unknown>; message: string; path: string }[] = [
      { what: 'a body outside the tree', extra: { body: '110000' }, message: '考核主体：单位代码 110000 不在甘肃省（620000）的单位树中', path: '$.body.body' },
      {
        what: 'a unit outside the tree',
        extra: { body: '620100', units: ['620102', '620199'] },
        message: '单位代码 620199 不在甘肃省（620000）的单位树中',
        path: '$.body.units[1]',
      },
      {
        what: 'a unit outside the body’s subtree',
        extra: { body: '620100', units: ['620102', '620302'] },
        message: '单位 620302 不在兰州市（620100）的辖区内',
        path: '$.body.units[1]',
      },
      {
        what: 'the body itself',
        extra: { body: '620100', units: ['620100'] },
        message: '单位 620100 是考核主体兰州市（620100）本身，不能考核自己',
        path: '$.body.units[0]',
      },
      {
        what: 'a county as body, without units',
        extra: { body: '620102' },
        message: '城关区（620102）之下没有单位，请用 units 指明所考核的单位',
        path: '$.body.body',
      },
    ];
    for (const r of refusals)
      it(`${r.what} is refused with a message naming the code, and nothing is stored`, async () => {
        const refused = await post(r.extra);
        expect(refused.status, refused.text).to.equal(400);
        expect(refused.body.code).to.equal('invalid');
        expect(refused.body.message).to.include(r.message);
        expect(refused.body.errors).to.deep.include({ path: r.path, code: refused.body.errors[0].code, message: r.message });
        await expectNothingStored();
      });

    it('a code that is not six digits is refused at the edge', async () => {
      const refused = await post({ body: '62010' });
      expect(refused.status, refused.text).to.equal(400);
      expect(refused.body.errors[0]).to.include({ path: '$.body.body', message: '单位代码应为 6 位数字的行政区划代码（GB/T 2260）' });
      await expectNothingStored();
    });

    it('兰州市’s cycle, without units, assesses its 8 counties; they join the register under their names', async () => {
      const created = await post({ body: '620100' });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ id: '2015-620100', body: '620100', bodyName: '兰州市' });
      expect(created.body.units).to.deep.equal(COUNTY_CODES);
      const [logged] = await auditActions(service, 'cycle.create');
      expect(logged?.detail).to.match(/；考核主体 兰州市（620100），被考核单位 8 个$/);
      expect((await service.request('GET', '/api/cycles/2015-620100', { user: service.users.auditor })).body).to.deep.equal(created.body);
      const register = await service.request('GET', '/api/units', { user: service.users.examiner });
      for (const [code, name] of Object.entries(LANZHOU_COUNTIES))
        expect(register.body).to.deep.include({ code, name, kind: code.startsWith('6201') && code < '620120' ? '区' : '县' });
    });

    it('a county’s clerk submits through the API, and the run scores exactly the 8 counties', async () => {
      const made = await service.request('POST', '/api/users', {
        user: service.users.admin,
        body: { username: 'chengguan', role: 'city', unitCode: '620102' },
      });
      expect(made.status, made.text).to.equal(201);
      const { token } = (await service.request('POST', '/api/session', { body: { username: 'chengguan', password: made.body.password } })).body;
      const clerk = { username: 'chengguan', token } as TestUser;

      const seed = seedDocument('620100');
      const { submitted } = splitEvidence(gansuRubric(), seed.items);
      const url = '/api/cycles/2015-620100/submissions/620102';
      const saved = await service.request('PUT', url, { user: clerk, body: { items: submitted, selfTotal: seed.selfTotal, version: 0 } });
      expect(saved.status, saved.text).to.be.oneOf([200, 201]);
      const sent = await service.request('POST', `${url}/submit`, { user: clerk, body: { version: saved.body.version } });
      expect(sent.status, sent.text).to.equal(200);

      const run = await service.request('POST', '/api/cycles/2015-620100/runs', { user: service.users.examiner });
      expect(run.status, run.text).to.equal(201);
      expect(run.body.runId).to.equal('2015-620100-1');
      const served = await service.request('GET', `/api/cycles/2015-620100/runs/${run.body.runId}`, { user: service.users.auditor });
      const units = served.body.units as { code: string; name: string; missingItems: string[] }[];
      expect(units.map((u) => [u.code, u.name]).sort()).to.deep.equal(Object.entries(LANZHOU_COUNTIES));
      const chengguan = units.find((u) => u.code === '620102')!;
      const yongdeng = units.find((u) => u.code === '620121')!;
      expect(chengguan.missingItems.length).to.be.lessThan(yongdeng.missingItems.length);
    });
  });
});
