/**
 * The one way the pages reach the API: same-origin fetch with the session cookie, the
 * CSRF token on every write, and errors as ApiError ({code, message, errors?} from the
 * server, in Chinese). A 401 tells the session (which sends the user to sign in, keeping
 * any unsaved draft in localStorage).
 */

export interface ApiProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
  /** An imported workbook cell's problem in parts. */
  readonly cell?: { readonly item?: string; readonly field?: string; readonly found?: string; readonly reason: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The CSRF token, for writes that cannot go through request() (uploads, which need XMLHttpRequest's progress). */
export function currentCsrfToken(): string {
  return csrfToken;
}

/** Tells the session a write outside request() was answered 401. */
export function reportUnauthenticated(): void {
  onUnauthenticated?.();
}

/** Called when the server answers 401 to anything but the sign-in calls themselves. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** The version read, sent as If-Match. */
  readonly ifMatch?: number;
  readonly headers?: Record<string, string>;
  /** Do not report a 401 to the session (sign-in, the session probe). */
  readonly quiet401?: boolean;
}

function isErrorBody(value: unknown): value is { code: string; message: string; errors?: ApiProblem[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    // no-store: the API's ETag is the record's version, which an upload of a material does not change, so a
    // revalidated GET of a submission would come back 304 with the cached copy, without the new material.
    res = await fetch(`/api${path}`, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试；已填写的内容保存在本机浏览器中');
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !options.quiet401) {
      onUnauthenticated?.();
      // The server's words for a request without a session name the API's bearer token, which a user of the pages never sees.
      throw new ApiError(401, 'unauthenticated', SESSION_ENDED);
    }
    if (isErrorBody(parsed)) throw new ApiError(res.status, parsed.code, parsed.message, parsed.errors ?? []);
    throw new ApiError(res.status, 'http_' + res.status, `服务器返回错误（HTTP ${res.status}）`);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PUT', path, { ...options, body }),
};

/** What a call refused because the session ended says, wherever a page shows it. */
export const SESSION_ENDED = '登录已失效，请重新登录';

/** Whether a call failed because the session ended: the sign-in page, where the session sends the user, says so; a toast would say it twice. */
export const sessionEnded = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The message to show for any error a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
