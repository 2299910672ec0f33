import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { DEADLINE_UTC, createGansuCycle } from '../support/cycle-fixtures.js';
import { MAX_UPLOAD_BYTES, type TestService, startService } from '../support/service.js';

const LANZHOU = '620100';
const UPLOAD = `/api/cycles/2015/submissions/${LANZHOU}/materials`;
const MiB = 1024 * 1024;

/** A body of `size` bytes sent as a stream of one reused chunk, so that the client holds no copy of it. */
function streamed(size: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(chunk.length, size - sent);
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
      sent += n;
    },
  });
}

describe('materials are streamed: refused before the body is read, stored without holding the file (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  const gridFiles = async () => ({
    files: await service.connection.collection('material_files.files').countDocuments(),
    chunks: await service.connection.collection('material_files.chunks').countDocuments(),
  });

  async function post(body: ReadableStream<Uint8Array> | Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: any }> {
    const res = await fetch(`${service.url}${UPLOAD}`, { method: 'POST', headers: { 'x-filename': 'big.bin', ...headers }, body, duplex: 'half' });
    return { status: res.status, body: await res.json() };
  }

  it('twelve concurrent anonymous 20 MiB uploads are 401, and the server does not take in their bodies', async () => {
    global.gc?.();
    const before = process.memoryUsage();
    const replies = await Promise.all(Array.from({ length: 12 }, () => post(streamed(20 * MiB), {})));
    const after = process.memoryUsage();
    expect(replies.map((r) => r.status)).to.deep.equal(Array(12).fill(401));
    for (const r of replies) expect(r.body.code).to.equal('unauthenticated');
    // 240 MiB were offered; buffering even a fraction of them would show. Generous: GC timing varies.
    expect(after.arrayBuffers - before.arrayBuffers, 'arrayBuffers growth').to.be.below(64 * MiB);
    expect(after.rss - before.rss, 'rss growth').to.be.below(120 * MiB);
    expect(await gridFiles()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it("another unit's city is 403 before its file is read", async () => {
    const reply = await post(streamed(4 * MiB), { authorization: `Bearer ${service.users.otherCity.token}` });
    expect(reply.status).to.equal(403);
    expect(await gridFiles()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('a file over the limit is 413 and leaves no GridFS file or chunk behind, with or without a Content-Length', async () => {
    const auth = { authorization: `Bearer ${service.users.city.token}` };
    const chunked = await post(streamed(MAX_UPLOAD_BYTES * 3 + 17), auth);
    expect(chunked.status).to.equal(413);
    expect(chunked.body.code).to.equal('too_large');
    const declared = await post(new Uint8Array(MAX_UPLOAD_BYTES + 1), auth);
    expect(declared.status).to.equal(413);
    expect(await gridFiles()).to.deep.equal({ files: 0, chunks: 0 });
    expect(await service.stores.materials.list({ year: 2015 }, LANZHOU)).to.deep.equal([]);
  });

  it('a streamed file of several chunks is stored with the right size and sha256, and comes back byte for byte', async () => {
    const data = randomBytes(MAX_UPLOAD_BYTES - 5);
    const reply = await post(
      new ReadableStream({
        start: (c) => {
          for (let i = 0; i < data.length; i += 7000) c.enqueue(data.subarray(i, i + 7000));
          c.close();
        },
      }),
      {
        authorization: `Bearer ${service.users.city.token}`,
        'content-type': 'application/octet-stream',
      },
    );
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    expect(reply.body.size).to.equal(data.length);
    expect(reply.body.sha256).to.equal(createHash('sha256').update(data).digest('hex'));
    const res = await fetch(`${service.url}${UPLOAD}/${reply.body.id}`, { headers: { authorization: `Bearer ${service.users.auditor.token}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-length')).to.equal(String(data.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).to.equal(true);
    expect(await gridFiles()).to.include({ files: 1 });
  });

  it('a file under a name with bidi or control characters is refused before it is read and leaves nothing; U+FFFD and emoji are kept', async () => {
    const auth = { authorization: `Bearer ${service.users.city.token}` };
    for (const name of ['%E2%80%AEfdp.exe', 'a%E2%81%A6b.pdf', 'x%E2%80%8F.txt', 'a%00.pdf', '%1B.txt']) {
      const reply = await post(streamed(1000), { ...auth, 'x-filename': name });
      expect(reply.status, name).to.equal(400);
      expect(
        reply.body.errors.map((e: { path: string }) => e.path),
        name,
      ).to.deep.equal(['$.headers["x-filename"]']);
    }
    const raw = await post(streamed(10), { ...auth, 'x-filename': 'caf\xe9.txt' });
    expect(raw.status).to.equal(400);
    const fffd = await post(new TextEncoder().encode('ok'), { ...auth, 'x-filename': encodeURIComponent('报告\ufffd😀.txt') });
    expect(fffd.status).to.equal(201);
    expect(fffd.body.originalName).to.equal('报告\ufffd😀.txt');
    expect(await gridFiles()).to.include({ files: 2 });
  });

  it('after the deadline a city still saves its draft and uploads materials (until it submits); submitting is refused', async () => {
    service.clock.set(new Date(Date.parse(DEADLINE_UTC) + 60_000).toISOString());
    const auth = { authorization: `Bearer ${service.users.city.token}` };
    const draft = await service.request('PUT', `/api/cycles/2015/submissions/${LANZHOU}`, {
      user: service.users.city,
      body: { items: { 'G10.1': { values: { supervisionCoverage: 99 } } } },
    });
    expect(draft.status, draft.text).to.equal(200);
    const upload = await post(new TextEncoder().encode('迟到的材料'), auth);
    expect(upload.status).to.equal(201);
    const submit = await service.request('POST', `/api/cycles/2015/submissions/${LANZHOU}/submit`, {
      user: service.users.city,
      body: { version: draft.body.version },
    });
    expect(submit.status).to.equal(409);
    expect(submit.body.code).to.equal('deadline_passed');
    const verified = await service.services.audit.verify();
    expect(verified.ok, JSON.stringify(verified)).to.equal(true);
  });
});
