/**
 * A 400 that concerns one part of the request, named by its JSON path ($.body.items,
 * $.query.limit, $.headers["if-match"], $.path): what the edge refuses before any
 * service sees the request. Codes are English and stable; messages are Chinese.
 */
import { at } from '../core/errors.js';
import { textFault } from '../services/text.js';

export interface RequestProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly RequestProblem[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * The problems as one 400, its code the problems' own when they share one. A
 * forbidden key is refused like any unknown field, so its answer's code is 'invalid'.
 */
export function refused(message: string, problems: readonly RequestProblem[]): RequestError {
  const codes = new Set(problems.map((p) => p.code));
  const shared = codes.size === 1 ? [...codes][0] : undefined;
  return new RequestError(400, shared === undefined || shared === 'key_forbidden' ? 'invalid' : shared, message, problems);
}

export const headerPath = (name: string) => at('$.headers', name);

/** One header's problem as a 400. */
export function headerRefused(name: string, code: string, message: string): RequestError {
  return refused(message, [{ path: headerPath(name), code, message }]);
}

/** Nesting deeper than any request needs (a rubric at the rule checker's own depth limit included, so that its message names the rule); keeps every recursive walk after this one safe. */
const MAX_DEPTH = 160;

/** Enough to fix a request by; a body with a million bad strings does not need a million-line answer. */
const MAX_PROBLEMS = 100;

interface Node {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
  /** The object key this value is under, checked like any string. */
  readonly key?: string;
}

/** Every string the text rule refuses, object keys included, and every number JSON.parse made infinite, in document order. */
export function jsonProblems(value: unknown, root: string): RequestProblem[] {
  const out: RequestProblem[] = [];
  const stack: Node[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && out.length < MAX_PROBLEMS) {
    const { value: v, path, depth, key } = stack.pop() as Node;
    if (key !== undefined) {
      const fault = textFault(key);
      if (fault !== undefined) out.push({ path, code: 'text_invalid', message: `键名${fault}` });
      if (key === '__proto__') out.push({ path, code: 'key_forbidden', message: '请求体中不能出现名为 "__proto__" 的键' });
    }
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault !== undefined) out.push({ path, code: 'text_invalid', message: `文本${fault}` });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push({ path, code: 'number_invalid', message: '数值超出范围（如 1e999）：只接受有限的数' });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) {
        out.push({ path, code: 'json_too_deep', message: `嵌套超过 ${MAX_DEPTH} 层` });
        continue;
      }
      // Pushed in reverse, so that they are popped in document order.
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: at(path, i), depth: depth + 1 });
      } else {
        for (const k of Object.keys(v).reverse()) stack.push({ value: (v as Record<string, unknown>)[k], path: at(path, k), depth: depth + 1, key: k });
      }
    }
  }
  return out;
}
