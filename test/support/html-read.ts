/**
 * Reading the report's HTML back in tests without a DOM library: the report's markup is
 * regular (no nested tables, ids on every part and scorecard), so a few patterns find
 * a part, its table rows and their cells' text.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text of a fragment: tags removed, entities decoded, whitespace collapsed. */
export function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] as string)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The element that opens with `id="<id>"`, up to its closing tag (sections and articles do not nest in themselves). */
export function elementById(html: string, id: string): string {
  const open = new RegExp(`<(section|article)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!open) throw new Error(`no element with id ${id}`);
  const close = html.indexOf(`</${open[1]}>`, open.index);
  return html.slice(open.index, close);
}

/** The body rows of every table in a fragment, each as its cells' text. */
export function bodyRows(fragment: string): string[][] {
  const bodies = [...fragment.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].map((m) => m[1] ?? '');
  return bodies.flatMap((body) =>
    [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => textOf(c[1] ?? ''))),
  );
}

/** The header cells' text of the first table in a fragment. */
export function headerCells(fragment: string): string[] {
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(fragment)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => textOf(c[1] ?? ''));
}

/** A named table of a fragment (by its class), e.g. "losses" or "items". */
export function tableByClass(fragment: string, name: string): string {
  const m = new RegExp(`<table class="${name}">[\\s\\S]*?</table>`).exec(fragment);
  if (!m) throw new Error(`no table of class ${name}`);
  return m[0];
}
