/**
 * The browser app (web/, built by Vite into dist/web/) served by the same express app
 * as the API, from the same origin, and the security headers of every response.
 *
 * - /assets/*: the built files, named by their content hash, so cached for a year and immutable.
 * - Any other GET outside /api that asks for HTML and names no file (no extension in its
 *   last segment): index.html, never cached, so that the app's client-side routes
 *   (/review/620100) load the app and a new build is seen at once.
 * - Everything else falls through to the JSON 404 it answered before.
 * Without a build (no index.html), those pages are a short Chinese page saying how to make one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/**
 * The app's pages run only their own scripts (no inline script, no eval), may be framed by
 * nobody, and talk only to their own origin. Inline styles are allowed: Element Plus sets
 * style attributes. Reports keep their stricter sandboxed policy (app.ts).
 */
export const APP_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
const YEAR_SECONDS = 365 * 24 * 3600;

/** On every response: what a 等保 2.0 review checks first. A route may tighten the policy (report HTML). */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', APP_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  // Only over TLS (req.secure; behind a proxy, with express's `trust proxy` set): over plain HTTP the header would be ignored, or pin a host that has no TLS.
  if (req.secure) res.setHeader('Strict-Transport-Security', `max-age=${YEAR_SECONDS}; includeSubDomains`);
  // The session's answers carry its CSRF token: never kept by a cache.
  if (req.path.startsWith('/api/session')) res.setHeader('Cache-Control', 'no-store');
  next();
}

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Kaohe 考核</title></head>
<body><h1>网页端尚未构建</h1><p>请在 Kaohe 的目录中运行 <code>npm run build</code>，然后重新启动服务（<code>npm start</code>）。</p>
<p>API 仍可使用：<a href="/api/openapi.json">/api/openapi.json</a></p></body></html>
`;

/** Whether a request is for a page of the app: a GET (or HEAD) for HTML, outside /api, that names no file. */
function isPage(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.path === '/api' || req.path.startsWith('/api/')) return false;
  if (!(req.headers.accept ?? '').toLowerCase().includes('text/html')) return false;
  const last = req.path.slice(req.path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/** The web app from `webDir` (dist/web/); undefined serves only the not-built page. */
export function webApp(webDir: string | undefined): Router {
  const router = express.Router();
  if (webDir !== undefined) {
    router.use(
      '/assets',
      express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: YEAR_SECONDS * 1000, index: false, redirect: false, fallthrough: true }),
    );
  }
  router.use((req, res, next) => {
    if (!isPage(req)) {
      next();
      return;
    }
    const index = webDir === undefined ? undefined : path.join(webDir, 'index.html');
    if (index === undefined || !existsSync(index)) {
      res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, { cacheControl: false }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}
