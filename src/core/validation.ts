/**
 * zod at the edge of the core: parse with Chinese messages and turn every issue into
 * a Problem that names the JSON path and the reason.
 */
import { z } from 'zod';
import { type Problem, at, problem } from './errors.js';

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
