/**
 * zod at the edge of the core: parse with Chinese messages and turn every issue into
 * a Problem that names the JSON path and the reason.
 */
import { z } from 'zod';
import { type Problem, at, problem } from './errors.js';
import { LIMITS } from './logic/operators.js';

const zhCN = z.locales.zhCN();

export function zodProblems(error: z.ZodError, root = '$'): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((p, key) => at(p, typeof key === 'number' ? key : String(key)), root);
    return problem('schema_invalid', path, issue.message);
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function parseWith<S extends z.ZodType>(schema: S, json: unknown, root = '$'): Parsed<z.output<S>> {
  const result = schema.safeParse(json, { error: zhCN.localeError });
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: zodProblems(result.error, root) };
}

/**
 * JSON nested deeper than any valid document may be. Checked before anything walks
 * the document recursively (zod, rule checks, hashing): a 100,000-level rule must be
 * refused at its path, not overflow the stack. Iterative, and O(size) once.
 */
export function tooDeep(json: unknown, limit: number): Problem | null {
  interface Entry {
    readonly value: unknown;
    readonly depth: number;
    readonly parent: Entry | null;
    readonly key: string | number;
  }
  const stack: Entry[] = [{ value: json, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const { value, depth } = entry;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return depthProblem(entry, limit);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, parent: entry, key: i }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, parent: entry, key: k });
  }
  return null;

  function depthProblem(entry: Entry, max: number): Problem {
    const keys: (string | number)[] = [];
    for (let e: Entry | null = entry; e !== null && e.parent !== null; e = e.parent) keys.push(e.key);
    keys.reverse();
    // Name the rule the nesting is in (its own path is short), else the first levels.
    const rule = keys.indexOf('rule');
    const shown = rule >= 0 ? keys.slice(0, rule + 1) : keys.slice(0, 12);
    const path = shown.reduce<string>((p, k) => at(p, k), '$');
    if (rule >= 0) return problem('logic_too_deep', path, `规则嵌套过深：文档的 JSON 超过 ${max} 层（规则最多嵌套 ${LIMITS.maxDepth} 层）`);
    return problem('schema_invalid', shown.length === keys.length ? path : `${path}…`, `JSON 嵌套超过 ${max} 层`);
  }
}
