/**
 * createApp(): the express app, built without listening (tests give it port 0).
 * Every route is declared in routes/ with zod schemas; this file only wires the
 * declarations to express: authentication, validation, If-Match, idempotency keys,
 * and the one error mapping.
 *
 * The order is the point: the path, the caller and what the caller may do are checked
 * before a byte of the body is read, so an anonymous or forbidden write costs the
 * server nothing (node drops the unread rest once the answer is sent). Then the query
 * and headers, then the body, bounded, and every string in the request is held to the
 * text rule (services/text.ts) before any service sees it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request as ExpressRequest, type Response } from 'express';
import { z } from 'zod';
import { contentHash } from '../core/index.js';
import { zodProblems } from '../core/validation.js';
import { ServiceError, invalid } from '../services/errors.js';
import type { Services } from '../services/index.js';
import { type CycleKey, roleWords } from '../records/index.js';
import { truncate } from '../services/text.js';
import { sendError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { bodyChunks, readJson } from './request-body.js';
import { RequestError, headerPath, headerRefused, jsonProblems, refused } from './request-problems.js';
import { ANONYMOUS, type Caller, sessionCookie, whoIsAsking } from './request-session.js';
import { checkPath, parseQuery } from './request-url.js';
import { securityHeaders, webApp } from './web-app.js';
import type { Received, Reply, RouteSpec } from './route.js';
import { allRoutes } from './routes/index.js';

const zhCN = z.locales.zhCN();
const HTML_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";
/** A JSON body larger than any rubric or submission needs. */
const JSON_LIMIT = 2 * 1024 * 1024;
/** The service's own check (services/idempotency.ts), made here too so that a bad key is refused before the body is read. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

function parseOrThrow(schema: z.ZodType | undefined, value: unknown, root: string): unknown {
  if (schema === undefined) return value;
  const result = schema.safeParse(value, { error: zhCN.localeError });
  if (!result.success) throw invalid('请求有误', zodProblems(result.error, root));
  return result.data;
}

/** Text the request carries (params, query, body) under the text rule, before its schema. */
function checkText(value: unknown, root: string, what: string): void {
  const problems = jsonProblems(value, root);
  const [first] = problems;
  if (first === undefined) return;
  // Where is in errors[]; the message says what, so that a path 160 levels deep is not said twice.
  const more = problems.length > 1 ? `（共 ${problems.length} 处，首处：）` : '：';
  throw refused(`${what}有误${more}${first.message}`, problems);
}

/** If-Match: "3" (or 3, or W/"3"); a malformed one is a client error naming the header. */
function ifMatch(req: ExpressRequest): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw headerRefused('if-match', 'header_invalid', 'If-Match 头应为文档的版本号，例如 If-Match: "3"');
  return Number(m[1]);
}

/** The version the client read: If-Match, or `version` in the body; both given and different is refused, not resolved. */
function versionRead(req: ExpressRequest, body: unknown): number | undefined {
  const header = ifMatch(req);
  const inBody = (body as { version?: unknown } | undefined)?.version;
  const fromBody = typeof inBody === 'number' ? inBody : undefined;
  if (header !== undefined && fromBody !== undefined && header !== fromBody) {
    const message = `If-Match（${header}）与请求体中的 version（${fromBody}）不一致：请只给出一个，或给出相同的版本`;
    throw refused(message, [
      { path: headerPath('if-match'), code: 'version_mismatch', message },
      { path: '$.body.version', code: 'version_mismatch', message },
    ]);
  }
  return header ?? fromBody;
}

function flatHeaders(req: ExpressRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function handle(spec: RouteSpec, services: Services, req: ExpressRequest, res: Response): Promise<void> {
  // 1. Who is asking (a token, or a session with its CSRF token), and may they call this route at all, before anything else is read.
  const caller = await whoIsAsking(spec, services, req);
  const { actor } = caller;
  try {
    await handleAs(caller, spec, services, req, res);
  } catch (error) {
    // A signed-in user refused what it asked for is logged (capped per user); anonymous callers are not.
    if (error instanceof ServiceError && error.code === 'forbidden' && actor !== ANONYMOUS)
      await services.refusals.log(actor, `${spec.method.toUpperCase()} ${req.path}`, error.message);
    throw error;
  }
}

async function handleAs({ actor, session }: Caller, spec: RouteSpec, services: Services, req: ExpressRequest, res: Response): Promise<void> {
  if (spec.roles !== 'public' && !spec.roles.includes(actor.role)) {
    throw new ServiceError('forbidden', `此操作不对当前身份开放（${roleWords(actor)}）`);
  }
  checkText(req.params, '$.params', '路径参数');
  const params = parseOrThrow(spec.params, req.params, '$.params');
  // A cycle in the path: an examiner or evaluator must serve its body or one above it.
  const cycle = (params as { cycle?: CycleKey } | undefined)?.cycle;
  if (cycle !== undefined) services.scope(actor, cycle);
  spec.authorize?.(actor, params);

  // 2. The query and the headers that decide what is done.
  const rawQuery = parseQuery(req.originalUrl);
  checkText(rawQuery, '$.query', '查询参数');
  const query = parseOrThrow(spec.query, rawQuery, '$.query');
  const key = req.headers['idempotency-key'];
  const keyed = typeof key === 'string' && spec.method !== 'get' && spec.idempotency !== false;
  if (keyed && !IDEMPOTENCY_KEY.test(key)) throw headerRefused('idempotency-key', 'header_invalid', 'Idempotency-Key 只能由 1–128 个字母、数字和 _ . : - 组成');
  const headers = flatHeaders(req);
  const clientAddress = req.ip;

  // 3. Only now the body: streamed to the route, or JSON read within its bound.
  let body: unknown;
  let received: Received<unknown> | undefined;
  let version: number | undefined;
  if (spec.receive) {
    version = versionRead(req, undefined);
    received = await spec.receive(
      { actor, params, query, body: undefined, ifMatch: version, received: undefined, headers, clientAddress, session },
      bodyChunks(req),
    );
  } else {
    const json = await readJson(req, JSON_LIMIT);
    checkText(json, '$.body', '请求体');
    if (spec.body === undefined && json !== undefined && !(typeof json === 'object' && json !== null && Object.keys(json).length === 0)) {
      throw refused('此接口不接受请求体', [{ path: '$.body', code: 'body_unexpected', message: '此接口不接受请求体' }]);
    }
    body = spec.body === undefined ? undefined : parseOrThrow(spec.body, json ?? {}, '$.body');
    version = versionRead(req, body);
  }

  let kept = false;
  const run = async () => {
    const reply = await spec.handler({ actor, params, query, body, ifMatch: version, received: received?.value, headers, clientAddress, session });
    kept = true;
    return reply;
  };
  let reply: Reply;
  try {
    const requestHash = received ? received.hash : contentHash(body ?? null);
    reply = keyed ? await services.idempotent(actor, key, spec.method, req.originalUrl, requestHash, run) : await run();
  } finally {
    // A received body the handler did not keep (refused, or its request replayed) is removed.
    if (received && !kept) await received.discard();
  }
  await send(res, reply, req.secure);
}

async function send(res: Response, reply: Reply, secure: boolean): Promise<void> {
  if (reply.etag !== undefined) res.setHeader('ETag', `"${reply.etag}"`);
  if (reply.sessionCookie !== undefined) {
    res.setHeader('Set-Cookie', sessionCookie(reply.sessionCookie, secure));
    // An answer that carries a session secret is never kept by a cache.
    res.setHeader('Cache-Control', 'no-store');
  }
  if (!reply.bytes) {
    res.status(reply.status ?? 200).json(reply.body ?? null);
    return;
  }
  const { data, length, contentType, fileName, disposition } = reply.bytes;
  res.status(reply.status ?? 200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', contentDisposition(disposition ?? 'attachment', fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // HTML from the API's origin runs nothing and loads nothing (reports embed their images and styles).
  if (/^text\/html\b/i.test(contentType)) res.setHeader('Content-Security-Policy', HTML_POLICY);
  if (data instanceof Uint8Array) {
    res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  if (length !== undefined) res.setHeader('Content-Length', String(length));
  await pipeline(Readable.from(data), res);
}

/**
 * A plain ASCII name as the quoted filename every client reads; any other (Chinese
 * names) in RFC 5987 form, which is the only way to send it intact.
 */
function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(fileName)) return `${disposition}; filename="${fileName}"`;
  return `${disposition}; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export interface AppOptions {
  readonly maxUploadBytes: number;
  /** The built web app (dist/web/, from the composition root); without it, pages say to run npm run build. */
  readonly webDir?: string;
  /** Express's `trust proxy` for a deployment behind a reverse proxy (KAOHE_TRUST_PROXY): req.ip and req.secure are then the client's. */
  readonly trustProxy?: string;
}

const notFound = (req: ExpressRequest, what: string) => ({ code: 'not_found', message: `没有这个${what}：${req.method} ${truncate(req.originalUrl, 200)}` });

export function createApp(services: Services, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', false); // parsed strictly per request (request-url.ts)
  // A hop count is a number to express; anything else (loopback, addresses) a list it parses itself.
  if (options.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(options.trustProxy) ? Number(options.trustProxy) : options.trustProxy);
  app.use(securityHeaders);
  app.use((req, res, next) => {
    try {
      checkPath(req.path);
      next();
    } catch (error) {
      sendError(res, error);
    }
  });
  const routes = allRoutes(services);
  for (const spec of routes) {
    app[spec.method](`/api${spec.path}`, (req, res) => {
      handle(spec, services, req, res).catch((error: unknown) => sendError(res, error));
    });
  }
  const document = openApiDocument(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api', (req, res) => {
    res.status(404).json(notFound(req, '接口'));
  });
  // The browser app's files and pages; what is neither is answered in JSON, never express's HTML.
  app.use(webApp(options.webDir));
  app.use((req, res) => {
    res.status(404).json(notFound(req, '页面'));
  });
  app.use((error: unknown, _req: ExpressRequest, res: Response, _next: express.NextFunction) => {
    sendError(res, error instanceof URIError ? new RequestError(400, 'encoding_invalid', '请求的路径不是有效的百分号编码 UTF-8') : error);
  });
  return app;
}
