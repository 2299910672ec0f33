/**
 * The single mapping from errors to HTTP (OPA's writer.ErrorAuto): every error body is
 * { code, message, errors? } with the message in Chinese and a stable English code.
 */
import type { Response } from 'express';
import { KaoheError, type Problem } from '../core/index.js';
import { ServiceError, type ServiceErrorCode } from '../services/errors.js';

const STATUS: Readonly<Record<ServiceErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  version_required: 428,
  deadline_passed: 409,
  invalid: 400,
  too_large: 413,
  idempotency_mismatch: 422,
  throttled: 429,
  unavailable: 503,
};

export interface ErrorV1 {
  code: string;
  message: string;
  errors?: { path: string; code: string; message: string }[];
}

function problems(list: readonly Problem[]): ErrorV1['errors'] {
  return list.length === 0 ? undefined : list.map((p) => ({ path: p.path, code: p.code, message: p.message }));
}

export function errorResponse(error: unknown): { status: number; body: ErrorV1 } {
  if (error instanceof ServiceError) return { status: STATUS[error.code], body: { code: error.code, message: error.message, errors: problems(error.problems) } };
  if (error instanceof KaoheError) return { status: 400, body: { code: 'invalid', message: '输入有误', errors: problems(error.problems) } };
  const e = error as { type?: string; status?: number; expose?: boolean };
  // body-parser's own errors: malformed JSON, too large, wrong charset.
  if (e.type === 'entity.parse.failed') {
    if (String((error as Error).message).includes('"__proto__"')) return { status: 400, body: { code: 'invalid', message: '请求体中不能出现名为 "__proto__" 的键' } };
    return { status: 400, body: { code: 'json_invalid', message: '请求体不是有效的 JSON' } };
  }
  if (e.type === 'entity.too.large') return { status: 413, body: { code: 'too_large', message: '请求体过大' } };
  if (e.status !== undefined && e.status >= 400 && e.status < 500 && e.expose) {
    return { status: e.status, body: { code: 'bad_request', message: '请求有误' } };
  }
  return { status: 500, body: { code: 'internal', message: '服务器内部错误，请联系管理员（已记录）' } };
}

export function sendError(res: Response, error: unknown): void {
  const { status, body } = errorResponse(error);
  if (error instanceof ServiceError && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
  if (status === 500) console.error(error);
  res.status(status).json(body);
}
