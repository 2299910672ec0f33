/**
 * Messages quote values (a rule's result, a field's value) so that a user sees what
 * was wrong, but a value can be a 10 MB string: only a short excerpt is ever quoted.
 */

/** How many characters of a value a message quotes. */
export const EXCERPT_LENGTH = 200;

/** The text itself when short, else its beginning and how long it really is. */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…（共 ${text.length} 个字符，已截断）`;
}

/** A value as JSON, shortened; never throws (a value too deep or cyclic is named, not printed). */
export function showValue(value: unknown, max: number = EXCERPT_LENGTH): string {
  if (typeof value === 'string' && value.length > max) return `${JSON.stringify(value.slice(0, max))}…（共 ${value.length} 个字符，已截断）`;
  try {
    return excerpt(JSON.stringify(value) ?? String(value), max);
  } catch {
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}
