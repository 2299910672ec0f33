/**
 * Who is asking, at the edge: a script's bearer token, or a browser's session cookie.
 * Both give the same actor, and every route's access rules apply to it alike. A request
 * with an Authorization header is a token request, cookie or not (a cross-site page
 * cannot set that header, so preferring it opens no CSRF hole).
 *
 * A cookie-authenticated write must carry the session's X-CSRF-Token (a page of another
 * site can make the browser send the cookie, but cannot read the token), and a session
 * whose password must be changed reaches nothing but the routes that change it. Both are
 * checked here, before the body is read, like every other authorisation.
 */
import type { Request as ExpressRequest } from 'express';
import type { Actor } from '../services/access/actor.js';
import type { BrowserSession } from '../services/access/browser-session.js';
import { ServiceError } from '../services/errors.js';
import type { Services } from '../services/index.js';
import type { RouteSpec } from './route.js';

export const SESSION_COOKIE = 'kaohe_session';
export const CSRF_HEADER = 'x-csrf-token';
export const ANONYMOUS: Actor = { userId: '', username: '(anonymous)', role: 'auditor' };

/** Methods that change nothing, and so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The Cookie header's pairs (RFC 6265 §5.4: `name=value` separated by `; `); the first of a repeated name wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/**
 * The Set-Cookie of a session: the secret, unreadable to scripts (HttpOnly), never sent
 * with a request another site starts (SameSite=Strict), over TLS only when the request
 * came over it. No Max-Age: the browser forgets it when closed; the server ends it by time anyway.
 */
export function sessionCookie(secret: string | null, secure: boolean): string {
  const flags = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return secret === null ? `${SESSION_COOKIE}=; ${flags}; Max-Age=0` : `${SESSION_COOKIE}=${secret}; ${flags}`;
}

function bearer(req: ExpressRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : undefined;
}

function checkSession(spec: RouteSpec, services: Services, req: ExpressRequest, session: BrowserSession): void {
  const header = req.headers[CSRF_HEADER];
  if (!SAFE_METHODS.has(req.method) && !services.browser.csrfMatches(session, typeof header === 'string' ? header : undefined)) {
    throw new ServiceError('csrf', '请求缺少有效的 CSRF 令牌（X-CSRF-Token），已拒绝：请刷新页面后重试');
  }
  if (session.user.mustChangePassword && spec.duringPasswordChange !== true) {
    throw new ServiceError('password_change_required', '请先修改密码：首次登录或密码被管理员重置后，须设置自己的新密码才能继续使用');
  }
}

export interface Caller {
  readonly actor: Actor;
  /** Set when the request was authenticated by a browser session cookie. */
  readonly session?: BrowserSession;
}

/** The caller of `spec`, authenticated and checked (CSRF, a pending password change) before anything else of the request is read. */
export async function whoIsAsking(spec: RouteSpec, services: Services, req: ExpressRequest): Promise<Caller> {
  const secret = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (spec.session === 'optional') {
    // Sign-out: a session that has already ended is no error, the answer clears the cookie all the same.
    if (secret === undefined) return { actor: ANONYMOUS };
    let session: BrowserSession;
    try {
      session = await services.browser.authenticate(secret);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'unauthenticated') return { actor: ANONYMOUS };
      throw error;
    }
    checkSession(spec, services, req, session);
    return { actor: session.actor, session };
  }
  if (spec.roles === 'public') return { actor: ANONYMOUS };
  if (req.headers.authorization !== undefined || secret === undefined) {
    if (spec.session === 'required') throw new ServiceError('unauthenticated', '未登录：此接口只用于浏览器会话，请先登录');
    return { actor: await services.session.authenticate(bearer(req)) };
  }
  const session = await services.browser.authenticate(secret);
  checkSession(spec, services, req, session);
  return { actor: session.actor, session };
}
