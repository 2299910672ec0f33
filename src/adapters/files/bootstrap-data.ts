/** What a new installation starts with: seeds/units.json and the rubrics under rubrics/. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { UnitRecord } from '../../records/index.js';
import { packageRoot } from '../../package-info.js';
import { loadUnits } from './units.js';

export function initialUnits(): UnitRecord[] {
  return loadUnits(path.join(packageRoot, 'seeds', 'units.json')).units.map((u) => ({ code: u.code, name: u.name, kind: u.kind }));
}

export function initialRubricSources(): string[] {
  const dir = path.join(packageRoot, 'rubrics');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}
