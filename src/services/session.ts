/** Users, passwords and tokens: creating users, signing in, and who a token belongs to. */
import { type Actor, actorOf } from './actor.js';
import { issueToken, hashPassword, newPassword, parseToken, verifyPassword, verifyTokenSecret } from './auth.js';
import { ServiceError, conflict, invalid } from './errors.js';
import { type Clock, ROLES, type Role, type Stores, type UserRecord } from './ports.js';

export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  /** Generated when not given. */
  readonly password?: string;
}

export function sessionService(stores: Stores, clock: Clock) {
  async function tokenFor(user: UserRecord): Promise<string> {
    const issued = issueToken();
    await stores.tokens.create({ tokenId: issued.tokenId, userId: user.id, secretHash: issued.secretHash, createdAt: clock.now().toISOString() });
    return issued.token;
  }

  return {
    /** Creates a user and a first API token; the password and token are shown once and stored only hashed. */
    async addUser(input: NewUser, by: string): Promise<{ user: UserRecord; password: string; token: string }> {
      if (!/^[A-Za-z0-9_.-]{2,64}$/.test(input.username)) throw invalid('用户名只能由 2–64 个字母、数字、点、下划线或连字符组成');
      if (!ROLES.includes(input.role)) throw invalid(`角色只能是 ${ROLES.join('、')} 之一`);
      if (input.role === 'city') {
        if (input.unitCode === undefined) throw invalid('市州用户（city）必须指定所属单位（--unit）');
        if (!(await stores.units.get(input.unitCode))) throw invalid(`单位 ${input.unitCode} 不在单位名录中`);
      } else if (input.unitCode !== undefined) {
        throw invalid('只有市州用户（city）才绑定单位');
      }
      if (await stores.users.findByUsername(input.username)) throw conflict(`用户 ${input.username} 已存在`);
      const password = input.password ?? newPassword();
      const user = await stores.users.create({
        username: input.username,
        role: input.role,
        unitCode: input.unitCode,
        passwordHash: hashPassword(password),
        createdAt: clock.now().toISOString(),
      });
      await stores.audit.append({
        at: clock.now().toISOString(),
        actor: by,
        action: 'user.create',
        subject: `user:${user.username}`,
        unitCode: user.unitCode,
        beforeHash: '',
        afterHash: '',
        detail: `角色 ${user.role}`,
      });
      return { user, password, token: await tokenFor(user) };
    },

    /** Exchanges a username and password for a new API token. */
    async signIn(username: string, password: string): Promise<{ token: string; actor: Actor }> {
      const user = await stores.users.findByUsername(username);
      // The same answer for an unknown user and a wrong password.
      if (!user || !verifyPassword(password, user.passwordHash)) throw new ServiceError('unauthenticated', '用户名或密码不正确');
      return { token: await tokenFor(user), actor: actorOf(user) };
    },

    /** The actor a bearer token stands for. */
    async authenticate(token: string | undefined): Promise<Actor> {
      if (token === undefined) throw new ServiceError('unauthenticated', '缺少身份令牌：请在 Authorization 头中提供 Bearer 令牌');
      const parsed = parseToken(token);
      const record = parsed ? await stores.tokens.find(parsed.tokenId) : null;
      if (!parsed || !record || !verifyTokenSecret(parsed.secret, record.secretHash)) throw new ServiceError('unauthenticated', '身份令牌无效');
      const user = await stores.users.findById(record.userId);
      if (!user) throw new ServiceError('unauthenticated', '身份令牌对应的用户已不存在');
      return actorOf(user);
    },
  };
}

export type SessionService = ReturnType<typeof sessionService>;
