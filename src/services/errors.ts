/**
 * What a use case can refuse, as data: a stable English code and a message a user
 * reads. api/errors.ts is the one place that turns these into HTTP statuses.
 */

export type ServiceErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'stale'
  | 'version_required'
  | 'deadline_passed'
  | 'invalid'
  | 'too_large'
  | 'idempotency_mismatch'
  /** Too many attempts from one user or address: try again after `retryAfterSeconds`. */
  | 'throttled'
  /** Something the service needs (the database, Chromium, a font) is not there now; nothing was changed. */
  | 'unavailable'
  /** A browser session's write without the session's X-CSRF-Token (403). */
  | 'csrf'
  /** A browser session whose password must be changed first (403). */
  | 'password_change_required';

/** A problem at a JSON path: the core's, or one a service finds (a password against the policy). */
export interface ServiceProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
  /** A spreadsheet cell's problem in parts (an imported workbook), so a page can show them as columns. */
  readonly cell?: CellDetail;
}

/** The parts of a workbook cell's problem: the checkpoint, the field, what the cell holds, and why it was refused. */
export interface CellDetail {
  readonly item?: string;
  readonly field?: string;
  readonly found?: string;
  readonly reason: string;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly problems: readonly ServiceProblem[] = [],
    /** For `throttled` and `unavailable`: when a retry may succeed (HTTP Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what}不存在`);
export const forbidden = (why: string) => new ServiceError('forbidden', why);
export const conflict = (why: string) => new ServiceError('conflict', why);
export const stale = (what: string) => new ServiceError('stale', `${what}已被他人修改：请重新读取最新版本后再提交（If-Match 中的版本已过期）`);
export const invalid = (message: string, problems: readonly ServiceProblem[] = []) => new ServiceError('invalid', message, problems);
export const throttled = (why: string, retryAfterSeconds: number) => new ServiceError('throttled', why, [], retryAfterSeconds);
export const unavailable = (why: string, retryAfterSeconds?: number) => new ServiceError('unavailable', why, [], retryAfterSeconds);
