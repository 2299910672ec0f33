/**
 * A client that goes away mid-request (a page reloaded while its draft was being sent, a
 * tab closed) is no fault of the server: nothing is written, nothing is logged as an
 * internal error, and the service goes on answering.
 */
import { expect } from 'chai';
import net from 'node:net';
import { createGansuCycle } from '../support/cycle-fixtures.js';
import { type TestService, startService } from '../support/service.js';

const DRAFT = '/api/cycles/2015/submissions/620100';

/** Sends the head of a PUT and half its body, then closes the connection. */
function abortedPut(service: TestService, token: string): Promise<void> {
  const url = new URL(service.url);
  const body = JSON.stringify({ items: { 'G01.1': { note: '写到一半'.repeat(200) } } });
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(
        `PUT ${DRAFT} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nIf-Match: "0"\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      socket.write(body.slice(0, 100), () => setTimeout(() => socket.destroy(), 200));
    });
    socket.on('close', () => setTimeout(resolve, 300));
    socket.on('error', reject);
  });
}

describe('a client that goes away mid-request (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  it('writes nothing, logs no internal error, and the next request is answered', async () => {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      await abortedPut(service, service.users.city.token);
    } finally {
      console.error = original;
    }
    expect(logged.map((args) => args.map(String).join(' '))).to.deep.equal([]);
    const draft = await service.request('GET', DRAFT, { user: service.users.city });
    expect(draft.status, draft.text).to.equal(200);
    expect(draft.body.version).to.equal(0);
    expect((await service.request('GET', '/api/health')).status).to.equal(200);
  });
});
