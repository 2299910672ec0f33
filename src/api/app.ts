/**
 * createApp(): the express app, built without listening (tests give it port 0).
 * Every route is declared in routes/ with zod schemas; this file only wires the
 * declarations to express: authentication, validation, If-Match, idempotency keys,
 * and the one error mapping.
 */
import express, { type Request as ExpressRequest, type Response } from 'express';
import { z } from 'zod';
import { contentHash, sha256 } from '../core/index.js';
import { zodProblems } from '../core/validation.js';
import { type Actor, ROLE_NAMES } from '../services/actor.js';
import { ServiceError, invalid } from '../services/errors.js';
import type { Services } from '../services/index.js';
import { errorResponse, sendError } from './errors.js';
import { openApiDocument } from './openapi.js';
import type { RouteSpec } from './route.js';
import { allRoutes } from './routes/index.js';

const zhCN = z.locales.zhCN();
export const FORBIDDEN_KEY = 'forbidden key "__proto__"';
const HTML_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";
const ANONYMOUS: Actor = { userId: '', username: '(anonymous)', role: 'auditor' };

function parseOrThrow(schema: z.ZodType | undefined, value: unknown, root: string): unknown {
  if (schema === undefined) return value;
  const result = schema.safeParse(value, { error: zhCN.localeError });
  if (!result.success) throw invalid('请求有误', zodProblems(result.error, root));
  return result.data;
}

function bearer(req: ExpressRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : undefined;
}

/** If-Match: "3" (or 3, or W/"3"); a malformed one is a client error. */
function ifMatch(req: ExpressRequest): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw invalid('If-Match 头应为文档的版本号，例如 If-Match: "3"');
  return Number(m[1]);
}

function flatHeaders(req: ExpressRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function handle(spec: RouteSpec, services: Services, req: ExpressRequest, res: Response): Promise<void> {
  const actor = spec.roles === 'public' ? ANONYMOUS : await services.session.authenticate(bearer(req));
  if (spec.roles !== 'public' && !spec.roles.includes(actor.role)) {
    throw new ServiceError('forbidden', `此操作不对当前身份开放（${ROLE_NAMES[actor.role]}）`);
  }
  const params = parseOrThrow(spec.params, req.params, '$.params');
  const query = parseOrThrow(spec.query, { ...(req.query as object) }, '$.query');
  const rawBody: unknown = spec.raw ? undefined : req.body;
  if (!spec.raw && spec.body === undefined && rawBody !== undefined && Object.keys(rawBody as object).length > 0) {
    throw invalid('此接口不接受请求体');
  }
  const body = spec.body === undefined ? undefined : parseOrThrow(spec.body, rawBody ?? {}, '$.body');
  const bodyVersion = (body as { version?: unknown } | undefined)?.version;
  const version = ifMatch(req) ?? (typeof bodyVersion === 'number' ? bodyVersion : undefined);
  const raw = spec.raw && Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
  const run = () => spec.handler({ actor, params, query, body, ifMatch: version, raw, headers: flatHeaders(req), clientAddress: req.ip });

  const key = req.headers['idempotency-key'];
  const requestHash = raw.length > 0 ? sha256(raw) : contentHash(body ?? null);
  const reply = typeof key === 'string' && spec.method !== 'get' ? await services.idempotent(actor, key, spec.method, req.originalUrl, requestHash, run) : await run();

  if (reply.etag !== undefined) res.setHeader('ETag', `"${reply.etag}"`);
  if (reply.bytes) {
    res.status(reply.status ?? 200);
    res.setHeader('Content-Type', reply.bytes.contentType);
    res.setHeader('Content-Disposition', contentDisposition(reply.bytes.disposition ?? 'attachment', reply.bytes.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // HTML from the API's origin runs nothing and loads nothing (reports embed their images and styles).
    if (/^text\/html\b/i.test(reply.bytes.contentType)) res.setHeader('Content-Security-Policy', HTML_POLICY);
    res.end(Buffer.from(reply.bytes.data));
    return;
  }
  res.status(reply.status ?? 200).json(reply.body ?? null);
}

/**
 * A plain ASCII name as the quoted filename every client reads; any other (Chinese
 * names) in RFC 5987 form, which is the only way to send it intact.
 */
function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(fileName)) return `${disposition}; filename="${fileName}"`;
  return `${disposition}; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** JSON.parse keeps a "__proto__" key as data, and schemas would silently drop it: refuse it instead. */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError(FORBIDDEN_KEY);
  return value;
}

export interface AppOptions {
  readonly maxUploadBytes: number;
}

export function createApp(services: Services, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // no nested objects from ?a[b]=c
  const routes = allRoutes(services);
  for (const spec of routes) {
    const parsers = spec.raw
      ? [express.raw({ type: () => true, limit: options.maxUploadBytes })]
      : [express.json({ limit: '2mb', strict: true, type: () => true, reviver: refuseProtoKeys })];
    app[spec.method](`/api${spec.path}`, ...parsers, (req, res) => {
      handle(spec, services, req, res).catch((error: unknown) => sendError(res, error));
    });
  }
  const document = openApiDocument(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api', (req, res) => {
    res.status(404).json({ code: 'not_found', message: `没有这个接口：${req.method} ${req.originalUrl}` });
  });
  // Errors thrown before a route handler (body parsers) end here.
  app.use((error: unknown, _req: ExpressRequest, res: Response, _next: express.NextFunction) => {
    const { status, body } = errorResponse(error);
    res.status(status).json(body);
  });
  return app;
}
