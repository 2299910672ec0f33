/**
 * Evidence offline (Excel / WPS): the unit's template to download (a plain link, so the
 * browser saves the attachment under the server's Chinese file name) and a filled
 * template imported as the draft: the raw .xlsx as the body of POST …/import, with the
 * draft version read as If-Match and the CSRF token like every write. A 400 lists every
 * problem with its cell as the path; nothing was stored.
 */
import { ApiError, type ApiProblem, currentCsrfToken, reportUnauthenticated } from './client';
import type { Submission } from './types';

const enc = encodeURIComponent;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The server's limit for an imported workbook (a filled template is well under 1 MB). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export function templateUrl(cycle: string, unit: string): string {
  return `/api/cycles/${cycle}/submissions/${enc(unit)}/template.xlsx`;
}

export function importWorkbook(cycle: string, unit: string, file: Blob, versionRead: number): Promise<Submission> {
  return postWorkbook<Submission>(`/api/cycles/${cycle}/submissions/${enc(unit)}/import`, file, { 'if-match': `"${versionRead}"` });
}

/**
 * The examiners' field sheet (a plain link: the browser saves the attachment): of the
 * units given, a sheet each in that order; of every unit when none are given.
 */
export function fieldSheetUrl(cycle: string, units: readonly string[] = []): string {
  const query = units.length === 0 ? '' : `?units=${units.map(enc).join(',')}`;
  return `/api/cycles/${cycle}/reviews/template.xlsx${query}`;
}

/** What became of each unit of an imported field sheet: each unit is its own write. */
export interface FieldSheetOutcome {
  readonly unit: string;
  readonly name: string;
  readonly outcome: 'imported' | 'unchanged' | 'refused';
  readonly version?: number;
  readonly reason?: string;
  readonly problems?: readonly ApiProblem[];
}

export function importFieldSheet(cycle: string, file: Blob): Promise<{ readonly cycle: string; readonly units: readonly FieldSheetOutcome[] }> {
  return postWorkbook(`/api/cycles/${cycle}/reviews/import`, file, {});
}

/** A workbook as the raw body of a POST, with the CSRF token like every write; an error answer becomes an ApiError. */
async function postWorkbook<T>(url: string, file: Blob, headers: Record<string, string>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      // Always as .xlsx: whatever the file really is, the server's reader says what is wrong with it, in Chinese.
      headers: { accept: 'application/json', 'content-type': XLSX_TYPE, 'x-csrf-token': currentCsrfToken(), ...headers },
      body: file,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (res.ok) return body as T;
  if (res.status === 401) reportUnauthenticated();
  const e = body as { code?: unknown; message?: unknown; errors?: ApiProblem[] } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') throw new ApiError(res.status, e.code, e.message, e.errors ?? []);
  if (res.status === 413) throw new ApiError(413, 'too_large', '文件超过服务器允许的大小上限（10 MB）');
  throw new ApiError(res.status, 'http_' + res.status, `服务器返回错误（HTTP ${res.status}）`);
}

/** One problem of an imported workbook, in the columns the page shows. */
export interface CellProblem {
  readonly cell: string;
  readonly item: string;
  readonly field: string;
  readonly found: string;
  readonly reason: string;
}

/** A workbook problem's columns, as the server gives them in parts (a problem without parts goes whole into 原因). */
export function cellProblem(p: ApiProblem): CellProblem {
  const c = p.cell;
  return { cell: p.path, item: c?.item ?? '', field: c?.field ?? '', found: c?.found ?? '', reason: c?.reason ?? p.message };
}

/** Whether an answer's problems are a workbook's cells (as opposed to a refused file or header). */
export function isCellProblem(p: ApiProblem): boolean {
  return p.code === 'workbook_cell';
}
