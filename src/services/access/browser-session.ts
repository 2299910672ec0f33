/**
 * Browser sessions: a signed-in person in the web app, as opposed to a script with an
 * API token. The cookie carries a random 256-bit secret; the database keeps only its
 * SHA-256, so that reading the database does not let anyone act as a signed-in user.
 * The CSRF token is derived from the same secret (a hash under another label), so it
 * is stored nowhere and only whoever holds the cookie can learn it.
 *
 * A session ends when it has been idle for `idleMs`, when `maxMs` have passed since
 * sign-in (whatever the activity), at sign-out, when its user is disabled, and when its
 * user changes the password from another session. Its time is the service clock's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Actor, actorOf } from './actor.js';
import { sameBytes } from './auth.js';
import { passwordProblems } from './password-policy.js';
import type { PasswordHasher } from './auth.js';
import type { SessionService, SignInOrigin } from './session.js';
import { ServiceError, invalid } from '../errors.js';
import type { Clock, Stores } from '../ports.js';
import type { Role, SessionRecord, UserRecord } from '../../records/index.js';

export interface SessionLimits {
  /** Ends a session this long after its last request. */
  readonly idleMs: number;
  /** Ends a session this long after its sign-in, however busy. */
  readonly maxMs: number;
}

const MINUTE = 60_000;
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * MINUTE, maxMs: 12 * 60 * MINUTE };
/**
 * The last request is written at most this often, not on every request (one write per
 * read would double the database's work): the idle timeout may end a session up to this
 * much later than exactly idleMs after its last request.
 */
const TOUCH_EVERY_MS = MINUTE;

/** What the web app is told about the signed-in user. */
export interface SessionUser {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  readonly mustChangePassword: boolean;
}

export interface BrowserSession {
  readonly actor: Actor;
  readonly user: SessionUser;
  readonly userId: string;
  readonly sessionHash: string;
  /** The value every write of this session must carry in X-CSRF-Token. */
  readonly csrfToken: string;
}

/** The cookie's secret: 32 random bytes, base64url (43 characters). */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const csrfOf = (secret: string) => createHash('sha256').update('kaohe-csrf\0').update(secret).digest('base64url');

const expired = () => new ServiceError('unauthenticated', '登录已过期或已退出，请重新登录');

function sessionUser(user: UserRecord): SessionUser {
  return { username: user.username, role: user.role, unitCode: user.unitCode, mustChangePassword: user.mustChangePassword === true };
}

export function browserSessionService(
  stores: Stores,
  clock: Clock,
  access: SessionService,
  hasher: PasswordHasher,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
) {
  const session = (user: UserRecord, record: SessionRecord, secret: string): BrowserSession => ({
    actor: actorOf(user),
    user: sessionUser(user),
    userId: user.id,
    sessionHash: record.sessionHash,
    csrfToken: csrfOf(secret),
  });

  function isExpired(record: SessionRecord, now: number): boolean {
    return now - Date.parse(record.lastSeenAt) >= limits.idleMs || now - Date.parse(record.createdAt) >= limits.maxMs;
  }

  return {
    limits,

    /**
     * Signs in with a username and password (the same checks, throttling and answers
     * as POST /api/session) and starts a session; the secret is for the cookie only.
     */
    async signIn(username: string, password: string, origin: SignInOrigin): Promise<{ secret: string; session: BrowserSession }> {
      const user = await access.checkPassword(username, password, origin);
      const now = clock.now();
      // Sessions that ended by time are removed here, so that they do not pile up in the database.
      await stores.sessions.deleteExpired(new Date(now.getTime() - limits.idleMs).toISOString(), new Date(now.getTime() - limits.maxMs).toISOString());
      const secret = randomBytes(32).toString('base64url');
      const record: SessionRecord = { sessionHash: hashOf(secret), userId: user.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString() };
      await stores.sessions.create(record);
      await access.logAccess(user, 'session.browser_sign_in', `浏览器登录${origin.address === undefined ? '' : `，来源地址 ${origin.address}`}`);
      return { secret, session: session(user, record, secret) };
    },

    /** The live session a cookie's secret stands for; an expired one is removed and refused like an absent one. */
    async authenticate(secret: string): Promise<BrowserSession> {
      if (!SECRET.test(secret)) throw expired();
      const record = await stores.sessions.find(hashOf(secret));
      if (!record) throw expired();
      const now = clock.now().getTime();
      if (isExpired(record, now)) {
        await stores.sessions.delete(record.sessionHash);
        throw expired();
      }
      const user = await stores.users.findById(record.userId);
      if (!user || user.disabled === true) {
        await stores.sessions.delete(record.sessionHash);
        throw user ? new ServiceError('unauthenticated', '此账号已停用，请联系管理员') : expired();
      }
      if (now - Date.parse(record.lastSeenAt) >= TOUCH_EVERY_MS) await stores.sessions.touch(record.sessionHash, new Date(now).toISOString());
      return session(user, record, secret);
    },

    /** Whether a request's X-CSRF-Token is the session's, compared in constant time. */
    csrfMatches(current: BrowserSession, header: string | undefined): boolean {
      return header !== undefined && sameBytes(Buffer.from(header), Buffer.from(current.csrfToken));
    },

    async signOut(current: BrowserSession): Promise<void> {
      await stores.sessions.delete(current.sessionHash);
      await access.logAccess(current.user, 'session.sign_out', '退出登录');
    },

    /**
     * Changes the signed-in user's password under the policy (problems at
     * $.body.newPassword, a wrong current one at $.body.currentPassword) and clears
     * mustChangePassword. The user's other browser sessions end (whoever else was signed
     * in with the old password is signed out); this one continues. API tokens are
     * separate credentials and stay valid (a disabled user's are refused).
     */
    async changePassword(current: BrowserSession, currentPassword: string, nextPassword: string): Promise<SessionUser> {
      const user = await stores.users.findById(current.userId);
      if (!user) throw expired();
      if (!(await hasher.verify(currentPassword, user.passwordHash))) {
        await access.logAccess(user, 'user.password_change_failed', '修改密码失败（当前密码错误）');
        const message = '当前密码不正确';
        throw invalid(message, [{ path: '$.body.currentPassword', code: 'password_wrong', message }]);
      }
      const problems = passwordProblems(nextPassword, user.username, '$.body.newPassword', currentPassword);
      if (problems.length > 0) throw invalid(`新密码不符合要求：${problems.map((p) => p.message).join('；')}`, problems);
      const at = clock.now().toISOString();
      const updated = await stores.users.update(user.id, { passwordHash: await hasher.hash(nextPassword), passwordChangedAt: at, mustChangePassword: false });
      if (!updated) throw expired();
      await stores.sessions.deleteForUser(user.id, current.sessionHash);
      await access.logAccess(user, 'user.password_change', '修改密码（其他浏览器会话已结束）');
      return sessionUser(updated);
    },
  };
}

export type BrowserSessionService = ReturnType<typeof browserSessionService>;
