/** Default inputs and outputs of the main job, relative to where Kaohe is installed. */
import path from 'node:path';
import { packageRoot } from '../package-info.js';

export const DEFAULT_RUBRIC = path.join(packageRoot, 'rubrics', 'gansu-2015.json');
export const DEFAULT_UNITS = path.join(packageRoot, 'seeds', 'units.json');
export const defaultEvidenceDir = (year: number) => path.join(packageRoot, 'seeds', 'evidence', String(year));
export const defaultOutDir = (year: number) => path.join(packageRoot, 'reports', String(year));

/** Paths as a user wants to read them: relative to where they stand when that is shorter. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.length < file.length && !relative.startsWith('..') ? relative : file;
}
