/** Health, sign-in and the unit register. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../records/index.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';

export const HealthV1 = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['reachable', 'unreachable']), engineVersion: z.string() });
export const SessionRequestV1 = z.strictObject({ username: boundedText(64).min(1), password: boundedText(256).min(1) });
export const SessionV1 = z.object({ token: z.string(), username: z.string(), role: z.enum(ROLES), unitCode: z.string().optional() });
export const UnitV1 = z.object({ code: z.string(), name: z.string(), kind: z.string() });

export function systemRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/health',
      summary: '服务与数据库是否可用（无需身份令牌）',
      roles: 'public',
      response: HealthV1,
      handler: async () => {
        const reachable = await services.deps.stores.ping();
        return {
          status: reachable ? 200 : 503,
          body: { status: reachable ? 'ok' : 'degraded', database: reachable ? 'reachable' : 'unreachable', engineVersion: services.deps.engineVersion },
        };
      },
    }),
    route({
      method: 'post',
      path: '/session',
      summary: '用户名和密码换取身份令牌',
      successStatuses: [201],
      roles: 'public',
      body: SessionRequestV1,
      response: SessionV1,
      errorStatuses: [429],
      handler: async ({ body, clientAddress }) => {
        const { token, actor } = await services.session.signIn(body.username, body.password, { address: clientAddress });
        return { status: 201, body: { token, username: actor.username, role: actor.role, unitCode: actor.unitCode } };
      },
    }),
    route({
      method: 'get',
      path: '/units',
      summary: '被考核单位名录',
      roles: ROLES,
      response: z.array(UnitV1),
      handler: async () => ({ body: await services.deps.stores.units.list() }),
    }),
  ];
}
