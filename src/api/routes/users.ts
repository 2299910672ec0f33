/** Users (admin): list, create, disable and enable, reset a password, assign a role and unit. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../records/index.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { usernameParam } from '../schemas/path-params.js';

export const UserV1 = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  unitCode: z.string().optional(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string().optional(),
});
/** The user and its one-time password, shown this once. */
export const UserWithPasswordV1 = z.object({ user: UserV1, password: z.string() });
const Username = z.strictObject({ username: usernameParam });
const NewUserV1 = z.strictObject({ username: boundedText(64).min(1), role: z.enum(ROLES), unitCode: boundedText(12).optional() });
const AssignV1 = z.strictObject({ role: z.enum(ROLES), unitCode: boundedText(12).optional() });
const ADMIN = ['admin'] as const;

export function userRoutes(services: Services): RouteSpec[] {
  const switchTo = (disabled: boolean) =>
    route({
      method: 'post',
      path: `/users/:username/${disabled ? 'disable' : 'enable'}`,
      summary: disabled ? '停用用户：不能再登录，其会话与令牌随即失效（管理员）' : '启用已停用的用户（管理员）',
      roles: ADMIN,
      params: Username,
      response: UserV1,
      handler: async ({ actor, params }) => ({ body: await services.users.setDisabled(actor, params.username, disabled) }),
    });
  return [
    route({
      method: 'get',
      path: '/users',
      summary: '用户列表（管理员；不含密码哈希）',
      roles: ADMIN,
      response: z.array(UserV1),
      handler: async ({ actor }) => ({ body: await services.users.list(actor) }),
    }),
    route({
      method: 'post',
      path: '/users',
      summary: '创建用户，答复一次性初始密码（只显示这一次；首次登录须修改）（管理员）',
      roles: ADMIN,
      body: NewUserV1,
      response: UserWithPasswordV1,
      successStatuses: [201],
      handler: async ({ actor, body }) => ({ status: 201, body: await services.users.create(actor, body) }),
    }),
    switchTo(true),
    switchTo(false),
    route({
      method: 'post',
      path: '/users/:username/reset-password',
      summary: '重置密码：答复新的一次性密码（首次登录须修改），该用户的浏览器会话随即结束（管理员）',
      roles: ADMIN,
      params: Username,
      response: UserWithPasswordV1,
      handler: async ({ actor, params }) => ({ body: await services.users.resetPassword(actor, params.username) }),
    }),
    route({
      method: 'put',
      path: '/users/:username',
      summary: '指定用户的角色与所属单位（市州用户须指定单位，其他角色不绑定单位）（管理员）',
      roles: ADMIN,
      params: Username,
      body: AssignV1,
      response: UserV1,
      handler: async ({ actor, params, body }) => ({ body: await services.users.assign(actor, params.username, body.role, body.unitCode) }),
    }),
  ];
}
