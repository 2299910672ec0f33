/**
 * Passwords and API tokens, stored only as salted hashes. Passwords use scrypt (slow
 * on purpose: people choose guessable ones), run on libuv's thread pool so that a
 * burst of sign-ins never holds up the event loop, and every other request with it.
 * Tokens are 256 random bits, for which a salted SHA-256 is as safe and keeps every
 * request fast. Every comparison of a secret is constant-time.
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { oneTimePassword, passwordProblems } from './password-policy.js';

const SCRYPT_KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number): Promise<Buffer> {
  // Node's defaults (N = 16384, r = 8, p = 1): the cost every stored hash was made with.
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Equal without telling, by its timing, where two byte strings first differ; unequal lengths are simply unequal. */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How passwords are hashed and checked; the sign-in tests give one that counts its calls. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const scryptHasher: PasswordHasher = {
  async hash(password) {
    const salt = randomBytes(16);
    return `scrypt$${salt.toString('base64')}$${(await scryptAsync(password, salt, SCRYPT_KEYLEN)).toString('base64')}`;
  },
  async verify(password, stored) {
    const [kind, salt, hash] = stored.split('$');
    if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
    const expected = Buffer.from(hash, 'base64');
    return sameBytes(expected, await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length));
  },
};

/**
 * What a password is checked against when no user has the name given: a hash of the
 * same shape and cost as a real one (no known password matches it, and a match would
 * still be refused), so an unknown name costs what a wrong password costs and the
 * answer's timing does not tell which names exist.
 */
export const DUMMY_PASSWORD_HASH = 'scrypt$PBHHvwKu3swxUf3ms2HzBg==$InV2UL8WEO2hxV+mRFpk+lGwuFwFshzVYMoI3k/gBfU=';

function sha256(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret).digest();
}

export interface IssuedToken {
  /** Shown to the user once: `kh_<id>_<secret>`. */
  readonly token: string;
  readonly tokenId: string;
  readonly secretHash: string;
}

export function issueToken(): IssuedToken {
  const tokenId = randomUUID().replace(/-/g, '');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  return { token: `kh_${tokenId}_${secret}`, tokenId, secretHash: `sha256$${salt.toString('base64')}$${sha256(salt, secret).toString('base64')}` };
}

/** The token's id and secret, or null when it is not shaped like one of ours. */
export function parseToken(token: string): { tokenId: string; secret: string } | null {
  const m = /^kh_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { tokenId: m[1] as string, secret: m[2] as string } : null;
}

/** A stored token hash no secret matches, checked when the token's id is unknown so that both answers cost the same. */
export const DUMMY_TOKEN_HASH = `sha256$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

export function verifyTokenSecret(secret: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'sha256' || salt === undefined || hash === undefined) return false;
  return sameBytes(Buffer.from(hash, 'base64'), sha256(Buffer.from(salt, 'base64'), secret));
}

/** A readable one-time password for a new or reset user, one the password policy accepts for `username`. */
export function newPassword(username: string): string {
  for (;;) {
    const password = oneTimePassword(randomBytes);
    if (passwordProblems(password, username, '$').length === 0) return password;
  }
}
