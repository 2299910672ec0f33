/**
 * Which sheet name each worksheet file carries (xl/workbook.xml's <sheet name r:id> joined
 * with xl/_rels/workbook.xml.rels's targets), so that a refusal names the sheet the user
 * sees, not "xl/worksheets/sheet2.xml". Read with regular expressions on purpose: only
 * attributes are needed, and a malformed file merely falls back to the file's path.
 */

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    found.set(m[1] ?? '', unescapeXml(m[2] ?? m[3] ?? ''));
  }
  return found;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    if (entity === 'amp') return '&';
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** A relationship target as a zip path: relative to xl/, or absolute from the package root. */
function zipPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Worksheet zip path → sheet name. */
export function sheetNamesByPath(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id !== undefined && target !== undefined) targets.set(id, zipPath(target));
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const name = a.get('name');
    const id = [...a.entries()].find(([key]) => /^[\w.-]+:id$/.test(key))?.[1];
    const path = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && path !== undefined) names.set(path, name);
  }
  return names;
}
