/**
 * The service as tests use it: the real express app on a real FerretDB (its own
 * database), listening on port 0, seeded with the units and rubrics, and a user of
 * every role. Requests go over HTTP with fetch, as a client's would.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { createApp } from '../../src/api/app.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { type Services } from '../../src/services/index.js';
import { composeServices } from '../../src/compose.js';
import type { Stores } from '../../src/services/ports.js';
import type { KnownUnitTree } from '../../src/services/units/units.js';
import type { Role } from '../../src/records/index.js';
import { ferretdbUri } from './ferretdb.js';

export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly token: string;
  readonly role: Role;
  readonly unitCode?: string;
}

export interface HttpReply {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
  readonly text: string;
}

export interface TestService {
  readonly url: string;
  readonly stores: Stores;
  /** The test's own database, for what the stores do not show (GridFS files left behind). */
  readonly connection: import('mongoose').Connection;
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  /** examiner, admin, auditor, city (兰州市 620100) and otherCity (嘉峪关市 620200). */
  readonly users: Record<'examiner' | 'admin' | 'auditor' | 'city' | 'otherCity', TestUser>;
  request(
    method: string,
    path: string,
    options?: { user?: TestUser; token?: string; body?: unknown; raw?: Uint8Array; headers?: Record<string, string>; cookie?: string },
  ): Promise<HttpReply>;
  close(): Promise<void>;
}

export const MAX_UPLOAD_BYTES = 64 * 1024;

export async function startService(options: { now?: string; webDir?: string; unitTree?: KnownUnitTree } = {}): Promise<TestService> {
  const connection = await connect(await ferretdbUri(), `kaohe_test_${randomBytes(6).toString('hex')}`);
  const stores = await mongoStores(connection);
  const clock = fixedClock(options.now ?? '2016-01-15T09:00:00.000Z');
  await bootstrap(stores, clock, initialUnits(), initialRubricSources());
  const services = composeServices({
    stores,
    clock,
    engineVersion: 'test',
    maxUploadBytes: MAX_UPLOAD_BYTES,
    ...(options.unitTree ? { unitTree: options.unitTree } : {}),
  });
  const app = createApp(services, { maxUploadBytes: MAX_UPLOAD_BYTES, webDir: options.webDir });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const make = async (username: string, role: Role, unitCode?: string): Promise<TestUser> => {
    const { password, token } = await services.session.addUser({ username, role, unitCode }, 'test');
    return { username, password, token, role, unitCode };
  };
  const users = {
    examiner: await make('examiner', 'examiner'),
    admin: await make('admin', 'admin'),
    auditor: await make('auditor', 'auditor'),
    city: await make('lanzhou', 'city', '620100'),
    otherCity: await make('jiayuguan', 'city', '620200'),
  };

  return {
    url,
    stores,
    connection,
    services,
    clock,
    users,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token ?? o.user?.token;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (o.cookie !== undefined) headers.cookie = o.cookie;
      let body: string | Buffer | undefined;
      if (o.raw !== undefined) body = Buffer.from(o.raw);
      else if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // binary or plain text: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers, text };
    },
    async close() {
      await new Promise((r) => server.close(r));
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
