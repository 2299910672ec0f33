import { expect } from 'chai';
import {
  CALLERS,
  DEADLINE,
  DEADLINE_UTC,
  GANSU_HASH,
  NATIONAL_HASH,
  HOSTILE_SEGMENTS,
  auditActions,
  expectRefused,
  nationalRubric,
  userOf,
} from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';

describe('cycles: one per year on a published rubric (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  /** Posts (and by default publishes) the national example rewritten for `year`; returns its hash. */
  async function rubricFor(year: number, publish = true): Promise<string> {
    const examiner = service.users.examiner;
    const created = await service.request('POST', '/api/rubrics', { user: examiner, body: { ...nationalRubric(), year, version: `${year - 2000}.0.0` } });
    expect(created.status, created.text).to.equal(201);
    if (publish)
      expect((await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, { user: examiner, body: { version: 1 } })).status).to.equal(200);
    return created.body.hash as string;
  }

  describe('happy path and conflicts', () => {
    it('an examiner creates the 2015 cycle on the published Gansu rubric; everyone reads it', async () => {
      const created = await service.request('POST', '/api/cycles', {
        user: service.users.examiner,
        body: { year: 2015, rubric: GANSU_HASH, deadline: DEADLINE },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.deep.equal({
        id: '2015',
        year: 2015,
        rubric: GANSU_HASH,
        rubricId: 'gansu-2015',
        deadline: DEADLINE_UTC,
        // The province's cycle over its 14 cities and prefectures, as every cycle was before bodies.
        body: '620000',
        bodyName: '甘肃省',
        units: ['620100', '620200', '620300', '620400', '620500', '620600', '620700', '620800', '620900', '621000', '621100', '621200', '622900', '623000'],
        createdBy: 'examiner',
        createdAt: '2016-01-15T09:00:00.000Z',
        version: 1,
      });
      expect(created.headers.get('etag')).to.equal('"1"');
      for (const caller of CALLERS.filter((c) => c !== 'anonymous')) {
        const read = await service.request('GET', '/api/cycles/2015', { user: userOf(service, caller) });
        expect(read.status, caller).to.equal(200);
        expect(read.body).to.deep.equal(created.body);
      }
      const events = await auditActions(service, 'cycle.create');
      expect(events).to.have.length(1);
      expect(events[0]).to.include({ subject: 'cycle:2015', year: 2015, actor: 'examiner', beforeHash: '' });
    });

    it('a cycle may name whom units contact, trimmed, and every reader sees it', async () => {
      const contact = '省质量发展领导小组办公室 张三 0931-0000000';
      const created = await service.request('POST', '/api/cycles', {
        user: service.users.examiner,
        body: { year: 2041, rubric: await rubricFor(2041), deadline: '2042-03-31T23:59:59+08:00', contact: `  ${contact} ` },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body.contact).to.equal(contact);
      expect((await service.request('GET', '/api/cycles/2041', { user: service.users.city })).body.contact).to.equal(contact);
    });

    it('a second cycle for the same year is 409, whatever its rubric', async () => {
      const again = await service.request('POST', '/api/cycles', {
        user: service.users.admin,
        body: { year: 2015, rubric: NATIONAL_HASH, deadline: DEADLINE },
      });
      expect(again.status).to.equal(409);
      expect(again.body.code).to.equal('conflict');
      expect((await service.request('GET', '/api/cycles/2015', { user: service.users.auditor })).body.rubric).to.equal(GANSU_HASH);
    });

    it('the rubric must exist (404), be published (409) and be of that year (400 at $.body.rubric)', async () => {
      const examiner = service.users.examiner;
      const unknown = await service.request('POST', '/api/cycles', {
        user: examiner,
        body: { year: 2019, rubric: `sha256:${'0'.repeat(64)}`, deadline: DEADLINE },
      });
      expect(unknown.status).to.equal(404);
      const draft = await rubricFor(2019, false);
      const unpublished = await service.request('POST', '/api/cycles', { user: examiner, body: { year: 2019, rubric: draft, deadline: DEADLINE } });
      expect(unpublished.status).to.equal(409);
      expect(unpublished.body.message).to.include('尚未发布');
      const otherYear = await service.request('POST', '/api/cycles', { user: examiner, body: { year: 2019, rubric: NATIONAL_HASH, deadline: DEADLINE } });
      expect(otherYear.status).to.equal(400);
      expect(otherYear.body.errors[0].path).to.equal('$.body.rubric');
      expect((await service.request('GET', '/api/cycles/2019', { user: examiner })).status).to.equal(404);
    });

    it('the rubric may be named without the sha256: prefix', async () => {
      const hash = await rubricFor(2020);
      const created = await service.request('POST', '/api/cycles', {
        user: service.users.examiner,
        body: { year: 2020, rubric: hash.slice(7), deadline: '2021-03-31T00:00:00Z' },
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body.rubric).to.equal(hash);
    });

    it('a retried creation with the same Idempotency-Key gives one cycle and the same answer', async () => {
      const hash = await rubricFor(2016);
      const body = { year: 2016, rubric: hash, deadline: '2017-03-31T23:59:59+08:00' };
      const headers = { 'idempotency-key': 'cycle-2016' };
      const first = await service.request('POST', '/api/cycles', { user: service.users.examiner, body, headers });
      const retry = await service.request('POST', '/api/cycles', { user: service.users.examiner, body, headers });
      expect([first.status, retry.status]).to.deep.equal([201, 201]);
      expect(retry.body).to.deep.equal(first.body);
      expect((await auditActions(service, 'cycle.create')).filter((e) => e.year === 2016)).to.have.length(1);
      const withoutKey = await service.request('POST', '/api/cycles', { user: service.users.examiner, body });
      expect(withoutKey.status).to.equal(409);
    });

    it('GET /api/cycles lists the cycles in year order', async () => {
      const reply = await service.request('GET', '/api/cycles', { user: service.users.otherCity });
      expect(reply.status).to.equal(200);
      expect(reply.body.map((c: { year: number }) => c.year)).to.deep.equal([2015, 2016, 2020, 2041]);
    });
  });

  describe('the access table', () => {
    const create: Record<string, number> = { examiner: 201, admin: 201, auditor: 403, city: 403, otherCity: 403, anonymous: 401 };
    const read: Record<string, number> = { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 200, anonymous: 401 };
    CALLERS.forEach((caller, i) => {
      it(`${caller}: create ${create[caller]}, read ${read[caller]}, list ${read[caller]}`, async () => {
        const year = 2030 + i;
        const hash = await rubricFor(year);
        const user = userOf(service, caller);
        const reply = await service.request('POST', '/api/cycles', { user, body: { year, rubric: hash, deadline: DEADLINE } });
        expect(reply.status, reply.text).to.equal(create[caller]);
        expect((await service.request('GET', `/api/cycles/${year}`, { user: service.users.examiner })).status).to.equal(create[caller] === 201 ? 200 : 404);
        expect((await service.request('GET', '/api/cycles/2015', { user })).status).to.equal(read[caller]);
        expect((await service.request('GET', '/api/cycles', { user })).status).to.equal(read[caller]);
      });
    });
  });

  describe('bad input', () => {
    it('malformed JSON, unknown fields, wrong types, operators and dotted keys are 400s naming the path', async () => {
      const examiner = service.users.examiner;
      const broken = await service.request('POST', '/api/cycles', { user: examiner, body: '{"year": 2040' });
      expect(broken.status).to.equal(400);
      expect(broken.body.code).to.equal('json_invalid');
      const good = { year: 2040, rubric: GANSU_HASH, deadline: DEADLINE };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...good, extra: 1 }, '$.body'],
        [{ ...good, year: '2040' }, '$.body.year'],
        [{ ...good, year: 2040.5 }, '$.body.year'],
        [{ ...good, year: 1999 }, '$.body.year'],
        [{ ...good, year: { $gt: 0 } }, '$.body.year'],
        [{ ...good, rubric: { $ne: null } }, '$.body.rubric'],
        [{ ...good, rubric: 'gansu-2015' }, '$.body.rubric'],
        [{ ...good, deadline: 'tomorrow' }, '$.body.deadline'],
        [{ ...good, deadline: '2016-03-31' }, '$.body.deadline'],
        [{ ...good, deadline: '2016-03-31T23:59:59' }, '$.body.deadline'],
        [{ ...good, deadline: '2016-02-30T00:00:00Z' }, '$.body.deadline'],
        [{ ...good, 'deadline.$gt': 1 }, '$.body'],
        [{ ...good, contact: '' }, '$.body.contact'],
        [{ ...good, contact: '   ' }, '$.body.contact'],
        [{ ...good, contact: '张三\u0007' }, '$.body.contact'],
        [{ ...good, contact: '长'.repeat(201) }, '$.body.contact'],
        [{ ...good, contact: ['张三'] }, '$.body.contact'],
        [{ year: 2040, rubric: GANSU_HASH }, '$.body.deadline'],
      ];
      for (const [body, path] of cases) {
        const reply = await service.request('POST', '/api/cycles', { user: examiner, body });
        expect(reply.status, JSON.stringify(body)).to.equal(400);
        expect(
          reply.body.errors.map((e: { path: string }) => e.path),
          JSON.stringify(body),
        ).to.include(path);
      }
      for (const body of ['[]', '"2040"', 'null']) expect((await service.request('POST', '/api/cycles', { user: examiner, body })).status, body).to.equal(400);
      expect((await service.request('GET', '/api/cycles/2040', { user: examiner })).status).to.equal(404);
    });

    it('hostile years in the path are 400 or 404, never 500', async () => {
      for (const segment of [...HOSTILE_SEGMENTS, '1999', '2101', '15', '2015.0', '2015%20', '-2015']) {
        expectRefused(await service.request('GET', `/api/cycles/${segment}`, { user: service.users.auditor }), segment);
      }
      expect((await service.request('GET', '/api/cycles/1999', { user: service.users.auditor })).body.errors[0].path).to.equal('$.params.cycle');
    });
  });
});
