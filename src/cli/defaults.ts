/** Default inputs and outputs of the main job, relative to where Kaohe is installed. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-info.js';

export const RUBRICS_DIR = path.join(packageRoot, 'rubrics');
/** The rubric the main job assesses when none is named: its newest version is taken. */
export const DEFAULT_RUBRIC_ID = 'gansu-2015';
/** The first published Gansu rubric (1.0.0), on which the demo database is seeded. */
export const FIRST_GANSU_RUBRIC = path.join(RUBRICS_DIR, 'gansu-2015.json');
export const DEFAULT_UNITS = path.join(packageRoot, 'seeds', 'units.json');
export const defaultOutDir = (year: number) => path.join(packageRoot, 'reports', String(year));

/** "1.10.0" after "1.9.0": versions compared number by number, as semantic versions are (the rubric schema allows only x.y.z). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The file of the newest version of rubric `id` in `dir`, by each file's own `version`
 * (a file name says nothing binding: gansu-2015.json is 1.0.0). Files that are not
 * rubric JSON, or have another id, are passed over; the caller reports a broken one when
 * it loads it.
 */
export function newestRubricFile(dir: string = RUBRICS_DIR, id: string = DEFAULT_RUBRIC_ID): string {
  let newest: { file: string; version: string } | undefined;
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, name);
    let head: { id?: unknown; version?: unknown };
    try {
      head = JSON.parse(readFileSync(file, 'utf8')) as typeof head;
    } catch {
      continue;
    }
    if (head.id !== id || typeof head.version !== 'string') continue;
    if (newest === undefined || compareVersions(head.version, newest.version) > 0) newest = { file, version: head.version };
  }
  if (newest === undefined) throw new Error(`${dir} 中没有考核细则 ${id}`);
  return newest.file;
}

const SEEDS_DIR = path.join(packageRoot, 'seeds', 'evidence');
/** A body's seeds (兰州市's counties: seeds/evidence/2015-620100) are named by year and body. */
const BODY_SEEDS = /^(\d{4})-(\d{6})$/;

/** The rubric id the evidence files in `dir` name (the first file's), if it reads as evidence. */
function seededRubricId(dir: string): string | undefined {
  const first = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort()[0]
    : undefined;
  if (first === undefined) return undefined;
  try {
    const head = JSON.parse(readFileSync(path.join(dir, first), 'utf8')) as { rubric?: unknown };
    return typeof head.rubric === 'string' ? head.rubric : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The seeded evidence for a rubric: seeds/evidence/<year>-<version> where a version has
 * seeds of its own (1.1.0 asks for fields and filed targets 1.0.0 did not), else
 * seeds/evidence/<year> (1.0.0's), else a body's seeds of the year whose files are for
 * this rubric (lanzhou-2015's: seeds/evidence/2015-620100). A folder whose files are for
 * another rubric is passed over; with none found, the year's, whose loading then names
 * the mismatch.
 */
export function defaultEvidenceDir(rubric: { readonly id: string; readonly year: number; readonly version: string }): string {
  const bodies = existsSync(SEEDS_DIR) ? readdirSync(SEEDS_DIR).filter((n) => BODY_SEEDS.exec(n)?.[1] === String(rubric.year)) : [];
  const names = [`${rubric.year}-${rubric.version}`, String(rubric.year), ...bodies.sort()];
  const found = names.map((n) => path.join(SEEDS_DIR, n)).find((dir) => seededRubricId(dir) === rubric.id);
  return found ?? path.join(SEEDS_DIR, String(rubric.year));
}

/** Whether `dir` is a body's seeded evidence (seeds/evidence/2015-620100), not the province's. */
export function isBodySeeds(dir: string): boolean {
  return BODY_SEEDS.test(path.basename(dir)) && path.dirname(path.resolve(dir)) === SEEDS_DIR;
}

/** Where the main job writes a cycle's reports: reports/<year>, or reports/2015-620100 for 兰州市's seeds, beside the province's. */
export function defaultOutDirFor(rubric: { readonly year: number }, evidenceDir: string): string {
  return isBodySeeds(evidenceDir) ? path.join(packageRoot, 'reports', path.basename(evidenceDir)) : defaultOutDir(rubric.year);
}

/** Paths as a user wants to read them: relative to where they stand when that is shorter. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.length < file.length && !relative.startsWith('..') ? relative : file;
}
