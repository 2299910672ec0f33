/**
 * A refused rubric's problems, as the admin reads them: the path inside the uploaded file
 * (the API names it inside the request body, `$.body.sections[2]…`) and the part of the
 * file it points at, so the fix can be found without counting array elements by hand.
 */
import type { ApiProblem } from '../../api/client';
import { pathSegments } from '../../api/paths';

export interface RubricProblemRow {
  /** `sections[2].indicators[0].checkpoints[1].rule`, or （整个文件）. */
  readonly path: string;
  readonly message: string;
  readonly code: string;
  /** The JSON at that path (or its parent, when the path names something missing), shortened. */
  readonly snippet: string;
}

const SNIPPET_LIMIT = 600;

/** The path inside the file: `$.body.sections[0].points` → `sections[0].points`. */
export function pathInFile(path: string): string {
  const inside = path.replace(/^\$(\.body)?/, '').replace(/^\./, '');
  return inside === '' ? '（整个文件）' : inside;
}

function shorten(text: string): string {
  return text.length <= SNIPPET_LIMIT ? text : `${text.slice(0, SNIPPET_LIMIT)}\n…（以下省略 ${text.length - SNIPPET_LIMIT} 个字符）`;
}

/** The JSON at the path; when the last step is missing, its parent, saying what is missing. */
export function snippetAt(document: unknown, path: string): string {
  let segs = pathSegments(path);
  if (segs === null) return '';
  if (segs[0] === 'body') segs = segs.slice(1);
  if (segs.length === 0) return '';
  let here: unknown = document;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string | number;
    const holder = here as Record<string | number, unknown> | unknown[] | null;
    const has = typeof holder === 'object' && holder !== null && Object.prototype.hasOwnProperty.call(holder, seg);
    if (!has) {
      if (i < segs.length - 1) return '';
      return shorten(`（此处缺少 ${typeof seg === 'number' ? `第 ${seg} 项` : `"${seg}"`}；所在对象如下）\n${JSON.stringify(here, null, 2)}`);
    }
    here = (holder as Record<string | number, unknown>)[seg];
  }
  return here === undefined ? '' : shorten(JSON.stringify(here, null, 2));
}

export function problemRows(document: unknown, problems: readonly ApiProblem[]): RubricProblemRow[] {
  return problems.map((p) => ({ path: pathInFile(p.path), message: p.message, code: p.code, snippet: snippetAt(document, p.path) }));
}
