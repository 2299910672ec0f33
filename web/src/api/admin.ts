/** The admin pages' API calls and answers: rubrics (examiner, admin) and users (admin). */
import { ApiError, api, currentCsrfToken, reportUnauthenticated } from './client';
import type { RubricRecord } from '../../../src/records/types.js';
import type { Role } from './types';

const enc = encodeURIComponent;

/** A rubric in the list: the stored record without its source text (`version` is sent as If-Match to publish). */
export type RubricSummary = Omit<RubricRecord, 'source'>;

export interface RubricDetail extends RubricSummary {
  readonly document: Record<string, unknown>;
}

/**
 * Posts a rubric file's bytes as they are: the server reads them as strict UTF-8 (a file in
 * another encoding is refused, not decoded into replacement characters and hashed) and
 * names a JSON syntax error by line and column. A 400 lists every lint problem at its
 * path ($.body.sections[2]…).
 */
async function postRubricFile(file: Blob): Promise<RubricDetail> {
  let res: Response;
  try {
    res = await fetch('/api/rubrics', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json; charset=utf-8', 'x-csrf-token': currentCsrfToken() },
      body: file,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.ok) return body as RubricDetail;
  if (res.status === 401) reportUnauthenticated();
  const e = body as { code?: unknown; message?: unknown; errors?: ApiError['problems'] } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') throw new ApiError(res.status, e.code, e.message, e.errors ?? []);
  throw new ApiError(res.status, 'http_' + res.status, `服务器返回错误（HTTP ${res.status}）`);
}

export const rubricAdminApi = {
  list: () => api.get<RubricSummary[]>('/rubrics'),
  get: (hash: string) => api.get<RubricDetail>(`/rubrics/${enc(hash)}`),
  create: postRubricFile,
  publish: (hash: string, version: number) => api.post<RubricDetail>(`/rubrics/${enc(hash)}/publish`, {}, { ifMatch: version }),
};

export interface UserSummary {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt?: string;
}

/** A user and its one-time password: the server shows it this once and keeps only its hash. */
export interface UserWithPassword {
  readonly user: UserSummary;
  readonly password: string;
}

export const usersApi = {
  list: () => api.get<UserSummary[]>('/users'),
  create: (body: { username: string; role: Role; unitCode?: string }) => api.post<UserWithPassword>('/users', body),
  disable: (username: string) => api.post<UserSummary>(`/users/${enc(username)}/disable`),
  enable: (username: string) => api.post<UserSummary>(`/users/${enc(username)}/enable`),
  resetPassword: (username: string) => api.post<UserWithPassword>(`/users/${enc(username)}/reset-password`),
  assign: (username: string, body: { role: Role; unitCode?: string }) => api.put<UserSummary>(`/users/${enc(username)}`, body),
};
