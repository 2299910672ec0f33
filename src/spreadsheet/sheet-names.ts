/**
 * Sheet names Excel and WPS accept: at most 31 characters, none of []:*?/\, not
 * "History" (Excel keeps it for change tracking), and unique regardless of case. A
 * unit's sheet is named after the unit, so a reader finds 临夏回族自治州 by its name;
 * forbidden characters become their full-width forms, which keep the name readable in
 * Chinese. Apostrophes become ’ too: Excel forbids one at either end, and exceljs
 * quotes a sheet name in the print-titles formula without doubling one inside it.
 */
const MAX = 31;
const FULL_WIDTH: Readonly<Record<string, string>> = { '[': '［', ']': '］', ':': '：', '*': '＊', '?': '？', '/': '／', '\\': '＼', "'": '’' };
const RESERVED = new Set(['history']);

/** At most `max` UTF-16 units (Excel's count) without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

function clean(name: string): string {
  return (
    name
      // Control characters cannot be stored in the workbook's XML at all.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/[[\]:*?/\\']/g, (ch) => FULL_WIDTH[ch] as string)
      .trim()
  );
}

/** Hands out valid, unique sheet names; names already taken are passed in first. */
export class SheetNames {
  private readonly taken = new Set<string>(RESERVED);

  constructor(fixed: readonly string[] = []) {
    for (const name of fixed) this.taken.add(name.toLowerCase());
  }

  /** A valid name for `wanted`; when it is taken, with `fallback` (e.g. the unit code) and then a number appended. */
  next(wanted: string, fallback: string): string {
    const base = clean(wanted) || clean(fallback) || 'Sheet';
    const code = clean(fallback);
    for (let n = 0; ; n++) {
      const suffix = n === 0 ? '' : n === 1 && code ? `（${code}）` : `（${n}）`;
      if (suffix.length >= MAX) continue;
      // The suffix is kept whole, or every long name would collide again after truncation;
      // cleaning again drops a space the cut may have left at the end.
      const name = `${clean(truncate(base, MAX - suffix.length))}${suffix}`;
      const key = name.toLowerCase();
      if (name === '' || this.taken.has(key)) continue;
      this.taken.add(key);
      return name;
    }
  }
}
