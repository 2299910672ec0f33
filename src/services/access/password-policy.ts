/**
 * The password policy a 等保 2.0 review asks for: long enough, of mixed kinds, not the
 * user's own name, and not the password it replaces. Each rule broken is a problem at
 * the JSON path of the field, so that the page shows it at the input.
 */
import type { ServiceProblem } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;
/** Of lower case, upper case, digits and other characters: how many kinds a password must mix. */
export const MIN_PASSWORD_KINDS = 3;

function kinds(password: string): number {
  const patterns = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return patterns.filter((p) => p.test(password)).length;
}

/** Every rule `password` breaks, at `path`; empty when it may be used. */
export function passwordProblems(password: string, username: string, path: string, current?: string): ServiceProblem[] {
  const problems: ServiceProblem[] = [];
  const problem = (code: string, message: string) => problems.push({ path, code, message });
  // Characters, not UTF-16 units: an emoji is one character.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problem('password_too_short', `密码至少 ${MIN_PASSWORD_LENGTH} 个字符（现为 ${length} 个）`);
  if (length > MAX_PASSWORD_LENGTH) problem('password_too_long', `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`);
  if (kinds(password) < MIN_PASSWORD_KINDS) problem('password_too_simple', '密码须包含小写字母、大写字母、数字、其他符号中的至少三类');
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) problem('password_contains_username', '密码不能包含用户名');
  if (current !== undefined && password === current) problem('password_unchanged', '新密码不能与当前密码相同');
  return problems;
}

/**
 * A one-time password for a new or reset user: 16 characters that satisfy the policy
 * (so that a policy check never refuses what Kaohe itself issued), from a reader-friendly
 * alphabet (no 0/O, 1/l/I), read from a shuffled draw of each kind.
 */
export function oneTimePassword(random: (n: number) => Buffer): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_'];
  const all = sets.join('');
  const bytes = random(32);
  const pick = (set: string, i: number) => set[(bytes[i] as number) % set.length] as string;
  const chars = [pick(sets[0] as string, 0), pick(sets[1] as string, 1), pick(sets[2] as string, 2)];
  for (let i = 3; i < 16; i++) chars.push(pick(all, i));
  // Fisher–Yates with the remaining bytes, so that the kinds are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (bytes[16 + i] as number) % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
