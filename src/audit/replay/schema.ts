/**
 * Step 1: the bundle against its schema (bundle.ts). Each problem names the part it is
 * in and the field's path, so that a damaged or foreign file is refused with where and
 * why instead of being half-read.
 */
import { bundleSchema } from '../bundle.js';
import type { ReplayProblem } from './report.js';

type Key = PropertyKey;

/** The part a schema path is in, by bundleParts()'s names (units by their code when it can be read). */
function partOf(raw: unknown, path: readonly Key[]): string {
  const [top, index, sub] = path;
  if (top === 'units' && typeof index === 'number') {
    const code = (raw as { units?: { code?: unknown }[] }).units?.[index]?.code;
    const unit = typeof code === 'string' && code !== '' ? code : `#${index}`;
    return typeof sub === 'string' && ['evidence', 'submission', 'review', 'materials'].includes(sub) ? `units/${unit}/${sub}` : `units/${unit}`;
  }
  if (top === 'kaohe' || top === undefined) return 'manifest';
  return String(top);
}

/** `$.units[3].evidence.items["G10.1"]`-style path. */
function pathText(path: readonly Key[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number'
        ? `${text}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `${text}.${String(key)}`
          : `${text}[${JSON.stringify(String(key))}]`,
    '$',
  );
}

export function schemaProblems(raw: unknown): ReplayProblem[] {
  const parsed = bundleSchema.safeParse(raw);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const part = partOf(raw, issue.path);
    const unitCode = /^units\/([^/#]+)/.exec(part)?.[1];
    return { part, kind: 'schema', ...(unitCode !== undefined && { unitCode }), message: `审计包格式不符：${pathText(issue.path)}：${issue.message}` };
  });
}
