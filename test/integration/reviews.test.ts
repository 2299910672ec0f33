import { expect } from 'chai';
import { recordHash } from '../../src/records/index.js';
import type { TestService } from '../support/service.js';
import { CALLERS, type Caller, YEAR, as, openCycle, startServiceWithDatabase } from './review-run-support.js';

const path = (unit: string, year: number | string = YEAR) => `/api/cycles/${year}/reviews/${unit}`;

const REVIEW = {
  items: {
    'G04.2': { values: { uninvestigatedAds: 2 }, finding: '抽查广告监测记录，2条违法广告未立案查处。' },
    'G08.1': { values: { emergingJudgement: '不充分' } },
    'G12.1': { values: { newPlatforms: 2 }, adjustment: { score: 2.5, justification: '1个平台为上年度认定，按新建2个计。' } },
    GV1: { values: { systemicIncident: false } },
  },
};

describe('reviews: PUT/GET /api/cycles/:cycle/reviews/:unit (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await openCycle(service);
  });
  after(async () => {
    await service.close();
  });

  describe('saving and versions', () => {
    it('the first save needs no version: 201, version 1, ETag "1"; adjustments name the examiner', async () => {
      const reply = await service.request('PUT', path('620300'), { user: service.users.examiner, body: REVIEW });
      expect(reply.status, reply.text).to.equal(201);
      expect(reply.headers.get('etag')).to.equal('"1"');
      expect(reply.body).to.include({ year: YEAR, unit: '620300', version: 1, updatedBy: 'examiner' });
      expect(reply.body.items['G12.1'].adjustment).to.deep.equal({ score: 2.5, justification: '1个平台为上年度认定，按新建2个计。', by: 'examiner' });
      const read = await service.request('GET', path('620300'), { user: service.users.auditor });
      expect(read.status).to.equal(200);
      expect(read.body).to.deep.equal(reply.body);
      expect(read.headers.get('etag')).to.equal('"1"');
    });

    it('a later save without a version is 428; with a stale one 409; with the current one (If-Match or body) it goes through', async () => {
      const missing = await service.request('PUT', path('620300'), { user: service.users.examiner, body: REVIEW });
      expect(missing.status).to.equal(428);
      expect(missing.body.code).to.equal('version_required');
      const staleHeader = await service.request('PUT', path('620300'), { user: service.users.examiner, body: REVIEW, headers: { 'if-match': '"0"' } });
      expect(staleHeader.status).to.equal(409);
      expect(staleHeader.body.code).to.equal('stale');
      const byHeader = await service.request('PUT', path('620300'), { user: service.users.examiner, body: REVIEW, headers: { 'if-match': '"1"' } });
      expect(byHeader.status, byHeader.text).to.equal(200);
      expect(byHeader.body.version).to.equal(2);
      const staleBody = await service.request('PUT', path('620300'), { user: service.users.examiner, body: { ...REVIEW, version: 1 } });
      expect(staleBody.status).to.equal(409);
      const byBody = await service.request('PUT', path('620300'), { user: service.users.examiner, body: { ...REVIEW, version: 2 } });
      expect(byBody.status, byBody.text).to.equal(200);
      expect(byBody.body.version).to.equal(3);
    });

    it('a first save naming a version that does not exist is stale, not a silent create', async () => {
      const reply = await service.request('PUT', path('620400'), { user: service.users.examiner, body: { ...REVIEW, version: 4 } });
      expect(reply.status).to.equal(409);
      expect((await service.request('GET', path('620400'), { user: service.users.examiner })).status).to.equal(404);
    });

    it('two examiners saving from the same version: one wins, the other gets 409 and nothing is lost', async () => {
      await service.request('PUT', path('620500'), { user: service.users.examiner, body: REVIEW });
      const one = { items: { 'G08.1': { values: { emergingJudgement: '体现充分' } } }, version: 1 };
      const two = { items: { 'G08.1': { values: { emergingJudgement: '无' } } }, version: 1 };
      const replies = await Promise.all([
        service.request('PUT', path('620500'), { user: service.users.examiner, body: one }),
        service.request('PUT', path('620500'), { user: service.users.admin, body: two }),
      ]);
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      const winner = replies.find((r) => r.status === 200);
      const read = await service.request('GET', path('620500'), { user: service.users.examiner });
      expect(read.body.items).to.deep.equal(winner?.body.items);
      expect(read.body.version).to.equal(2);
    });

    it('re-saving an adjustment unchanged keeps its author; changing it names the new examiner', async () => {
      const first = await service.request('PUT', path('620600'), { user: service.users.examiner, body: REVIEW });
      const same = await service.request('PUT', path('620600'), { user: service.users.admin, body: { ...REVIEW, version: first.body.version } });
      expect(same.body.items['G12.1'].adjustment.by).to.equal('examiner');
      expect(same.body.updatedBy).to.equal('admin');
      const changed = {
        items: { ...REVIEW.items, 'G12.1': { adjustment: { score: 3, justification: '复核后认定3个平台均为本年度新建。' } } },
        version: same.body.version,
      };
      const after = await service.request('PUT', path('620600'), { user: service.users.admin, body: changed });
      expect(after.body.items['G12.1'].adjustment.by).to.equal('admin');
    });

    it('every save appends review.save to the audit chain with the record hashes before and after', async () => {
      const events = await service.stores.audit.read({ unitCode: '620300' });
      const saves = events.filter((e) => e.action === 'review.save');
      expect(saves).to.have.length(3);
      expect(saves[0]?.beforeHash).to.equal('');
      expect(saves[1]?.beforeHash).to.equal(saves[0]?.afterHash);
      const stored = await service.stores.reviews.get({ year: YEAR }, '620300');
      expect(saves[2]?.afterHash).to.equal(recordHash(stored));
      expect(saves[2]).to.include({ actor: 'examiner', subject: 'review:2015/620300', year: YEAR });
    });
  });

  describe('checked against the rubric (400 with the JSON path of each problem; nothing written)', () => {
    const cases: [string, unknown, string][] = [
      ['a value of the wrong type', { 'G04.2': { values: { uninvestigatedAds: 'two' } } }, '$.body.items["G04.2"].values.uninvestigatedAds'],
      ['a value out of range', { 'G04.2': { values: { uninvestigatedAds: 101 } } }, '$.body.items["G04.2"].values.uninvestigatedAds'],
      ['a choice that is not offered', { 'G08.1': { values: { emergingJudgement: '很好' } } }, '$.body.items["G08.1"].values.emergingJudgement'],
      [
        'a discretionary deduction outside 0.5–3.5',
        { 'G24.2': { values: { discretionaryDeduction: 4 } } },
        '$.body.items["G24.2"].values.discretionaryDeduction',
      ],
      ['a field the item does not have', { 'G08.1': { values: { mood: 1 } } }, '$.body.items["G08.1"].values.mood'],
      ['an item code the rubric does not have', { 'G99.9': { finding: '无' } }, '$.body.items["G99.9"]'],
      ['an adjustment above the cap', { 'G01.1': { adjustment: { score: 1.6, justification: '超出上限' } } }, '$.body.items["G01.1"].adjustment.score'],
      [
        'an adjustment finer than the rubric precision',
        { 'G01.1': { adjustment: { score: 1.125, justification: '精度' } } },
        '$.body.items["G01.1"].adjustment.score',
      ],
      ['a negative adjustment', { 'G01.1': { adjustment: { score: -0.5, justification: '负数' } } }, '$.body.items["G01.1"].adjustment.score'],
      ['an adjustment of a veto', { GV1: { adjustment: { score: 0, justification: '否决' } } }, '$.body.items.GV1.adjustment'],
      ['an adjustment without justification', { 'G01.1': { adjustment: { score: 1 } } }, '$.body.items["G01.1"].adjustment.justification'],
      [
        'an adjustment with a blank justification',
        { 'G01.1': { adjustment: { score: 1, justification: '   ' } } },
        '$.body.items["G01.1"].adjustment.justification',
      ],
      ['an empty finding', { 'G01.1': { finding: '' } }, '$.body.items["G01.1"].finding'],
    ];
    for (const [what, items, where] of cases) {
      it(`${what} → 400 at ${where}`, async () => {
        const reply = await service.request('PUT', path('620700'), { user: service.users.examiner, body: { items } });
        expect(reply.status, reply.text).to.equal(400);
        expect(reply.body.errors.map((e: { path: string }) => e.path)).to.include(where);
      });
    }

    it('an adjustment up to a cap above the nominal points is accepted (G12.1: 2.5 points, cap 3)', async () => {
      const reply = await service.request('PUT', path('620700'), {
        user: service.users.examiner,
        body: { items: { 'G12.1': { adjustment: { score: 3, justification: '上限3分' } } } },
      });
      expect(reply.status, reply.text).to.equal(201);
    });

    it('a refused save leaves the stored review as it was', async () => {
      const before = await service.request('GET', path('620700'), { user: service.users.examiner });
      const bad = await service.request('PUT', path('620700'), {
        user: service.users.examiner,
        body: { items: { 'G01.1': { adjustment: { score: 9, justification: 'x' } } }, version: 1 },
      });
      expect(bad.status).to.equal(400);
      const after = await service.request('GET', path('620700'), { user: service.users.examiner });
      expect(after.body).to.deep.equal(before.body);
    });
  });

  describe('bad input is a 400 (never a 500), and MongoDB operators are never read as such', () => {
    const put = (body: unknown, unit = '620800', headers: Record<string, string> = {}) =>
      service.request('PUT', path(unit), { user: service.users.examiner, body, headers });
    const bodies: [string, unknown][] = [
      ['malformed JSON', '{"items": {'],
      ['a JSON array', '[]'],
      ['a JSON string', '"items"'],
      ['no items', {}],
      ['an unknown top-level field', { items: {}, status: 'final' }],
      ['an unknown field in an item', { items: { 'G01.1': { score: 1 } } }],
      ['an unknown field in an adjustment', { items: { 'G01.1': { adjustment: { score: 1, justification: 'x', by: 'someone' } } } }],
      ['items as an array', { items: [] }],
      ['values as a string', { items: { 'G01.1': { values: 'x' } } }],
      ['a version that is not a number', { items: {}, version: '1' }],
      ['a negative version', { items: {}, version: -1 }],
      ['an operator as a value', { items: { 'G04.2': { values: { uninvestigatedAds: { $gt: '' } } } } }],
      ['an operator as an item code', { items: { $where: { finding: 'x' } } }],
      ['an operator as a field key', { items: { 'G04.2': { values: { $gt: 1 } } } }],
      ['a dotted field key', { items: { 'G04.2': { values: { 'a.b': 1 } } } }],
      ['a dotted item code with an operator', { items: { 'a.$b': { finding: 'x' } } }],
      ['__proto__ as an item code', '{"items": {"__proto__": {"finding": "x"}}}'],
      ['__proto__ as a field key', '{"items": {"G04.2": {"values": {"__proto__": 1}}}}'],
      ['an operator as the justification', { items: { 'G01.1': { adjustment: { score: 1, justification: { $ne: null } } } } }],
    ];
    for (const [what, body] of bodies) {
      it(`${what} → 400`, async () => {
        const reply = await put(body);
        expect(reply.status, reply.text).to.equal(400);
        expect(reply.body.code).to.be.oneOf(['invalid', 'json_invalid']);
        expect(reply.body.message).to.be.a('string');
      });
    }

    it('nothing was written by any of them', async () => {
      expect(await service.stores.reviews.get({ year: YEAR }, '620800')).to.equal(null);
    });

    it('a malformed If-Match is a 400', async () => {
      expect((await put({ items: {} }, '620800', { 'if-match': 'yesterday' })).status).to.equal(400);
    });

    it('bad path parameters are 400; an unknown unit or a year without a cycle is 404', async () => {
      const body = { items: {} };
      const user = service.users.examiner;
      expect((await service.request('PUT', path('62010x'), { user, body })).status).to.equal(400);
      expect((await service.request('PUT', path('620100', 'MMXV'), { user, body })).status).to.equal(400);
      expect((await service.request('GET', path('6201000'), { user })).status).to.equal(400);
      expect((await service.request('PUT', path('999999'), { user, body })).status).to.equal(404);
      expect((await service.request('PUT', path('620100', 2016), { user, body })).status).to.equal(404);
      expect((await service.request('GET', path('620100', 2016), { user })).status).to.equal(404);
      expect((await service.request('GET', path('621000'), { user })).status).to.equal(404);
    });

    it('query parameters are refused, not ignored (the routes take none)', async () => {
      const get = await service.request('GET', `${path('620300')}?unit[$ne]=x`, { user: service.users.examiner });
      expect(get.status, get.text).to.equal(400);
      expect(get.body.errors[0].path).to.equal('$.query');
      const put = await service.request('PUT', `${path('620800')}?force=1`, { user: service.users.examiner, body: { items: {} } });
      expect(put.status, put.text).to.equal(400);
    });
  });

  describe('the access table', () => {
    const writers: Record<Caller, number> = { examiner: 201, admin: 201, auditor: 403, city: 403, otherCity: 403, anonymous: 401 };
    const readers: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    const units: Record<Caller, string> = { examiner: '620900', admin: '621000', auditor: '621100', city: '620100', otherCity: '620100', anonymous: '621200' };

    for (const caller of CALLERS) {
      it(`PUT by ${caller} → ${writers[caller]}`, async () => {
        const reply = await service.request('PUT', path(units[caller]), { ...as(service, caller), body: REVIEW });
        expect(reply.status, reply.text).to.equal(writers[caller]);
        if (writers[caller] !== 201) expect(await service.stores.reviews.get({ year: YEAR }, units[caller])).to.equal(null);
      });
    }

    it('a city may not write even its own unit’s review', async () => {
      const reply = await service.request('PUT', path('620100'), { user: service.users.city, body: REVIEW });
      expect(reply.status).to.equal(403);
      expect(reply.body.code).to.equal('forbidden');
    });

    for (const caller of CALLERS) {
      it(`GET by ${caller} → ${readers[caller]}`, async () => {
        const reply = await service.request('GET', path('620300'), as(service, caller));
        expect(reply.status, reply.text).to.equal(readers[caller]);
      });
    }

    it('a city gets 403 for its own unit’s review too', async () => {
      await service.request('PUT', path('620100'), { user: service.users.examiner, body: REVIEW });
      const reply = await service.request('GET', path('620100'), { user: service.users.city });
      expect(reply.status).to.equal(403);
    });
  });
});
