/**
 * The one rule for text the service stores (README, "The assessment service"): every
 * string is well-formed UTF-16 (no lone surrogate, which MongoDB's driver would turn
 * into U+FFFD after the audit chain hashed the original) and holds no control
 * character other than tab, line feed and carriage return. Lengths are counted in
 * characters (code points), as a user counts them, and text is only ever cut at a
 * character boundary, so an emoji is never split into two broken halves.
 */
import { z } from 'zod';

/** C0 and C1 control characters and DEL, except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` breaks the rule, in words a user reads; undefined when it does not. */
export function textFault(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return '含有不成对的 UTF-16 代理项（不是有效的 Unicode 文本）';
  const control = CONTROL.exec(text);
  if (control) return `含有控制字符 U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}（只允许制表符、换行和回车）`;
  return undefined;
}

/** The length in characters (code points), not UTF-16 units: "😀" is 1. */
export function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** At most `max` characters of `text`, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ === max) break;
    out += ch;
  }
  return out;
}

/**
 * A string of at most `max` characters that follows the text rule; `describe` it as
 * usual. The OpenAPI document shows `maxLength`, which JSON Schema also counts in
 * characters. `trim` removes surrounding white space first (as z.string().trim());
 * `required` is the message when the value is missing or not a string.
 */
export function boundedText(max: number, options: { readonly trim?: boolean; readonly tooLong?: string; readonly required?: string } = {}) {
  const string = options.required === undefined ? z.string() : z.string({ error: options.required });
  const base = options.trim ? string.trim() : string;
  return base
    .superRefine((value, ctx) => {
      const fault = textFault(value);
      if (fault !== undefined) ctx.addIssue({ code: 'custom', message: `文本${fault}`, input: value });
      else if (characters(value) > max) ctx.addIssue({ code: 'custom', message: options.tooLong ?? `不能超过 ${max} 个字符`, input: value });
    })
    .meta({ maxLength: max });
}
