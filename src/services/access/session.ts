/** Users, passwords and tokens: creating users, signing in, and who a token belongs to. */
import { type Actor, actorOf } from './actor.js';
import { DUMMY_PASSWORD_HASH, DUMMY_TOKEN_HASH, type PasswordHasher, issueToken, newPassword, parseToken, scryptHasher, verifyTokenSecret } from './auth.js';
import { ServiceError, conflict, invalid, notFound, throttled } from '../errors.js';
import { type Clock, type Stores } from '../ports.js';
import { findUnit, ROLES, type Role, type UnitTree, type UserRecord } from '../../records/index.js';
import { type FailureState, type ThrottleLimits, IN_FLIGHT_RETRY_SECONDS, NO_FAILURES, addressKey } from './sign-in-throttle.js';
import { type SignInThrottle, signInThrottle } from './shared-throttle.js';
import { tokenCache } from './token-cache.js';

export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  /** Generated when not given. */
  readonly password?: string;
}

const MINUTE = 60_000;
const LOCK = { windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE };
/** One person guessing one user's password: 5 failures in 15 minutes lock the name. */
export const USER_LIMITS: ThrottleLimits = { ...LOCK, limit: 5 };
/** One client guessing many names: 20 failures in 15 minutes lock the address. */
export const ADDRESS_LIMITS: ThrottleLimits = { ...LOCK, limit: 20 };

/** Authenticated tokens are kept this long (token-cache.ts: another process's change is seen after it). */
export const TOKEN_CACHE_TTL_MS = 30_000;
const TOKEN_CACHE_CAPACITY = 10_000;

/** Who acts in the audit log when nobody is signed in (a failed sign-in). */
export const ANONYMOUS_ACTOR = '(anonymous)';

export interface SessionOptions {
  /** How passwords are hashed and checked (default scrypt off the event loop). */
  readonly hasher?: PasswordHasher;
  /** The unit tree an examiner's or evaluator's body is found in; without it they cannot belong to one. */
  readonly unitTree?: UnitTree;
}

/** Where a sign-in comes from: the client's address as the HTTP layer saw it (express's req.ip). */
export interface SignInOrigin {
  readonly address?: string;
}

export function sessionService(stores: Stores, clock: Clock, options: SessionOptions = {}) {
  const hasher = options.hasher ?? scryptHasher;
  const byUser = signInThrottle(stores.signInFailures, 'user', USER_LIMITS);
  const byAddress = signInThrottle(stores.signInFailures, 'address', ADDRESS_LIMITS);
  const authenticated = tokenCache(TOKEN_CACHE_TTL_MS, TOKEN_CACHE_CAPACITY);

  async function tokenFor(user: UserRecord): Promise<string> {
    authenticated.clear();
    const issued = issueToken();
    await stores.tokens.create({ tokenId: issued.tokenId, userId: user.id, secretHash: issued.secretHash, createdAt: clock.now().toISOString() });
    return issued.token;
  }

  /**
   * Checks a username and password and answers the user. Failures are counted per
   * username (known or not, so that a lock does not tell which names exist) and per
   * client address; while either is locked the answer is 429 with Retry-After, before
   * any password is checked. An unknown name is checked against a dummy hash, so both
   * failures cost one scrypt, and get the same answer. Every checked failure is
   * appended to the audit log (never the password); a refusal while locked is not, so
   * that a locked-out client cannot grow the log (the failure that locked is logged,
   * saying so). Succeeding clears the user's failures, not the address's. Failures and
   * locks count across every service process (shared-throttle.ts).
   */
  async function checkPassword(username: string, password: string, origin: SignInOrigin = {}): Promise<UserRecord> {
    const keys: [SignInThrottle, string][] = [[byUser, username]];
    if (origin.address !== undefined) keys.push([byAddress, addressKey(origin.address)]);
    const started = clock.now().getTime();
    const admitted: [SignInThrottle, string][] = [];
    for (const [throttle, key] of keys) {
      const wait = await throttle.admit(key, started);
      if (wait === 0) {
        admitted.push([throttle, key]);
        continue;
      }
      await Promise.all(admitted.map(([t, k]) => t.end(k, started, false)));
      throw throttled(`登录失败次数过多，请在 ${waitWords(wait)}后再试`, wait);
    }
    // A database that does not answer is no failure of the password: only a checked one counts.
    let checked: { user: UserRecord | null; matches: boolean } | undefined;
    let ended = started;
    let counted: FailureState[] = [];
    try {
      const found = await stores.users.findByUsername(username);
      checked = { user: found, matches: await hasher.verify(password, found?.passwordHash ?? DUMMY_PASSWORD_HASH) };
    } finally {
      ended = clock.now().getTime();
      const failed = checked !== undefined && !(checked.user && checked.matches);
      counted = await Promise.all(keys.map(([throttle, key]) => throttle.end(key, ended, failed)));
    }
    // Reached only when the check ran (a failure to check threw above).
    const found = checked?.user ?? null;
    const user = checked?.matches === true ? found : null;
    if (!user) {
      const why = found ? '密码错误' : '用户不存在';
      const lock = Math.max(...keys.map(([throttle], i) => throttle.waitIn(counted[i] ?? NO_FAILURES, ended)));
      const locked = lock > IN_FLIGHT_RETRY_SECONDS ? `，已锁定 ${waitWords(lock)}` : '';
      await logFailure(username, found, `登录失败（${why}）${fromWhere(origin)}${locked}`);
      // The same answer for an unknown user and a wrong password.
      throw new ServiceError('unauthenticated', '用户名或密码不正确');
    }
    await byUser.clear(username);
    if (user.disabled === true) {
      // Told only to whoever knows the password: the name's existence is no secret to them.
      await logFailure(username, user, `登录失败（账号已停用）${fromWhere(origin)}`);
      throw new ServiceError('unauthenticated', '此账号已停用，请联系管理员');
    }
    return user;
  }

  /** An entry about a user's access (sign-in, sign-out, password change): no record hashes, the detail in words. */
  async function logAccess(user: Pick<UserRecord, 'username' | 'unitCode'>, action: string, detail: string, actor = user.username): Promise<void> {
    await stores.audit.append({
      at: clock.now().toISOString(),
      actor,
      action,
      subject: `user:${user.username}`,
      unitCode: user.unitCode,
      beforeHash: '',
      afterHash: '',
      detail,
    });
  }

  async function logFailure(username: string, user: UserRecord | null, detail: string): Promise<void> {
    // Nobody has signed in: the actor is anonymous; the subject is the name tried, known or not.
    await logAccess({ username, unitCode: user?.unitCode }, 'session.sign_in_failed', detail, ANONYMOUS_ACTOR);
  }

  /**
   * A role and unit that go together: a city (or county) user speaks for one unit of the
   * register; an examiner or evaluator may belong to an assessing body of the unit tree
   * (兰州市's examiners to 620100: access/scope.ts), and otherwise serves the root; an
   * admin belongs to none.
   */
  async function checkRoleAndUnit(role: Role, unitCode: string | undefined): Promise<void> {
    if (!ROLES.includes(role)) throw invalid(`角色只能是 ${ROLES.join('、')} 之一`);
    if (role === 'city') {
      if (unitCode === undefined) throw invalid('单位填报人员（city）必须指定所属单位');
      if (!(await stores.units.get(unitCode))) throw invalid(`单位 ${unitCode} 不在单位名录中`);
    } else if (unitCode !== undefined) {
      const tree = options.unitTree;
      if (role === 'admin' || tree === undefined) throw invalid('管理员不绑定单位；考核组和第三方评价机构可绑定所属的考核主体');
      const found = findUnit(tree, unitCode, '$.body.unitCode');
      if (!found.ok) throw invalid(`考核主体：${found.problem.message}`, [found.problem]);
    }
  }

  /** Creates a user (no token); the password, generated when not given, is shown once and stored only hashed. */
  async function createUser(input: NewUser, by: string): Promise<{ user: UserRecord; password: string }> {
    if (!/^[A-Za-z0-9_.-]{2,64}$/.test(input.username)) throw invalid('用户名只能由 2–64 个字母、数字、点、下划线或连字符组成');
    await checkRoleAndUnit(input.role, input.unitCode);
    if (await stores.users.findByUsername(input.username)) throw conflict(`用户 ${input.username} 已存在`);
    authenticated.clear();
    const password = input.password ?? newPassword(input.username);
    // Whoever chose this password is not the user: the user's first browser session must change it.
    const user = await stores.users.create({
      username: input.username,
      role: input.role,
      unitCode: input.unitCode,
      passwordHash: await hasher.hash(password),
      createdAt: clock.now().toISOString(),
      mustChangePassword: true,
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
    return { user, password };
  }

  return {
    /** Creates a user and a first API token; the password and token are shown once and stored only hashed. */
    async addUser(input: NewUser, by: string): Promise<{ user: UserRecord; password: string; token: string }> {
      const { user, password } = await createUser(input, by);
      return { user, password, token: await tokenFor(user) };
    },

    createUser,
    checkRoleAndUnit,

    /** Another API token for an existing user (its password cannot be shown again); earlier tokens stay valid. */
    async newToken(username: string): Promise<string> {
      const user = await stores.users.findByUsername(username);
      if (!user) throw notFound(`用户 ${username}`);
      return tokenFor(user);
    },

    /**
     * Exchanges a username and password for a new API token (checkPassword's rules);
     * the sign-in is appended to the audit log.
     */
    async signIn(username: string, password: string, origin: SignInOrigin = {}): Promise<{ token: string; actor: Actor }> {
      const user = await checkPassword(username, password, origin);
      await logAccess(user, 'session.sign_in', `令牌登录${fromWhere(origin)}`);
      return { token: await tokenFor(user), actor: actorOf(user) };
    },

    checkPassword,
    logAccess,
    hasher,

    /** Forgets every authenticated token, so that a change of a user (disabled, another role) is seen by its next request. */
    forgetAuthenticated(): void {
      authenticated.clear();
    },

    /** The actor a bearer token stands for; a token authenticated in the last TOKEN_CACHE_TTL_MS is not read again, its secret still checked. */
    async authenticate(token: string | undefined): Promise<Actor> {
      if (token === undefined) throw new ServiceError('unauthenticated', '缺少身份令牌：请在 Authorization 头中提供 Bearer 令牌');
      const parsed = parseToken(token);
      const now = clock.now().getTime();
      const cached = parsed ? authenticated.get(parsed.tokenId, now) : undefined;
      if (parsed && cached) {
        if (!verifyTokenSecret(parsed.secret, cached.secretHash)) throw new ServiceError('unauthenticated', '身份令牌无效');
        return cached.actor;
      }
      const record = parsed ? await stores.tokens.find(parsed.tokenId) : null;
      // An unknown id is checked against a dummy hash, so that it costs what a wrong secret does.
      const valid = parsed !== null && verifyTokenSecret(parsed.secret, record?.secretHash ?? DUMMY_TOKEN_HASH) && record !== null;
      if (!valid || !record) throw new ServiceError('unauthenticated', '身份令牌无效');
      const user = await stores.users.findById(record.userId);
      if (!user) throw new ServiceError('unauthenticated', '身份令牌对应的用户已不存在');
      if (user.disabled === true) throw new ServiceError('unauthenticated', '此账号已停用，请联系管理员');
      const actor = actorOf(user);
      authenticated.keep(record.tokenId, { secretHash: record.secretHash, actor }, now);
      return actor;
    },
  };
}

/** The detail's note of where a sign-in came from. */
function fromWhere(origin: SignInOrigin): string {
  return origin.address === undefined ? '' : `，来源地址 ${origin.address}`;
}

/** "15 分钟" or "30 秒": how long to wait, in the words a user reads. */
function waitWords(seconds: number): string {
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
}

export type SessionService = ReturnType<typeof sessionService>;
