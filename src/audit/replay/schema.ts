/**
 * Step 1: the bundle against its schema (bundle.ts). Each problem names the part it is
 * in and the field's path, so that a damaged or foreign file is refused with where and
 * why instead of being half-read.
 */
import { z } from 'zod';
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

const results = bundleSchema.shape.results;
const unit = results.shape.units.element;
const item = unit.shape.items.element;

/**
 * The bundle's schema less two things the recomputation checks in full: each result item's
 * trace is any array (its events are most of a run's results: at 2,851 units, checking them
 * took 1-2 s of replay's 11-14 s), and the results' own refinement (unit codes once each,
 * the summary's count) is left out. A bundle that holds this shape and replays clean has
 * every item, trace included, equal to the core's own (compare-results.ts names any other,
 * and any unit or count that differs), so it holds the whole schema too.
 */
const replayShape = z.object({
  ...bundleSchema.shape,
  results: z.object({
    ...results.shape,
    units: z.array(z.object({ ...unit.shape, items: z.array(z.object({ ...item.shape, trace: z.array(z.unknown()) })) })),
  }),
});

/** Whether the bundle can be replayed: when not, schemaProblems names why. */
export function replayable(raw: unknown): boolean {
  return replayShape.safeParse(raw).success;
}
