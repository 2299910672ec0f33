/**
 * Safe HTML building. Every report string comes from results.json, whose unit names,
 * notes, findings and justifications are typed by people; so markup is only ever made
 * by the `html` tag, which escapes every interpolated value unless it is already Markup.
 * Injection is then impossible by construction rather than by remembering to escape.
 */

/** A fragment of HTML that is known to be safe (built by `html` or `trusted`). */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Content = Markup | string | number | boolean | null | undefined | readonly Content[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as it may appear in element content and in quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

function render(value: Content): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  // false/null/undefined render as nothing so `cond && html\`…\`` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Content[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** Markup this module's callers wrote themselves (the stylesheet); never data. */
export function trusted(text: string): Markup {
  return new Markup(text);
}

export function join(parts: readonly Content[], separator: Content = ''): Markup {
  return new Markup(parts.map(render).join(render(separator)));
}
