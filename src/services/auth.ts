/**
 * Passwords and API tokens, stored only as salted hashes. Passwords use scrypt (slow
 * on purpose: people choose guessable ones). Tokens are 256 random bits, for which a
 * salted SHA-256 is as safe and keeps every request fast.
 */
import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT_KEYLEN = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, SCRYPT_KEYLEN).toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

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

export function verifyTokenSecret(secret: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'sha256' || salt === undefined || hash === undefined) return false;
  return timingSafeEqual(Buffer.from(hash, 'base64'), sha256(Buffer.from(salt, 'base64'), secret));
}

/** A readable random password for `kaohe users add`. */
export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}
