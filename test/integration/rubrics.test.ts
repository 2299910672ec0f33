import { expect } from 'chai';
import { contentHash } from '../../src/core/index.js';
import { CALLERS, GANSU_HASH, NATIONAL_HASH, auditActions, expectRefused, HOSTILE_SEGMENTS, nationalRubric, userOf } from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';

/** A valid rubric that no service has yet: the national example under another version. */
function draftRubric(version: string): Record<string, unknown> {
  return { ...nationalRubric(), version };
}

describe('rubrics: list, draft, read, publish (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  describe('happy path', () => {
    it('GET /api/rubrics lists the rubrics loaded on first start, published', async () => {
      const reply = await service.request('GET', '/api/rubrics', { user: service.users.city });
      expect(reply.status).to.equal(200);
      const hashes = reply.body.map((r: { hash: string }) => r.hash);
      expect(hashes).to.include.members([GANSU_HASH, NATIONAL_HASH]);
      const gansu = reply.body.find((r: { hash: string }) => r.hash === GANSU_HASH);
      expect(gansu).to.include({ rubricId: 'gansu-2015', rubricVersion: '1.0.0', year: 2015, status: 'published', version: 1 });
      expect(gansu).to.have.keys(
        'hash',
        'rubricId',
        'rubricVersion',
        'year',
        'title',
        'status',
        'createdAt',
        'createdBy',
        'publishedAt',
        'publishedBy',
        'version',
      );
    });

    it('POST /api/rubrics stores a linted draft under its content hash, audited; publishing makes it immutable', async () => {
      const doc = draftRubric('2.0.0');
      const created = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({
        hash: contentHash(doc),
        status: 'draft',
        version: 1,
        rubricId: 'national-example',
        rubricVersion: '2.0.0',
        createdBy: 'examiner',
      });
      expect(created.body.document).to.deep.equal(doc);
      expect(created.headers.get('etag')).to.equal('"1"');

      const hex = created.body.hash.replace('sha256:', '');
      const read = await service.request('GET', `/api/rubrics/${hex}`, { user: service.users.auditor });
      expect(read.status).to.equal(200);
      expect(read.body.document).to.deep.equal(doc);
      expect(read.headers.get('etag')).to.equal('"1"');

      const published = await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, {
        user: service.users.examiner,
        headers: { 'if-match': '"1"' },
      });
      expect(published.status, published.text).to.equal(200);
      expect(published.body).to.include({ status: 'published', version: 2, publishedAt: '2016-01-15T09:00:00.000Z', publishedBy: 'examiner' });
      expect(published.headers.get('etag')).to.equal('"2"');

      const again = await service.request('POST', `/api/rubrics/${hex}/publish`, { user: service.users.examiner, body: { version: 2 } });
      expect(again.status).to.equal(409);
      expect(again.body.code).to.equal('conflict');

      const events = (await service.stores.audit.all()).filter((e) => e.subject === `rubric:${created.body.hash}`);
      expect(events.map((e) => e.action)).to.deep.equal(['rubric.create', 'rubric.publish']);
      expect(events[1]?.beforeHash).to.not.equal(events[1]?.afterHash);
    });

    it('the id reads with or without the sha256: prefix, in either case', async () => {
      for (const id of [GANSU_HASH, GANSU_HASH.slice('sha256:'.length), GANSU_HASH.toUpperCase()]) {
        const reply = await service.request('GET', `/api/rubrics/${id}`, { user: service.users.city });
        expect(reply.status, id).to.equal(200);
        expect(reply.body.hash).to.equal(GANSU_HASH);
      }
    });

    it('publish takes the version from the body as well as from If-Match', async () => {
      const created = await service.request('POST', '/api/rubrics', { user: service.users.admin, body: draftRubric('2.1.0') });
      expect(created.status).to.equal(201);
      const published = await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, { user: service.users.admin, body: { version: 1 } });
      expect(published.status, published.text).to.equal(200);
      expect(published.body.publishedBy).to.equal('admin');
    });
  });

  describe('conflicts and versions', () => {
    it('a second identical draft is 409, and so is posting a rubric that is already published', async () => {
      const doc = draftRubric('3.0.0');
      expect((await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc })).status).to.equal(201);
      const twice = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(twice.status).to.equal(409);
      expect(twice.body.code).to.equal('conflict');
      const gansu = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: nationalRubric() });
      expect(gansu.status).to.equal(409);
    });

    it('publish without a version is 428; with a stale one 409; neither changes the draft', async () => {
      const created = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric('4.0.0') });
      const url = `/api/rubrics/${created.body.hash}/publish`;
      const missing = await service.request('POST', url, { user: service.users.examiner });
      expect(missing.status).to.equal(428);
      expect(missing.body.code).to.equal('version_required');
      const staleHeader = await service.request('POST', url, { user: service.users.examiner, headers: { 'if-match': '"7"' } });
      expect(staleHeader.status).to.equal(409);
      expect(staleHeader.body.code).to.equal('stale');
      const staleBody = await service.request('POST', url, { user: service.users.examiner, body: { version: 0 } });
      expect(staleBody.status).to.equal(409);
      const read = await service.request('GET', `/api/rubrics/${created.body.hash}`, { user: service.users.examiner });
      expect(read.body).to.include({ status: 'draft', version: 1 });
    });

    it('two publications at once: one succeeds, the other is 409, and one event is logged', async () => {
      const created = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric('4.5.0') });
      const url = `/api/rubrics/${created.body.hash}/publish`;
      const replies = await Promise.all(
        [service.users.examiner, service.users.admin].map((user) => service.request('POST', url, { user, body: { version: 1 } })),
      );
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect((await auditActions(service, 'rubric.publish')).filter((e) => e.subject === `rubric:${created.body.hash}`)).to.have.length(1);
    });

    it('a second, different text under an id and version already published cannot be published', async () => {
      const doc = { ...draftRubric('5.0.0'), title: '另一份文本' };
      const first = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric('5.0.0') });
      const second = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect([first.status, second.status]).to.deep.equal([201, 201]);
      expect(
        (await service.request('POST', `/api/rubrics/${first.body.hash}/publish`, { user: service.users.examiner, body: { version: 1 } })).status,
      ).to.equal(200);
      const clash = await service.request('POST', `/api/rubrics/${second.body.hash}/publish`, { user: service.users.examiner, body: { version: 1 } });
      expect(clash.status).to.equal(409);
      expect(clash.body.message).to.include('5.0.0');
    });

    it('a retried POST with the same Idempotency-Key creates one draft and answers the same', async () => {
      const doc = draftRubric('6.0.0');
      const headers = { 'idempotency-key': 'rubric-6' };
      const first = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc, headers });
      const retry = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc, headers });
      expect([first.status, retry.status]).to.deep.equal([201, 201]);
      expect(retry.body).to.deep.equal(first.body);
      expect((await auditActions(service, 'rubric.create')).filter((e) => e.subject === `rubric:${first.body.hash}`)).to.have.length(1);
      const other = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric('6.0.1'), headers });
      expect(other.status).to.equal(422);
    });
  });

  describe('the access table', () => {
    const expected: Record<string, Record<string, number>> = {
      list: { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 200, anonymous: 401 },
      read: { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 200, anonymous: 401 },
      create: { examiner: 201, admin: 201, auditor: 403, city: 403, otherCity: 403, anonymous: 401 },
      publish: { examiner: 200, admin: 200, auditor: 403, city: 403, otherCity: 403, anonymous: 401 },
    };

    for (const caller of CALLERS) {
      it(`${caller}: list ${expected.list?.[caller]}, read ${expected.read?.[caller]}, create ${expected.create?.[caller]}, publish ${expected.publish?.[caller]}`, async () => {
        const user = userOf(service, caller);
        expect((await service.request('GET', '/api/rubrics', { user })).status).to.equal(expected.list?.[caller]);
        expect((await service.request('GET', `/api/rubrics/${GANSU_HASH}`, { user })).status).to.equal(expected.read?.[caller]);
        const n = CALLERS.indexOf(caller);
        const doc = draftRubric(`7.${n}.0`);
        const create = await service.request('POST', '/api/rubrics', { user, body: doc });
        expect(create.status, create.text).to.equal(expected.create?.[caller]);
        // Every caller tries to publish a draft the examiner made for it.
        const draft = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric(`8.${n}.0`) });
        const publish = await service.request('POST', `/api/rubrics/${draft.body.hash}/publish`, { user, body: { version: 1 } });
        expect(publish.status, publish.text).to.equal(expected.publish?.[caller]);
        if (publish.status !== 200) {
          const read = await service.request('GET', `/api/rubrics/${draft.body.hash}`, { user: service.users.examiner });
          expect(read.body.status).to.equal('draft');
        }
      });
    }
  });

  describe('bad input', () => {
    it('lint problems come back as 400 with each path inside the body, and nothing is stored', async () => {
      const doc = nationalRubric() as { version: string; total: number; sections: { points: number }[] };
      doc.version = '9.0.0';
      doc.total = 99;
      const reply = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(reply.status).to.equal(400);
      expect(reply.body.code).to.equal('invalid');
      expect(reply.body.errors.length).to.be.greaterThan(0);
      for (const e of reply.body.errors) {
        expect(e).to.have.keys('path', 'code', 'message');
        expect(e.path).to.match(/^\$\.body/);
      }
      expect(await service.stores.rubrics.get(contentHash(doc))).to.equal(null);
    });

    it('a rule that can leave its range is a lint problem naming the rule', async () => {
      const doc = nationalRubric() as { version: string; sections: { indicators: { checkpoints: { rule: unknown }[] }[] }[] };
      doc.version = '9.1.0';
      const checkpoint = doc.sections[0]?.indicators[0]?.checkpoints[0];
      if (checkpoint) checkpoint.rule = 11;
      const reply = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path).join(' ')).to.include('$.body.sections[0].indicators[0].checkpoints[0]');
    });

    it('a rule whose worst case is over the step budget is refused at its path, and /api/health keeps answering meanwhile', async () => {
      // Four nested reduces over 60-element literal arrays: 13 million body runs if it were ever run.
      const sixty = Array.from({ length: 60 }, (_, i) => i);
      let rule: unknown = { reduce: [sixty, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
      for (let k = 0; k < 3; k++) rule = { reduce: [sixty, { '+': [{ var: 'accumulator' }, rule] }, 0] };
      const doc = nationalRubric() as { version: string; sections: { indicators: { checkpoints: { rule: unknown }[] }[] }[] };
      doc.version = '9.2.0';
      (doc.sections[0]?.indicators[0]?.checkpoints[1] as { rule: unknown }).rule = rule;

      const posting = service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      let settled = false;
      void posting.finally(() => (settled = true));
      const healthTimes: number[] = [];
      do {
        const started = performance.now();
        const health = await service.request('GET', '/api/health');
        healthTimes.push(performance.now() - started);
        expect(health.status).to.equal(200);
      } while (!settled);
      const reply = await posting;
      expect(reply.status, reply.text).to.equal(400);
      const costly = reply.body.errors.find((e: { code: string }) => e.code === 'logic_too_costly');
      expect(costly?.path).to.equal('$.body.sections[0].indicators[0].checkpoints[1].rule');
      expect(costly?.message).to.include('10,000');
      expect(Math.max(...healthTimes), healthTimes.join(', ')).to.be.below(200);
      expect(await service.stores.rubrics.get(contentHash(doc))).to.equal(null);
    });

    it('a rule 800 levels deep is refused at its path as too deep, never a stack overflow', async () => {
      const doc = nationalRubric() as { version: string; sections: { indicators: { checkpoints: { rule: unknown }[] }[] }[] };
      doc.version = '9.3.0';
      let rule: unknown = true;
      for (let i = 0; i < 800; i++) rule = { '!': rule };
      (doc.sections[0]?.indicators[0]?.checkpoints[0] as { rule: unknown }).rule = rule;
      const reply = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(reply.status, reply.text).to.equal(400);
      // Refused for its depth at the rule (by the request's checks or the rubric's), with a short answer.
      const rulePath = '$.body.sections[0].indicators[0].checkpoints[0].rule';
      const deep = reply.body.errors.find((e: { code: string }) => /too_deep/.test(e.code));
      expect(deep?.path.startsWith(rulePath), JSON.stringify(deep)).to.equal(true);
      expect(reply.text).to.not.include('RangeError');
      expect(reply.text.length).to.be.below(4000); // far less than the 5 KB rule: nothing echoes it
    });

    it('malformed JSON, non-objects, unknown fields, operators and dotted keys are 400s', async () => {
      const examiner = service.users.examiner;
      const broken = await service.request('POST', '/api/rubrics', { user: examiner, body: '{"kaohe": "rubric/v1",' });
      expect(broken.status).to.equal(400);
      expect(broken.body.code).to.equal('json_invalid');
      for (const body of ['[]', '"text"', '42', 'null', '{}']) {
        const reply = await service.request('POST', '/api/rubrics', { user: examiner, body });
        expect(reply.status, body).to.equal(400);
      }
      const variants: Record<string, unknown>[] = [
        { ...draftRubric('9.2.0'), extra: true },
        { ...draftRubric('9.2.1'), $where: 'sleep(1000)' },
        { ...draftRubric('9.2.2'), 'sections.0.points': 100 },
        { ...draftRubric('9.2.3'), year: { $gt: 2000 } },
        { ...draftRubric('9.2.4'), id: { $ne: null } },
        { ...draftRubric('9.2.5'), total: '100' },
      ];
      for (const body of variants) {
        const reply = await service.request('POST', '/api/rubrics', { user: examiner, body });
        expect(reply.status, JSON.stringify(body).slice(-60)).to.equal(400);
        expect(reply.body.errors[0].path).to.match(/^\$\.body/);
      }
      const proto = await service.request('POST', '/api/rubrics', {
        user: examiner,
        body: `{"__proto__": {"x": 1}, ${JSON.stringify(draftRubric('9.3.0')).slice(1)}`,
      });
      expect(proto.status).to.equal(400);
    });

    it('hostile ids are 400 or 404, never 500, on read and publish', async () => {
      for (const segment of [...HOSTILE_SEGMENTS, 'sha256:', `sha256:${'g'.repeat(64)}`, `md5:${'a'.repeat(64)}`]) {
        expectRefused(await service.request('GET', `/api/rubrics/${segment}`, { user: service.users.examiner }), `GET ${segment}`);
        expectRefused(
          await service.request('POST', `/api/rubrics/${segment}/publish`, { user: service.users.examiner, body: { version: 1 } }),
          `publish ${segment}`,
        );
      }
      const unknown = await service.request('GET', `/api/rubrics/${'a'.repeat(64)}`, { user: service.users.examiner });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.code).to.equal('not_found');
    });

    it('publish refuses unknown fields, wrong types and operators in its body, and a malformed If-Match', async () => {
      const created = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: draftRubric('9.4.0') });
      const url = `/api/rubrics/${created.body.hash}/publish`;
      for (const body of [
        { version: 1, status: 'published' },
        { version: '1' },
        { version: { $gt: 0 } },
        { version: -1 },
        { version: 1.5 },
        { 'version.x': 1 },
      ]) {
        const reply = await service.request('POST', url, { user: service.users.examiner, body });
        expect(reply.status, JSON.stringify(body)).to.equal(400);
      }
      const header = await service.request('POST', url, { user: service.users.examiner, headers: { 'if-match': '{"$gt":0}' } });
      expect(header.status).to.equal(400);
      expect((await service.request('GET', `/api/rubrics/${created.body.hash}`, { user: service.users.examiner })).body.status).to.equal('draft');
    });
  });

  it('GET /api/openapi.json describes the rubric routes with their schemas', async () => {
    const reply = await service.request('GET', '/api/openapi.json');
    expect(Object.keys(reply.body.paths)).to.include.members(['/api/rubrics', '/api/rubrics/{id}', '/api/rubrics/{id}/publish']);
    expect(reply.body.paths['/api/rubrics/{id}/publish'].post['x-kaohe-roles']).to.deep.equal(['examiner', 'admin']);
  });
});
