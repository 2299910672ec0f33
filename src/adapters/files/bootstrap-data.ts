/** What a new installation starts with: seeds/units.json, the unit tree it names, and the rubrics under rubrics/. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { UnitRecord } from '../../records/index.js';
import { packageRoot } from '../../package-info.js';
import type { KnownUnitTree } from '../../services/units/units.js';
import { loadUnitTree } from './unit-tree.js';
import { loadUnits } from './units.js';

const REGISTER = path.join(packageRoot, 'seeds', 'units.json');

export function initialUnits(): UnitRecord[] {
  return loadUnits(REGISTER).units.map((u) => ({ code: u.code, name: u.name, kind: u.kind }));
}

let seededTree: KnownUnitTree | undefined;

/** The tree seeds/units.json names, read once: every composition of the services shares it. */
export function initialUnitTree(): KnownUnitTree {
  if (seededTree === undefined) {
    const named = loadUnits(REGISTER).tree;
    if (named === undefined) throw new Error('seeds/units.json names no unit tree');
    const { tree, source } = loadUnitTree(path.resolve(path.dirname(REGISTER), named));
    seededTree = { tree, asOf: source.asOf };
  }
  return seededTree;
}

export function initialRubricSources(): string[] {
  const dir = path.join(packageRoot, 'rubrics');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}
