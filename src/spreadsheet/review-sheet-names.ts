/**
 * The field sheet's unit sheet names, by the rules src/adapters/xlsx/sheet-names.ts
 * follows for the report (at most 31 characters, none of []:*?/\', not "History",
 * unique regardless of case, the unit code appended when a name is taken). Kept here
 * because the pure spreadsheet layer may not import an adapter; the layout must know
 * the names so that the cover can point to each unit's sheet.
 */
const MAX = 31;
const FULL_WIDTH: Readonly<Record<string, string>> = { '[': '［', ']': '］', ':': '：', '*': '＊', '?': '？', '/': '／', '\\': '＼', "'": '’' };

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
      // eslint-disable-next-line no-control-regex -- control characters cannot be stored in a sheet name
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/[[\]:*?/\\']/g, (ch) => FULL_WIDTH[ch] as string)
      .trim()
  );
}

/** One valid, unique name per unit, in order, none equal to a name in `taken`. */
export function unitSheetNames(units: readonly { readonly code: string; readonly name: string }[], taken: readonly string[]): string[] {
  const used = new Set<string>(['history', ...taken.map((t) => t.toLowerCase())]);
  return units.map((unit) => {
    const base = clean(unit.name) || clean(unit.code) || '单位';
    const code = clean(unit.code);
    for (let n = 0; ; n++) {
      const suffix = n === 0 ? '' : n === 1 && code ? `（${code}）` : `（${n}）`;
      const name = `${clean(truncate(base, MAX - suffix.length))}${suffix}`;
      if (name === '' || used.has(name.toLowerCase())) continue;
      used.add(name.toLowerCase());
      return name;
    }
  });
}
