/**
 * The path and query of a request, checked before any route sees them: percent-encoding
 * that is not UTF-8 is a 400 naming where it is, never a crash in the router; the query
 * is parsed here, flat and strict (a name given twice is refused, not turned into a list).
 */
import { at } from '../core/errors.js';
import { truncate } from '../services/text.js';
import { type RequestProblem, refused } from './request-problems.js';

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/** Throws a 400 naming the path when a segment of it is not valid percent-encoded UTF-8. */
export function checkPath(rawPath: string): void {
  const bad = rawPath.split('/').find((segment) => decode(segment) === undefined);
  if (bad !== undefined) {
    const message = `路径中的 “${truncate(bad, 60)}” 不是有效的百分号编码 UTF-8`;
    throw refused('请求的路径有误', [{ path: '$.path', code: 'encoding_invalid', message }]);
  }
}

/** The query as name → value; every problem at once, each naming its parameter. */
export function parseQuery(url: string): Record<string, string> {
  const q = url.indexOf('?');
  const entries = new Map<string, string>();
  const problems: RequestProblem[] = [];
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
      const name = decode(rawName.replace(/\+/g, ' '));
      const value = decode(rawValue.replace(/\+/g, ' '));
      const path = at('$.query', name ?? truncate(rawName, 60));
      if (name === undefined || value === undefined) {
        problems.push({ path, code: 'encoding_invalid', message: '查询参数不是有效的百分号编码 UTF-8' });
      } else if (entries.has(name)) {
        problems.push({ path, code: 'query_duplicate', message: `查询参数 ${truncate(name, 60)} 只能给出一次` });
      } else entries.set(name, value);
    }
  }
  if (problems.length > 0) throw refused('查询参数有误', problems);
  // fromEntries defines own properties: a parameter named __proto__ stays data, to be refused by the schema.
  return Object.fromEntries(entries);
}
