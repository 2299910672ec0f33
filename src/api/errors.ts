/**
 * The single mapping from errors to HTTP (OPA's writer.ErrorAuto): every error body is
 * { code, message, errors? } with the message in Chinese and a stable English code.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { KaoheError, type Problem } from '../core/index.js';
import { type CellDetail, ServiceError, type ServiceErrorCode, type ServiceProblem } from '../services/errors.js';
import { RequestError, type RequestProblem } from './request-problems.js';

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
  csrf: 403,
  password_change_required: 403,
};

export interface ErrorV1 {
  code: string;
  message: string;
  errors?: { path: string; code: string; message: string; cell?: CellDetail }[];
}

function problems(list: readonly (Problem | RequestProblem | ServiceProblem)[]): ErrorV1['errors'] {
  if (list.length === 0) return undefined;
  return list.map((p) => ({ path: p.path, code: p.code, message: p.message, ...('cell' in p && p.cell !== undefined ? { cell: p.cell } : {}) }));
}

/** The answer to `error`; a 500 quotes `requestId`, under which sendError logs it. */
function errorResponse(error: unknown, requestId = ''): { status: number; body: ErrorV1 } {
  if (error instanceof RequestError) return { status: error.status, body: { code: error.code, message: error.message, errors: problems(error.problems) } };
  if (error instanceof ServiceError)
    return { status: STATUS[error.code], body: { code: error.code, message: error.message, errors: problems(error.problems) } };
  if (error instanceof KaoheError) return { status: 400, body: { code: 'invalid', message: '输入有误', errors: problems(error.problems) } };
  return { status: 500, body: { code: 'internal', message: `服务器内部错误，已记录在编号 ${requestId} 下；请联系管理员并告知此编号` } };
}

/** The client went away mid-request (a page reloaded, a tab closed): there is nobody to answer, and nothing went wrong here. */
function clientGone(res: Response, error: unknown): boolean {
  return res.req.destroyed && (error as { code?: unknown } | null)?.code === 'ECONNRESET';
}

export function sendError(res: Response, error: unknown): void {
  if (clientGone(res, error)) {
    res.destroy();
    return;
  }
  const requestId = randomUUID();
  const { status, body } = errorResponse(error, requestId);
  if (error instanceof ServiceError && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
  if (status === 500) {
    // Logged before answering, so that the number the message quotes is always findable.
    console.error(`[kaohe] ${requestId} ${res.req.method} ${res.req.originalUrl}:`, error);
    res.setHeader('X-Request-Id', requestId);
  }
  if (res.headersSent) {
    // A streamed download failed midway: the status is gone, so end the connection rather than a truncated file that looks whole.
    res.destroy();
    return;
  }
  res.status(status).json(body);
}
