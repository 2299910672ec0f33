/**
 * Users, as an admin manages them from the browser: list, create, disable and enable,
 * reset a password, assign a role and unit. Only admins; every change is in the audit
 * log (never a password). A password an admin hands out is one-time: the user's first
 * browser session must change it. A disabled user cannot sign in, and its sessions and
 * API tokens are refused from its next request (another process's token cache sees it
 * within TOKEN_CACHE_TTL_MS).
 */
import type { Actor } from './actor.js';
import { newPassword } from './auth.js';
import type { SessionService } from './session.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { Clock, Stores, UserPatch } from '../ports.js';
import { type Role, type UserRecord, roleWords } from '../../records/index.js';

/** A user as an admin sees it: never a hash. */
export interface UserView {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt?: string;
}

export function userView(user: UserRecord): UserView {
  return {
    username: user.username,
    role: user.role,
    unitCode: user.unitCode,
    mustChangePassword: user.mustChangePassword === true,
    disabled: user.disabled === true,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
  };
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden(`只有管理员可以管理用户（当前身份：${roleWords(actor)}）`);
}

export function userAdminService(stores: Stores, clock: Clock, access: SessionService) {
  async function existing(username: string): Promise<UserRecord> {
    const user = await stores.users.findByUsername(username);
    if (!user) throw notFound(`用户 ${username}`);
    return user;
  }

  /** Applies a change, forgets cached tokens (so that it counts from the next request) and logs it. */
  async function change(actor: Actor, user: UserRecord, patch: UserPatch, action: string, detail: string): Promise<UserRecord> {
    const updated = await stores.users.update(user.id, patch);
    if (!updated) throw notFound(`用户 ${user.username}`);
    access.forgetAuthenticated();
    await access.logAccess(updated, action, detail, actor.username);
    return updated;
  }

  return {
    async list(actor: Actor): Promise<UserView[]> {
      requireAdmin(actor);
      return (await stores.users.list()).map(userView);
    },

    /** A new user with a one-time password (no API token: `kaohe users add` or POST /api/session makes one). */
    async create(actor: Actor, input: { username: string; role: Role; unitCode?: string }): Promise<{ user: UserView; password: string }> {
      requireAdmin(actor);
      const { user, password } = await access.createUser(input, actor.username);
      return { user: userView(user), password };
    },

    async setDisabled(actor: Actor, username: string, disabled: boolean): Promise<UserView> {
      requireAdmin(actor);
      if (disabled && username === actor.username) throw invalid('不能停用自己的账号');
      const user = await existing(username);
      const updated = await change(
        actor,
        user,
        { disabled },
        disabled ? 'user.disable' : 'user.enable',
        disabled ? '停用账号（会话与令牌随即失效）' : '启用账号',
      );
      // A disabled user's sessions end now, not only when next used.
      if (disabled) await stores.sessions.deleteForUser(user.id);
      return userView(updated);
    },

    /** A new one-time password; the user's browser sessions end (API tokens stay: disable the user to stop them). */
    async resetPassword(actor: Actor, username: string): Promise<{ user: UserView; password: string }> {
      requireAdmin(actor);
      const user = await existing(username);
      const password = newPassword(username);
      const at = clock.now().toISOString();
      const updated = await change(
        actor,
        user,
        { passwordHash: await access.hasher.hash(password), passwordChangedAt: at, mustChangePassword: true },
        'user.password_reset',
        '管理员重置密码（须在首次登录时修改）',
      );
      await stores.sessions.deleteForUser(user.id);
      return { user: userView(updated), password };
    },

    /** Assigns a role and unit (a city's unit; none for other roles). */
    async assign(actor: Actor, username: string, role: Role, unitCode: string | undefined): Promise<UserView> {
      requireAdmin(actor);
      const user = await existing(username);
      if (username === actor.username && role !== 'admin') throw invalid('不能取消自己的管理员身份');
      await access.checkRoleAndUnit(role, unitCode);
      const detail = `角色 ${user.role}${user.unitCode === undefined ? '' : ` ${user.unitCode}`} → ${role}${unitCode === undefined ? '' : ` ${unitCode}`}`;
      return userView(await change(actor, user, { role, unitCode: unitCode ?? null }, 'user.assign', detail));
    },
  };
}

export type UserAdminService = ReturnType<typeof userAdminService>;
