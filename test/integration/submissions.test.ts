import { expect } from 'chai';
import { CALLERS, type Caller, DEADLINE_UTC, HOSTILE_SEGMENTS, auditActions, createGansuCycle, expectRefused, userOf } from '../support/cycle-fixtures.js';
import { type HttpReply, type TestService, type TestUser, startService } from '../support/service.js';

const LANZHOU = '620100';
const JIAYUGUAN = '620200';
const url = (unit = LANZHOU, tail = '') => `/api/cycles/2015/submissions/${unit}${tail}`;

/** A draft answering a few Gansu checkpoints, the way a city fills them in. */
const ITEMS = {
  'G10.1': { values: { supervisionCoverage: 98.5 }, selfScore: 2.25, note: '新开工项目监督覆盖率 98.5%' },
  'G01.1': { values: { approvalReview: true, lists: ['权力清单', '责任清单'] } },
  'G08.2': { notApplicable: true, note: '未列入电子商务示范城市创建范围' },
};

describe('submissions: drafts, submit, deadline, reopen (real FerretDB, real HTTP)', () => {
  let service: TestService;
  let city: TestUser;
  let examiner: TestUser;
  before(async () => {
    service = await startService();
    ({ city, examiner } = service.users);
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  /** Who calls: the given user, no one (`user: undefined` given explicitly: no token), or the default. */
  type As = { user?: TestUser; unit?: string; headers?: Record<string, string> };
  const who = (o: As, fallback: TestUser) => ('user' in o ? o.user : fallback);
  const read = (unit = LANZHOU, o: As = {}) => service.request('GET', url(unit), { user: who(o, city) });
  const save = (body: unknown, o: As = {}) => service.request('PUT', url(o.unit), { user: who(o, city), body, headers: o.headers });
  const submit = (version: number | undefined, o: As = {}) =>
    service.request('POST', url(o.unit, '/submit'), { user: who(o, city), body: version === undefined ? {} : { version } });
  const reopen = (reason: string, o: As = {}) => service.request('POST', url(o.unit, '/reopen'), { user: who(o, examiner), body: { reason } });

  /** Lanzhou's submission as a draft (reopened if need be); returns its version. */
  async function draftVersion(): Promise<number> {
    let current = await read();
    if (current.body.state === 'submitted') current = await reopen('测试需要：退回修改');
    if (current.body.version === 0) current = await save({ items: ITEMS });
    return current.body.version as number;
  }
  /** Lanzhou's submission, submitted; returns its version. */
  async function submittedVersion(): Promise<number> {
    const current = await read();
    if (current.body.state === 'submitted') return current.body.version as number;
    const done = await submit(await draftVersion());
    expect(done.status, done.text).to.equal(200);
    return done.body.version as number;
  }

  describe('the cycle of one unit', () => {
    it('nothing saved yet reads as an empty draft, version 0, every unit checkpoint missing', async () => {
      const reply = await read();
      expect(reply.status).to.equal(200);
      expect(reply.body).to.include({ year: 2015, unitCode: LANZHOU, unitName: '兰州市', state: 'draft', version: 0 });
      expect(reply.body.items).to.deep.equal({});
      expect(reply.body.materials).to.deep.equal([]);
      expect(reply.body.reopenings).to.deep.equal([]);
      expect(reply.body.missing).to.include.members(['G01.1', 'G10.1', 'G24.2']);
      expect(reply.body.missing).to.not.include('G08.1'); // only the examiner fills it
      expect(reply.headers.get('etag')).to.equal('"0"');
    });

    it('the first save needs no version (0 → 1); later saves name the version read, by If-Match or in the body', async () => {
      const first = await save({ items: ITEMS, selfTotal: 80.5 });
      expect(first.status, first.text).to.equal(200);
      expect(first.body).to.include({ state: 'draft', version: 1, selfTotal: 80.5, updatedBy: 'lanzhou' });
      expect(first.body.items).to.deep.equal(ITEMS);
      expect(first.body.missing).to.not.include.members(['G10.1', 'G01.1', 'G08.2']);
      expect(first.headers.get('etag')).to.equal('"1"');

      const second = await save({ items: { ...ITEMS, 'G10.2': { values: { firstAcceptanceRate: 100 } } } }, { headers: { 'if-match': '"1"' } });
      expect(second.status, second.text).to.equal(200);
      expect(second.body.version).to.equal(2);
      const third = await save({ version: 2, items: ITEMS, selfTotal: 81 });
      expect(third.status, third.text).to.equal(200);
      expect(third.body.version).to.equal(3);
      expect(third.body.items).to.not.have.property('G10.2');

      const events = (await auditActions(service, 'submission.save')).filter((e) => e.unitCode === LANZHOU);
      expect(events).to.have.length(3);
      expect(events[0]).to.include({ subject: `submission:2015/${LANZHOU}`, year: 2015, actor: 'lanzhou', beforeHash: '' });
      expect(events[1]?.beforeHash).to.equal(events[0]?.afterHash);
    });

    it('missing values are allowed in a draft, and listed as missing', async () => {
      const version = (await read()).body.version;
      const reply = await save({ version, items: { ...ITEMS, 'G10.2': {}, 'G05.1': { values: { cqoEnterprises: 12, cqoTarget: null } } } });
      expect(reply.status, reply.text).to.equal(200);
      expect(reply.body.missing).to.include.members(['G10.2', 'G05.1']);
    });

    it('submit checks the whole evidence, freezes the submission and is audited', async () => {
      const version = (await read()).body.version;
      const done = await submit(version);
      expect(done.status, done.text).to.equal(200);
      expect(done.body).to.include({ state: 'submitted', version: version + 1, submittedBy: 'lanzhou', submittedAt: '2016-01-15T09:00:00.000Z' });
      expect(done.headers.get('etag')).to.equal(`"${version + 1}"`);
      expect(await auditActions(service, 'submission.submit')).to.have.length(1);

      const edit = await save({ version: version + 1, items: {} });
      expect(edit.status).to.equal(409);
      expect(edit.body.code).to.equal('conflict');
      expect(edit.body.message).to.include('冻结');
      const twice = await submit(version + 1);
      expect(twice.status).to.equal(409);
      const unchanged = await read();
      expect(unchanged.body).to.include({ state: 'submitted', version: version + 1 });
    });

    it('an examiner reopens it with a reason; the city edits and submits again', async () => {
      const before = (await read()).body.version;
      const reopened = await reopen('  自评分与佐证材料不符，请核实后重新提交  ');
      expect(reopened.status, reopened.text).to.equal(200);
      expect(reopened.body).to.include({ state: 'draft', version: before + 1 });
      expect(reopened.body.reopenings).to.deep.equal([{ at: '2016-01-15T09:00:00.000Z', by: 'examiner', reason: '自评分与佐证材料不符，请核实后重新提交' }]);
      expect(reopened.body).to.not.have.property('submittedAt');
      const events = await auditActions(service, 'submission.reopen');
      expect(events).to.have.length(1);
      expect(events[0]).to.include({ actor: 'examiner', detail: '自评分与佐证材料不符，请核实后重新提交', unitCode: LANZHOU });

      const edited = await save({ version: before + 1, items: { ...ITEMS, 'G10.1': { values: { supervisionCoverage: 97 }, selfScore: 1.75 } } });
      expect(edited.status, edited.text).to.equal(200);
      const again = await submit(edited.body.version);
      expect(again.status, again.text).to.equal(200);
      expect(again.body.reopenings).to.have.length(1);
    });

    it('the list carries what a progress board shows: each unit’s missing checkpoints, self-total and reopenings, as its own read says', async () => {
      const list = await service.request('GET', '/api/cycles/2015/submissions', { user: examiner });
      expect(list.status, list.text).to.equal(200);
      expect(list.body).to.have.length(14);
      for (const row of list.body as { unitCode: string }[]) {
        const one = (await service.request('GET', url(row.unitCode), { user: examiner })).body;
        expect(row, row.unitCode).to.deep.include({ version: one.version, missing: one.missing, reopenings: one.reopenings });
        expect((row as { selfTotal?: number }).selfTotal, row.unitCode).to.equal(one.selfTotal);
      }
      const lanzhou = list.body.find((r: { unitCode: string }) => r.unitCode === LANZHOU);
      expect(lanzhou.reopenings).to.have.length(1);
      expect(lanzhou.missing).to.not.include('G10.1');
      // nothing saved: every unit checkpoint missing, version 0 (the board shows 未填报)
      const jiayuguan = list.body.find((r: { unitCode: string }) => r.unitCode === JIAYUGUAN);
      expect(jiayuguan).to.include({ version: 0, state: 'draft' });
      expect(jiayuguan.missing.length).to.be.greaterThan(50);
    });

    it('reopening needs a submitted submission (409 otherwise) and a non-empty reason (400)', async () => {
      await draftVersion();
      const notSubmitted = await reopen('再次退回');
      expect(notSubmitted.status).to.equal(409);
      await submittedVersion();
      for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }, { reason: { $ne: '' } }, { reason: 'ok', extra: 1 }]) {
        const reply = await service.request('POST', url(LANZHOU, '/reopen'), { user: examiner, body });
        expect(reply.status, JSON.stringify(body)).to.equal(400);
      }
      expect((await read()).body.state).to.equal('submitted');
    });
  });

  describe('versions', () => {
    it('a later save without a version is 428; with a stale one 409; nothing is written', async () => {
      const version = await draftVersion();
      const missing = await save({ items: ITEMS });
      expect(missing.status).to.equal(428);
      expect(missing.body.code).to.equal('version_required');
      const staleBody = await save({ version: version - 1, items: {} });
      expect(staleBody.status).to.equal(409);
      expect(staleBody.body.code).to.equal('stale');
      const staleHeader = await save({ items: {} }, { headers: { 'if-match': `"${version + 5}"` } });
      expect(staleHeader.status).to.equal(409);
      expect((await read()).body.version).to.equal(version);
    });

    it('two saves from the same version: the first wins, the second is 409', async () => {
      const version = await draftVersion();
      const [a, b] = await Promise.all([save({ version, items: ITEMS }), save({ version, items: {} })]);
      expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
      expect((await read()).body.version).to.equal(version + 1);
    });

    it('submit without a version is 428, with a stale one 409, and with nothing saved 409', async () => {
      const version = await draftVersion();
      expect((await submit(undefined)).status).to.equal(428);
      const staleSubmit = await submit(version - 1);
      expect(staleSubmit.status).to.equal(409);
      expect(staleSubmit.body.code).to.equal('stale');
      const nothing = await submit(0, { user: service.users.otherCity, unit: JIAYUGUAN });
      expect(nothing.status).to.equal(409);
      expect((await read()).body.state).to.equal('draft');
    });

    it('a retried save or submit with the same Idempotency-Key changes the record once and answers the same', async () => {
      const version = await draftVersion();
      const headers = { 'idempotency-key': 'save-once' };
      const first = await save({ version, items: ITEMS }, { headers });
      const retry = await save({ version, items: ITEMS }, { headers });
      expect([first.status, retry.status]).to.deep.equal([200, 200]);
      expect(retry.body).to.deep.equal(first.body);
      expect((await read()).body.version).to.equal(version + 1);

      const submitHeaders = { 'idempotency-key': 'submit-once' };
      const s1 = await service.request('POST', url(LANZHOU, '/submit'), { user: city, body: { version: version + 1 }, headers: submitHeaders });
      const s2 = await service.request('POST', url(LANZHOU, '/submit'), { user: city, body: { version: version + 1 }, headers: submitHeaders });
      expect([s1.status, s2.status]).to.deep.equal([200, 200]);
      expect(s2.body).to.deep.equal(s1.body);
      expect((await read()).body.version).to.equal(version + 2);
    });
  });

  describe('every value is checked against the rubric when saved', () => {
    const refused = async (items: unknown, status = 400): Promise<HttpReply> => {
      const version = await draftVersion();
      const reply = await save({ version, items });
      expect(reply.status, reply.text).to.equal(status);
      expect((await read()).body.version, 'nothing written').to.equal(version);
      return reply;
    };
    const paths = (reply: HttpReply) => reply.body.errors.map((e: { path: string }) => e.path);

    it('wrong types, values out of range and choices not offered are 400 with JSON paths', async () => {
      expect(paths(await refused({ 'G10.1': { values: { supervisionCoverage: '98%' } } }))).to.deep.equal(['$.body.items["G10.1"].values.supervisionCoverage']);
      expect(paths(await refused({ 'G10.1': { values: { supervisionCoverage: 100.5 } } }))).to.deep.equal(['$.body.items["G10.1"].values.supervisionCoverage']);
      expect(paths(await refused({ 'G01.1': { values: { approvalReview: 'yes' } } }))).to.deep.equal(['$.body.items["G01.1"].values.approvalReview']);
      expect(paths(await refused({ 'G01.1': { values: { lists: ['权力清单', '其他清单'] } } }))).to.deep.equal(['$.body.items["G01.1"].values.lists']);
      expect(paths(await refused({ 'G01.2': { values: { enforcementCooperation: '部分建立' } } }))).to.deep.equal([
        '$.body.items["G01.2"].values.enforcementCooperation',
      ]);
      expect(paths(await refused({ 'G05.1': { values: { cqoEnterprises: 1.5 } } }))).to.deep.equal(['$.body.items["G05.1"].values.cqoEnterprises']);
    });

    it('unknown items and fields, 不涉及 where not allowed and self-scores above the cap are 400', async () => {
      expect(paths(await refused({ 'G99.9': { values: {} } }))).to.deep.equal(['$.body.items["G99.9"]']);
      expect(paths(await refused({ 'G10.1': { values: { coverage: 98 } } }))).to.deep.equal(['$.body.items["G10.1"].values.coverage']);
      expect(paths(await refused({ 'G10.1': { notApplicable: true } }))).to.deep.equal(['$.body.items["G10.1"].notApplicable']);
      expect(paths(await refused({ 'G10.1': { selfScore: 3 } }))).to.deep.equal(['$.body.items["G10.1"].selfScore']);
      expect(paths(await refused({ 'G10.1': { selfScore: 1.001 } }))).to.deep.equal(['$.body.items["G10.1"].selfScore']);
      expect(paths(await refused({ 'G10.1': { selfScore: -1 } }))).to.deep.equal(['$.body.items["G10.1"].selfScore']);
      const several = await refused({ 'G10.1': { values: { supervisionCoverage: -1 } }, 'G10.2': { values: { firstAcceptanceRate: 'all' } } });
      expect(paths(several)).to.have.members(['$.body.items["G10.1"].values.supervisionCoverage', '$.body.items["G10.2"].values.firstAcceptanceRate']);
      expect(several.body.message).to.match(/[\u4e00-\u9fff]/);
    });

    it('a value for a field the examiner fills is 403 naming the field; so are findings and adjustments', async () => {
      const examinerField = await refused({ 'G04.2': { values: { adMonitoring: true, uninvestigatedAds: 0 } } }, 403);
      expect(examinerField.body.code).to.equal('forbidden');
      expect(paths(examinerField)).to.deep.equal(['$.body.items["G04.2"].values.uninvestigatedAds']);
      expect(examinerField.body.errors[0].message).to.include('uninvestigatedAds');
      expect(paths(await refused({ GV1: { values: { systemicIncident: false } } }, 403))).to.deep.equal(['$.body.items.GV1.values.systemicIncident']);
      expect(paths(await refused({ 'G24.2': { values: { discretionaryDeduction: 0.5 } } }, 403))).to.deep.equal([
        '$.body.items["G24.2"].values.discretionaryDeduction',
      ]);
      expect(paths(await refused({ 'G10.1': { finding: '现场核查属实' } }, 403))).to.deep.equal(['$.body.items["G10.1"].finding']);
      expect(paths(await refused({ 'G10.1': { adjustment: { score: 2.5, justification: '自己给满分' } } }, 403))).to.deep.equal([
        '$.body.items["G10.1"].adjustment',
      ]);
    });
  });

  describe('the deadline (the service clock, never the wall clock)', () => {
    afterEach(() => service.clock.set('2016-01-15T09:00:00.000Z'));

    it('one second after the deadline a draft can still be saved but not submitted (409 deadline_passed)', async () => {
      const other = service.users.otherCity;
      const saved = await save({ items: { 'G10.1': { values: { supervisionCoverage: 100 } } } }, { user: other, unit: JIAYUGUAN });
      expect(saved.status, saved.text).to.equal(200);
      service.clock.set(DEADLINE_UTC);
      const atDeadline = await save({ version: 1, items: {} }, { user: other, unit: JIAYUGUAN });
      expect(atDeadline.status).to.equal(200);
      service.clock.set('2016-03-31T16:00:00.000Z');
      const late = await submit(2, { user: other, unit: JIAYUGUAN });
      expect(late.status).to.equal(409);
      expect(late.body.code).to.equal('deadline_passed');
      expect(late.body.message).to.include('截止');
      expect((await read(JIAYUGUAN, { user: other })).body.state).to.equal('draft');
    });

    it('a submission reopened after the deadline may be submitted once more', async () => {
      await submittedVersion();
      service.clock.set('2016-04-10T02:00:00.000Z');
      const reopened = await reopen('核查发现数据有误，准予逾期更正');
      expect(reopened.status).to.equal(200);
      const resubmitted = await submit(reopened.body.version);
      expect(resubmitted.status, resubmitted.text).to.equal(200);
      expect(resubmitted.body.submittedAt).to.equal('2016-04-10T02:00:00.000Z');
    });
  });

  describe('the access table', () => {
    const statuses = (reply: HttpReply) => reply.status;
    const expectations: Record<string, Record<Caller, number>> = {
      list: { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 200, anonymous: 401 },
      read: { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 403, anonymous: 401 },
      save: { examiner: 403, admin: 403, auditor: 403, city: 200, otherCity: 403, anonymous: 401 },
      submit: { examiner: 403, admin: 403, auditor: 403, city: 200, otherCity: 403, anonymous: 401 },
      reopen: { examiner: 200, admin: 200, auditor: 403, city: 403, otherCity: 403, anonymous: 401 },
    };

    for (const caller of CALLERS) {
      it(`${caller} on Lanzhou's submission: ${Object.entries(expectations)
        .map(([k, v]) => `${k} ${v[caller]}`)
        .join(', ')}`, async () => {
        const user = userOf(service, caller);
        const list = await service.request('GET', '/api/cycles/2015/submissions', { user });
        expect(statuses(list)).to.equal(expectations.list?.[caller]);
        if (list.status === 200) {
          const units = list.body.map((s: { unitCode: string }) => s.unitCode);
          if (caller === 'city') expect(units).to.deep.equal([LANZHOU]);
          else if (caller === 'otherCity') expect(units).to.deep.equal([JIAYUGUAN]);
          else expect(units).to.have.length(14);
        }
        expect(statuses(await read(LANZHOU, { user }))).to.equal(expectations.read?.[caller]);

        const version = await draftVersion();
        expect(statuses(await save({ version, items: ITEMS }, { user }))).to.equal(expectations.save?.[caller]);
        const current = (await read()).body.version;
        expect(statuses(await submit(current, { user }))).to.equal(expectations.submit?.[caller]);

        await submittedVersion();
        const reopened = await reopen('访问控制测试', { user });
        expect(statuses(reopened)).to.equal(expectations.reopen?.[caller]);
        // A refused reopening leaves the submission frozen.
        if (reopened.status !== 200) expect((await read()).body.state).to.equal('submitted');
      });
    }

    it('a city reaching for another unit is 403 on every endpoint, whether or not that unit saved anything', async () => {
      for (const unit of [JIAYUGUAN, '620300']) {
        expect((await read(unit)).status, unit).to.equal(403);
        expect((await save({ items: ITEMS }, { unit })).status, unit).to.equal(403);
        expect((await submit(1, { unit })).status, unit).to.equal(403);
        expect((await reopen('不是我的', { user: city, unit })).status, unit).to.equal(403);
      }
      const forbidden = await read(JIAYUGUAN);
      expect(forbidden.body.code).to.equal('forbidden');
      expect(forbidden.body.message).to.include('620100');
      expect(forbidden.body).to.not.have.property('items');
    });
  });

  describe('bad input', () => {
    it('malformed JSON, unknown fields, wrong types, operators and dotted keys in a save are 400s', async () => {
      const version = await draftVersion();
      const broken = await save('{"items": {');
      expect(broken.status).to.equal(400);
      expect(broken.body.code).to.equal('json_invalid');
      const cases: [unknown, string][] = [
        [{ version, items: ITEMS, extra: 1 }, '$.body'],
        [{ version }, '$.body.items'],
        [{ version, items: [] }, '$.body.items'],
        [{ version: '1', items: ITEMS }, '$.body.version'],
        [{ version: { $gt: 0 }, items: ITEMS }, '$.body.version'],
        [{ version, items: ITEMS, selfTotal: '90' }, '$.body.selfTotal'],
        [{ version, items: ITEMS, selfTotal: -1 }, '$.body.selfTotal'],
        [{ version, items: { 'G10.1': { values: { supervisionCoverage: { $gt: 0 } } } } }, '$.body.items["G10.1"].values.supervisionCoverage'],
        [{ version, items: { 'G10.1': { values: { $where: 'true' } } } }, '$.body.items["G10.1"].values.$where'],
        [{ version, items: { 'G10.1': { values: { 'supervisionCoverage.$gt': 1 } } } }, '$.body.items["G10.1"].values["supervisionCoverage.$gt"]'],
        [{ version, items: { $where: { values: {} } } }, '$.body.items.$where'],
        [{ version, items: { 'G10.1.values': { values: {} } } }, '$.body.items["G10.1.values"]'],
        [{ version, items: { 'G10.1': { values: {}, materials: [{ name: 'a.pdf' }] } } }, '$.body.items["G10.1"]'],
        [{ version, items: { 'G10.1': { note: '   ' } } }, '$.body.items["G10.1"].note'],
        [{ version, items: { 'G10.1': { notApplicable: 'yes' } } }, '$.body.items["G10.1"].notApplicable'],
        [{ version, items: { 'G10.1': { selfScore: '2' } } }, '$.body.items["G10.1"].selfScore'],
        [{ version, items: { 'G10.1': 'full marks' } }, '$.body.items["G10.1"]'],
      ];
      for (const [body, path] of cases) {
        const reply = await save(body);
        expect(reply.status, JSON.stringify(body)).to.equal(400);
        expect(
          reply.body.errors.map((e: { path: string }) => e.path),
          JSON.stringify(body),
        ).to.include(path);
      }
      for (const body of ['[]', 'null', '"items"', '7']) expect((await save(body)).status, body).to.equal(400);
      expect((await read()).body.version).to.equal(version);
    });

    it('submit refuses unknown fields and wrong types in its body, and a malformed If-Match', async () => {
      const version = await draftVersion();
      for (const body of [{ version, state: 'submitted' }, { version: String(version) }, { version: { $eq: version } }]) {
        expect((await service.request('POST', url(LANZHOU, '/submit'), { user: city, body })).status, JSON.stringify(body)).to.equal(400);
      }
      expect((await service.request('POST', url(LANZHOU, '/submit'), { user: city, headers: { 'if-match': 'latest' } })).status).to.equal(400);
      expect((await read()).body.state).to.equal('draft');
    });

    it('hostile years and units in the path are 400 or 404 on every endpoint, never 500', async () => {
      for (const segment of HOSTILE_SEGMENTS) {
        const asYear = `/api/cycles/${segment}/submissions`;
        expectRefused(await service.request('GET', asYear, { user: examiner }), `list ${segment}`);
        expectRefused(await service.request('GET', `${asYear}/${LANZHOU}`, { user: examiner }), `read year ${segment}`);
        expectRefused(await service.request('GET', url(segment), { user: examiner }), `read unit ${segment}`);
        expectRefused(await service.request('PUT', url(segment), { user: city, body: { items: {} } }), `save ${segment}`);
        expectRefused(await service.request('POST', url(segment, '/submit'), { user: city, body: { version: 1 } }), `submit ${segment}`);
        expectRefused(await service.request('POST', url(segment, '/reopen'), { user: examiner, body: { reason: 'x' } }), `reopen ${segment}`);
      }
    });

    it('a unit outside the register, or a year without a cycle, is 404', async () => {
      expect((await read('999999', { user: examiner })).status).to.equal(404);
      expect((await reopen('不存在', { unit: '999999' })).status).to.equal(404);
      expect((await service.request('GET', '/api/cycles/2014/submissions', { user: examiner })).status).to.equal(404);
      expect((await service.request('GET', `/api/cycles/2014/submissions/${LANZHOU}`, { user: city })).status).to.equal(404);
      expect((await service.request('PUT', `/api/cycles/2014/submissions/${LANZHOU}`, { user: city, body: { items: {} } })).status).to.equal(404);
    });
  });
});
