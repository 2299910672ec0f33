/** Browser sessions: sign-in with a cookie, who is signed in, sign-out, and changing one's password. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ServiceError } from '../../services/errors.js';
import { ROLES } from '../../records/index.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { SessionRequestV1 } from './system.js';

export const SessionUserV1 = z.object({ username: z.string(), role: z.enum(ROLES), unitCode: z.string().optional(), mustChangePassword: z.boolean() });
export const BrowserSessionV1 = z.object({ user: SessionUserV1, csrfToken: z.string() });
export const PasswordChangeV1 = z.strictObject({ currentPassword: boundedText(256).min(1), newPassword: boundedText(256).min(1) });

export function sessionRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/session/browser',
      summary: '浏览器登录：用户名和密码换取会话（HttpOnly Cookie kaohe_session）与 CSRF 令牌',
      roles: 'public',
      idempotency: false,
      body: SessionRequestV1,
      response: BrowserSessionV1,
      errorStatuses: [429],
      handler: async ({ body, clientAddress, headers }) => {
        // Another site's page may post a sign-in form (login CSRF): browsers that say so are refused.
        if (headers['sec-fetch-site'] === 'cross-site') throw new ServiceError('csrf', '不接受来自其他网站的登录请求');
        const { secret, session } = await services.browser.signIn(body.username, body.password, { address: clientAddress });
        return { body: { user: session.user, csrfToken: session.csrfToken }, sessionCookie: secret };
      },
    }),
    route({
      method: 'get',
      path: '/session/me',
      summary: '当前浏览器会话的用户与 CSRF 令牌（未登录或已过期为 401）',
      roles: ROLES,
      session: 'required',
      duringPasswordChange: true,
      response: BrowserSessionV1,
      handler: async ({ session }) => {
        if (!session) throw new ServiceError('unauthenticated', '未登录');
        return { body: { user: session.user, csrfToken: session.csrfToken } };
      },
    }),
    route({
      method: 'post',
      path: '/session/sign-out',
      summary: '退出登录：结束浏览器会话并清除 Cookie（需 X-CSRF-Token；会话已结束时同样成功）',
      roles: 'public',
      session: 'optional',
      duringPasswordChange: true,
      idempotency: false,
      successStatuses: [204],
      handler: async ({ session }) => {
        if (session) await services.browser.signOut(session);
        return { status: 204, sessionCookie: null };
      },
    }),
    route({
      method: 'post',
      path: '/session/password',
      summary: '修改本人密码（浏览器会话，需 X-CSRF-Token）：至少 10 个字符，含小写、大写、数字、其他符号中的至少三类，不含用户名，且与当前密码不同',
      roles: ROLES,
      session: 'required',
      duringPasswordChange: true,
      body: PasswordChangeV1,
      successStatuses: [204],
      handler: async ({ session, body }) => {
        if (!session) throw new ServiceError('unauthenticated', '未登录');
        await services.browser.changePassword(session, body.currentPassword, body.newPassword);
        return { status: 204 };
      },
    }),
  ];
}
