import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { CALLERS, type Caller, HOSTILE_SEGMENTS, auditActions, createGansuCycle, expectRefused, userOf } from '../support/cycle-fixtures.js';
import { type HttpReply, MAX_UPLOAD_BYTES, type TestService, type TestUser, startService } from '../support/service.js';

const LANZHOU = '620100';
const JIAYUGUAN = '620200';
const REPORT_NAME = '兰州市2015年质量工作报告（终稿）.pdf';
const url = (unit = LANZHOU, tail = '') => `/api/cycles/2015/submissions/${unit}/materials${tail}`;
const bytes = (text: string) => new TextEncoder().encode(text);
const hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

interface UploadOptions {
  user?: TestUser;
  unit?: string;
  name?: string | null;
  type?: string | null;
  item?: string;
  headers?: Record<string, string>;
}

describe('materials: upload to a draft, download by those who may read (real FerretDB, real HTTP)', () => {
  let service: TestService;
  let city: TestUser;
  before(async () => {
    service = await startService();
    city = service.users.city;
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  function upload(data: Uint8Array, o: UploadOptions = {}): Promise<HttpReply> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const name = o.name === undefined ? 'report.pdf' : o.name;
    if (name !== null) headers['x-filename'] = encodeURIComponent(name);
    const type = o.type === undefined ? 'application/pdf' : o.type;
    if (type !== null) headers['content-type'] = type;
    if (o.item !== undefined) headers['x-item-code'] = o.item;
    return service.request('POST', url(o.unit), { user: 'user' in o ? o.user : city, raw: data, headers });
  }
  const download = (id: string, user: TestUser | undefined, unit = LANZHOU) => service.request('GET', url(unit, `/${id}`), { user });
  const submission = (unit = LANZHOU) => service.request('GET', `/api/cycles/2015/submissions/${unit}`, { user: service.users.examiner });

  describe('happy path', () => {
    let id: string;
    const report = bytes('%PDF-1.4 兰州市质量工作报告');

    it('a city uploads a file to its own draft, before saving anything: name, type, size and sha256 are kept, and the upload is audited', async () => {
      const reply = await upload(report, { name: REPORT_NAME, item: 'G10.1' });
      expect(reply.status, reply.text).to.equal(201);
      expect(reply.body).to.include({
        year: 2015,
        unitCode: LANZHOU,
        itemCode: 'G10.1',
        originalName: REPORT_NAME,
        contentType: 'application/pdf',
        size: report.length,
        sha256: hex(report),
        uploadedBy: 'lanzhou',
      });
      expect(reply.body.id).to.match(/^[0-9a-f]{24}$/);
      id = reply.body.id;
      const events = await auditActions(service, 'material.upload');
      expect(events).to.have.length(1);
      expect(events[0]).to.include({ subject: `material:${id}`, unitCode: LANZHOU, detail: REPORT_NAME, actor: 'lanzhou' });
    });

    it('the submission lists its materials', async () => {
      const reply = await submission();
      expect(reply.body.version).to.equal(0);
      expect(reply.body.materials.map((m: { id: string }) => m.id)).to.deep.equal([id]);
      expect(reply.body.materials[0]).to.include({ originalName: REPORT_NAME, itemCode: 'G10.1' });
    });

    it('the bytes come back with their type and original file name', async () => {
      const res = await fetch(`${service.url}${url(LANZHOU, `/${id}`)}`, { headers: { authorization: `Bearer ${service.users.auditor.token}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/pdf');
      expect(res.headers.get('content-disposition')).to.equal(`attachment; filename*=UTF-8''${encodeURIComponent(REPORT_NAME)}`);
      expect(new Uint8Array(await res.arrayBuffer())).to.deep.equal(report);
    });

    it('a file without Content-Type is stored as application/octet-stream; a file for no item has no itemCode', async () => {
      const reply = await upload(bytes('a,b\n1,2\n'), { name: '数据表.csv', type: null });
      expect(reply.status, reply.text).to.equal(201);
      expect(reply.body.contentType).to.equal('application/octet-stream');
      expect(reply.body).to.not.have.property('itemCode');
    });

    it('on submit, each answered item records its materials by name and hash; uploads are then refused until reopened', async () => {
      const saved = await service.request('PUT', `/api/cycles/2015/submissions/${LANZHOU}`, {
        user: city,
        body: { items: { 'G10.1': { values: { supervisionCoverage: 99 } } } },
      });
      expect(saved.status, saved.text).to.equal(200);
      const submitted = await service.request('POST', `/api/cycles/2015/submissions/${LANZHOU}/submit`, { user: city, body: { version: saved.body.version } });
      expect(submitted.status, submitted.text).to.equal(200);
      expect(submitted.body.items['G10.1']).to.deep.equal({ values: { supervisionCoverage: 99 } });
      expect(submitted.body.materials).to.have.length(2);
      const stored = await service.stores.submissions.get({ year: 2015 }, LANZHOU);
      expect(JSON.parse(stored?.items ?? '{}')['G10.1'].materials).to.deep.equal([{ name: REPORT_NAME, sha256: hex(report) }]);

      const late = await upload(bytes('补充材料'), { name: '补充.txt', type: 'text/plain; charset=utf-8' });
      expect(late.status).to.equal(409);
      expect(late.body.code).to.equal('conflict');
      expect((await submission()).body.materials).to.have.length(2);

      const reopened = await service.request('POST', `/api/cycles/2015/submissions/${LANZHOU}/reopen`, {
        user: service.users.examiner,
        body: { reason: '请补充监督覆盖率的统计表' },
      });
      expect(reopened.status).to.equal(200);
      const more = await upload(bytes('补充材料'), { name: '补充.txt', type: 'text/plain; charset=utf-8', item: 'G10.1' });
      expect(more.status, more.text).to.equal(201);
      expect(more.body.contentType).to.equal('text/plain; charset=utf-8');
    });
  });

  describe('retries and limits', () => {
    it('two uploads with one Idempotency-Key give one record and the same response; another file under that key is 422', async () => {
      const before = (await submission()).body.materials.length;
      const data = bytes('同一份文件');
      const headers = { 'idempotency-key': 'upload-1' };
      const first = await upload(data, { name: '重试.txt', headers });
      const retry = await upload(data, { name: '重试.txt', headers });
      expect([first.status, retry.status]).to.deep.equal([201, 201]);
      expect(retry.body).to.deep.equal(first.body);
      expect((await submission()).body.materials).to.have.length(before + 1);
      const other = await upload(bytes('另一份文件'), { name: '重试.txt', headers });
      expect(other.status).to.equal(422);
      expect((await submission()).body.materials).to.have.length(before + 1);
    });

    it(`a file of exactly ${MAX_UPLOAD_BYTES} bytes is accepted; one byte more is 413 and nothing is stored`, async () => {
      const before = (await submission()).body.materials.length;
      const limit = new Uint8Array(MAX_UPLOAD_BYTES).fill(7);
      const atLimit = await upload(limit, { name: 'limit.bin', type: 'application/octet-stream' });
      expect(atLimit.status, atLimit.text).to.equal(201);
      expect(atLimit.body.size).to.equal(MAX_UPLOAD_BYTES);
      const over = await upload(new Uint8Array(MAX_UPLOAD_BYTES + 1), { name: 'over.bin' });
      expect(over.status).to.equal(413);
      expect(over.body.code).to.equal('too_large');
      const wayOver = await upload(new Uint8Array(MAX_UPLOAD_BYTES * 4), { name: 'over.bin' });
      expect(wayOver.status).to.equal(413);
      expect((await submission()).body.materials).to.have.length(before + 1);
    });

    it('an empty body is 400', async () => {
      const reply = await upload(new Uint8Array(), { name: 'empty.txt' });
      expect(reply.status).to.equal(400);
      expect(reply.body.code).to.equal('invalid');
    });
  });

  describe('the access table', () => {
    const uploadStatus: Record<Caller, number> = { examiner: 403, admin: 403, auditor: 403, city: 201, otherCity: 403, anonymous: 401 };
    const downloadStatus: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 403, anonymous: 401 };
    let lanzhouFile: string;
    before(async () => {
      lanzhouFile = (await upload(bytes('访问控制'), { name: 'access.txt', type: 'text/plain' })).body.id;
    });

    for (const caller of CALLERS) {
      it(`${caller}: upload to Lanzhou ${uploadStatus[caller]}, download from Lanzhou ${downloadStatus[caller]}`, async () => {
        const user = userOf(service, caller);
        const up = await upload(bytes(`来自 ${caller}`), { user, name: `${caller}.txt` });
        expect(up.status, up.text).to.equal(uploadStatus[caller]);
        const down = await download(lanzhouFile, user);
        expect(down.status, down.text).to.equal(downloadStatus[caller]);
        if (down.status === 200) expect(down.text).to.equal('访问控制');
      });
    }

    it('a city reaching for another unit cannot upload to it or read its files, even by a known id', async () => {
      const theirs = await upload(bytes('嘉峪关材料'), { user: service.users.otherCity, unit: JIAYUGUAN, name: '嘉峪关.txt' });
      expect(theirs.status).to.equal(201);
      expect((await upload(bytes('x'), { unit: JIAYUGUAN, name: 'x.txt' })).status).to.equal(403);
      expect((await download(theirs.body.id, city, JIAYUGUAN)).status).to.equal(403);
      // Through its own unit's path, another unit's file is simply not there.
      expect((await download(theirs.body.id, city, LANZHOU)).status).to.equal(404);
      expect((await download(theirs.body.id, service.users.examiner, LANZHOU)).status).to.equal(404);
      expect(
        (await service.request('GET', `/api/cycles/2016/submissions/${JIAYUGUAN}/materials/${theirs.body.id}`, { user: service.users.examiner })).status,
      ).to.equal(404);
      expect((await download(theirs.body.id, service.users.examiner, JIAYUGUAN)).status).to.equal(200);
    });
  });

  describe('bad input', () => {
    const paths = (reply: HttpReply) => (reply.body.errors ?? []).map((e: { path: string }) => e.path);

    it('X-Filename is required, percent-encoded UTF-8, and a plain name', async () => {
      const missing = await upload(bytes('x'), { name: null });
      expect(missing.status).to.equal(400);
      expect(paths(missing)).to.deep.equal(['$.headers["x-filename"]']);
      for (const raw of ['%E4%B8', '%ZZ', 'a%2Fb.pdf', '..%5Cboot.ini', '%00evil.pdf', 'a%0Ab.txt', '%20%20', '..', 'x'.repeat(256)]) {
        const reply = await upload(bytes('x'), { name: null, headers: { 'x-filename': raw } });
        expect(reply.status, raw).to.equal(400);
        expect(paths(reply), raw).to.deep.equal(['$.headers["x-filename"]']);
      }
    });

    it('X-Item-Code must be an item of the rubric; operators and dotted paths are only unknown codes', async () => {
      for (const code of ['G99.9', '$gt', 'G10.1.values', '{"$ne":null}', 'constructor', '__proto__']) {
        const reply = await upload(bytes('x'), { item: code });
        expect(reply.status, code).to.equal(400);
        expect(paths(reply), code).to.deep.equal(['$.headers["x-item-code"]']);
      }
    });

    it('a Content-Type that is not a media type is 400', async () => {
      for (const type of ['pdf', 'text/', '/plain', 'text/plain; charset', 'a b/c']) {
        const reply = await upload(bytes('x'), { type });
        expect(reply.status, type).to.equal(400);
        expect(paths(reply), type).to.deep.equal(['$.headers["content-type"]']);
      }
    });

    it('hostile years, units and ids in the path are 400 or 404, never 500', async () => {
      const examiner = service.users.examiner;
      for (const segment of HOSTILE_SEGMENTS) {
        expectRefused(await download(segment, examiner), `id ${segment}`);
        expectRefused(
          await service.request('GET', `/api/cycles/2015/submissions/${segment}/materials/${'a'.repeat(24)}`, { user: examiner }),
          `unit ${segment}`,
        );
        expectRefused(
          await service.request('GET', `/api/cycles/${segment}/submissions/${LANZHOU}/materials/${'a'.repeat(24)}`, { user: examiner }),
          `year ${segment}`,
        );
        expectRefused(await upload(bytes('x'), { unit: segment }), `upload unit ${segment}`);
        expectRefused(
          await service.request('POST', `/api/cycles/${segment}/submissions/${LANZHOU}/materials`, {
            user: city,
            raw: bytes('x'),
            headers: { 'x-filename': 'a.txt' },
          }),
          `upload year ${segment}`,
        );
      }
      expect((await download('0'.repeat(24), examiner)).status).to.equal(404);
      expect((await download('A'.repeat(24), examiner)).status).to.equal(400);
    });

    it('uploads to a year without a cycle or a unit outside the register are 404 (403 for a city not of that unit)', async () => {
      const noCycle = await service.request('POST', `/api/cycles/2014/submissions/${LANZHOU}/materials`, {
        user: city,
        raw: bytes('x'),
        headers: { 'x-filename': 'a.txt' },
      });
      expect(noCycle.status).to.equal(404);
      expect((await upload(bytes('x'), { unit: '999999' })).status).to.equal(403);
    });
  });
});
