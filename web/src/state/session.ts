/**
 * The signed-in user, shared by every page: who they are, their role and unit, the CSRF
 * token for writes. Loaded once from GET /api/session/me; cleared on sign-out or a 401.
 */
import { reactive } from 'vue';
import { ApiError, setCsrfToken } from '../api/client';
import { sessionApi, unitsApi } from '../api/endpoints';
import type { SessionReply, SessionUser, Unit } from '../api/types';

interface SessionState {
  user: SessionUser | null;
  /** The user's unit's name (cities), from GET /api/units. */
  unitName: string;
  /** Whether GET /api/session/me has been asked since the page loaded. */
  checked: boolean;
  /** Set when a call found the session gone (expired or signed out elsewhere). */
  expired: boolean;
}

export const session = reactive<SessionState>({ user: null, unitName: '', checked: false, expired: false });

let units: Promise<Unit[]> | null = null;

/**
 * Marks this tab as signed in, so that a page loaded after the session ended (a reload,
 * a link opened in the tab) can say it ended rather than show a bare sign-in page.
 */
const SIGNED_IN_KEY = 'kaohe.signedIn';

function markSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) sessionStorage.setItem(SIGNED_IN_KEY, '1');
    else sessionStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Without storage a reload after expiry shows the sign-in page without the notice.
  }
}

function wasSignedIn(): boolean {
  try {
    return sessionStorage.getItem(SIGNED_IN_KEY) !== null;
  } catch {
    return false;
  }
}

/** The unit register, read once per page load. */
export function unitList(): Promise<Unit[]> {
  units ??= unitsApi.list().catch((e: unknown) => {
    units = null;
    throw e;
  });
  return units;
}

function adopt(reply: SessionReply): void {
  session.user = reply.user;
  session.expired = false;
  markSignedIn(true);
  setCsrfToken(reply.csrfToken);
  session.unitName = '';
  // Named in the background: the first page opens without waiting for the unit register (its code shows meanwhile).
  if (reply.user.unitCode !== undefined && !reply.user.mustChangePassword) void nameUnit(reply.user.unitCode);
}

async function nameUnit(code: string): Promise<void> {
  try {
    const name = (await unitList()).find((u) => u.code === code)?.name ?? '';
    if (session.user?.unitCode === code) session.unitName = name;
  } catch {
    // the name is a courtesy: the code is shown without it
  }
}

/** Asks the server once who is signed in (the cookie is HttpOnly: only the server knows). */
export async function loadSession(): Promise<void> {
  if (session.checked) return;
  try {
    adopt(await sessionApi.me());
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) throw e;
    session.user = null;
    // Signed in in this tab and not signed out: the session expired or ended elsewhere.
    if (wasSignedIn()) forget(true);
  } finally {
    session.checked = true;
  }
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const reply = await sessionApi.signIn(username, password);
  adopt(reply);
  session.checked = true;
  return reply.user;
}

export async function passwordChanged(): Promise<void> {
  session.checked = false;
  await loadSession();
  if (session.user?.mustChangePassword === true) session.user = { ...session.user, mustChangePassword: false };
}

export async function signOut(): Promise<void> {
  try {
    await sessionApi.signOut();
  } finally {
    forget();
  }
}

/** The session is gone (sign-out, or a 401): forget the user and the token. */
export function forget(expired = false): void {
  session.user = null;
  session.unitName = '';
  session.expired = expired;
  markSignedIn(false);
  setCsrfToken('');
}
