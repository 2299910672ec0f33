import { expect } from 'chai';
import { createGansuCycle } from '../support/cycle-fixtures.js';
import { type HttpReply, type TestService, startService } from '../support/service.js';

const LANZHOU = '620100';
const NOTES = `/api/cycles/2015/units/${LANZHOU}/notes`;
const DRAFT = `/api/cycles/2015/submissions/${LANZHOU}`;
const paths = (reply: HttpReply) => (reply.body.errors ?? []).map((e: { path: string }) => e.path);
const codes = (reply: HttpReply) => (reply.body.errors ?? []).map((e: { code: string }) => e.code);

describe('the edge: one text rule, JSON paths for every refusal, authorisation before the body (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  const note = (reason: unknown, headers: Record<string, string> = {}) =>
    service.request('POST', NOTES, { user: service.users.auditor, body: JSON.stringify({ verdict: 'agree', reason }), headers });

  describe('text', () => {
    it('a lone surrogate in a note, a reopening, an evidence note or an object key is 400 text_invalid naming each string', async () => {
      const lone = await note('\ud800 抽查');
      expect(lone.status, lone.text).to.equal(400);
      expect(lone.body.code).to.equal('text_invalid');
      expect(paths(lone)).to.deep.equal(['$.body.reason']);

      const low = await note('抽查\udc00');
      expect(paths(low)).to.deep.equal(['$.body.reason']);

      const reopen = await service.request('POST', `${DRAFT}/reopen`, { user: service.users.examiner, body: { reason: 'a\ud83d' } });
      expect(reopen.status).to.equal(400);
      expect(paths(reopen)).to.deep.equal(['$.body.reason']);

      const draft = await service.request('PUT', DRAFT, { user: service.users.city, body: { items: { 'G01.1': { note: 'x\udfff' }, ['G\ud800']: {} } } });
      expect(draft.status, draft.text).to.equal(400);
      expect(paths(draft)).to.deep.equal(['$.body.items["G01.1"].note', '$.body.items["G\\ud800"]']);
      expect(codes(draft)).to.deep.equal(['text_invalid', 'text_invalid']);
      expect(await service.stores.notes.list({ year: 2015 })).to.deep.equal([]);
    });

    it('NUL and other control characters are refused in any string; tab, newline and carriage return are kept', async () => {
      for (const bad of ['a\u0000b', 'a\u0007', '\u001b[31m红', 'a\u007f', 'a\u0085']) {
        const reply = await note(bad);
        expect(reply.status, JSON.stringify(bad)).to.equal(400);
        expect(paths(reply)).to.deep.equal(['$.body.reason']);
      }
      const kept = await note('第一行\r\n第二行\t（制表）');
      expect(kept.status, kept.text).to.equal(201);
      expect(kept.body.reason).to.equal('第一行\r\n第二行\t（制表）');
    });

    it('what is accepted is stored exactly as sent: U+FFFD, U+202E, combining marks, 4-byte emoji; audit verify passes', async () => {
      const reason = '替换符\ufffd 反向\u202eabc 组合e\u0301\u0301 表情😀👍🏽 汉字𠀀';
      const reply = await note(reason);
      expect(reply.status, reply.text).to.equal(201);
      expect(reply.body.reason).to.equal(reason);
      const stored = (await service.stores.notes.list({ year: 2015 })).find((n) => n.id === reply.body.id);
      expect(stored?.reason).to.equal(reason);
      const listed = await service.request('GET', '/api/cycles/2015/notes', { user: service.users.auditor });
      expect(listed.body.find((n: { id: string }) => n.id === reply.body.id).reason).to.equal(reason);
      const draft = await service.request('PUT', DRAFT, { user: service.users.city, body: { items: { 'G10.1': { note: reason } } } });
      expect(draft.status, draft.text).to.equal(200);
      expect(draft.body.items['G10.1'].note).to.equal(reason);
      const verified = await service.services.audit.verify();
      expect(verified.ok, JSON.stringify(verified)).to.equal(true);
    });

    it('lengths count characters, not UTF-16 units: 2,000 emoji are a 2,000-character reason', async () => {
      expect((await note('😀'.repeat(2000))).status).to.equal(201);
      const over = await note('😀'.repeat(2001));
      expect(over.status).to.equal(400);
      expect(paths(over)).to.deep.equal(['$.body.reason']);
      expect(over.body.errors[0].message).to.include('2000');
    });

    it('a query value or a path parameter with a control character is refused naming it', async () => {
      const query = await service.request('GET', '/api/audit/events?actor=a%00b', { user: service.users.auditor });
      expect(query.status).to.equal(400);
      expect(paths(query)).to.deep.equal(['$.query.actor']);
      const param = await service.request('GET', '/api/cycles/2015/submissions/62%0010', { user: service.users.examiner });
      expect(param.status).to.equal(400);
      expect(paths(param)).to.deep.equal(['$.params.unit']);
    });
  });

  describe('encoding, numbers and JSON', () => {
    it('bad percent-encoding in the path is 400 naming the path, not 500', async () => {
      const reply = await service.request('GET', '/api/cycles/%E0%A4%A/submissions', { user: service.users.examiner });
      expect(reply.status, reply.text).to.equal(400);
      expect(reply.body.code).to.equal('encoding_invalid');
      expect(paths(reply)).to.deep.equal(['$.path']);
      const outside = await service.request('GET', '/%ZZ');
      expect(outside.status).to.equal(400);
    });

    it('bad percent-encoding or a repeated name in the query is 400 naming the parameter', async () => {
      const bad = await service.request('GET', '/api/audit/events?actor=%E0%A4%A', { user: service.users.auditor });
      expect(bad.status).to.equal(400);
      expect(paths(bad)).to.deep.equal(['$.query.actor']);
      const twice = await service.request('GET', '/api/audit/events?limit=1&limit=2', { user: service.users.auditor });
      expect(twice.status).to.equal(400);
      expect(paths(twice)).to.deep.equal(['$.query.limit']);
      expect(codes(twice)).to.deep.equal(['query_duplicate']);
    });

    it('1e999 anywhere in a body is 400 naming the number, never 500', async () => {
      const cycle = await service.request('POST', '/api/cycles', { user: service.users.examiner, body: '{"year": 1e999, "rubric": "x", "deadline": "y"}' });
      expect(cycle.status, cycle.text).to.equal(400);
      expect(cycle.body.code).to.equal('number_invalid');
      expect(paths(cycle)).to.deep.equal(['$.body.year']);
      const nested = await service.request('PUT', DRAFT, { user: service.users.city, body: '{"items":{"G10.1":{"values":{"supervisionCoverage":-1e999}}}}' });
      expect(nested.status).to.equal(400);
      expect(paths(nested)).to.deep.equal(['$.body.items["G10.1"].values.supervisionCoverage']);
      const noBody = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner, body: '{"x":[1e999]}' });
      expect(noBody.status).to.equal(400);
      expect(paths(noBody)).to.deep.equal(['$.body.x[0]']);
    });

    it('invalid JSON is 400 at $.body with the line and column; nesting past 160 levels is refused', async () => {
      const broken = await service.request('POST', '/api/session', { body: '{\n  "username": "a",\n  "password": }' });
      expect(broken.status).to.equal(400);
      expect(broken.body.code).to.equal('json_invalid');
      expect(paths(broken)).to.deep.equal(['$.body']);
      expect(broken.body.message).to.include('第 3 行第 15 列');
      const cut = await service.request('POST', '/api/session', { body: '{"username": "a"' });
      expect(cut.body.message).to.include('末尾');
      const deep = await service.request('POST', '/api/session', { body: `${'['.repeat(5000)}${']'.repeat(5000)}` });
      expect(deep.status).to.equal(400);
      expect(codes(deep)).to.deep.equal(['json_too_deep']);
      const latin1 = await service.request('POST', '/api/session', {
        raw: Buffer.from('{"username":"\xe9"}', 'latin1'),
        headers: { 'content-type': 'application/json' },
      });
      expect(latin1.status).to.equal(400);
      expect(codes(latin1)).to.deep.equal(['text_invalid']);
    });

    it('a bad If-Match names the header; If-Match and a body version that disagree are refused naming both', async () => {
      const bad = await service.request('PUT', DRAFT, { user: service.users.city, body: { items: {} }, headers: { 'if-match': 'three' } });
      expect(bad.status).to.equal(400);
      expect(paths(bad)).to.deep.equal(['$.headers["if-match"]']);
      const saved = await service.request('GET', DRAFT, { user: service.users.city });
      const v = saved.body.version as number;
      const disagree = await service.request('PUT', DRAFT, {
        user: service.users.city,
        body: { version: v + 5, items: {} },
        headers: { 'if-match': `"${v}"` },
      });
      expect(disagree.status, disagree.text).to.equal(400);
      expect(paths(disagree)).to.deep.equal(['$.headers["if-match"]', '$.body.version']);
      expect((await service.request('GET', DRAFT, { user: service.users.city })).body.version).to.equal(v);
      const agree = await service.request('PUT', DRAFT, { user: service.users.city, body: { version: v, items: {} }, headers: { 'if-match': `"${v}"` } });
      expect(agree.status, agree.text).to.equal(200);
    });

    it('a bad Idempotency-Key names the header', async () => {
      const reply = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner, headers: { 'idempotency-key': 'a b' } });
      expect(reply.status).to.equal(400);
      expect(paths(reply)).to.deep.equal(['$.headers["idempotency-key"]']);
    });
  });

  describe('not found and the order of checks', () => {
    it('paths outside /api and unknown /api paths answer a JSON 404', async () => {
      for (const path of ['/', '/index.html', '/app/x?y=1', '/api/nope']) {
        const reply = await service.request('GET', path);
        expect(reply.status, path).to.equal(404);
        expect(reply.headers.get('content-type'), path).to.match(/^application\/json/);
        expect(reply.body.code).to.equal('not_found');
        expect(reply.body.message).to.be.a('string');
      }
    });

    it('a write is authorised before its body is read: no token is 401 and another unit is 403, whatever the body holds', async () => {
      const anonymous = await service.request('PUT', DRAFT, { body: '{"items": 1e999, broken' });
      expect(anonymous.status).to.equal(401);
      const other = await service.request('PUT', DRAFT, { user: service.users.otherCity, body: '{"items": 1e999, broken' });
      expect(other.status).to.equal(403);
      const auditor = await service.request('POST', '/api/cycles', { user: service.users.auditor, body: '{"year": 1e999' });
      expect(auditor.status).to.equal(403);
    });
  });
});
