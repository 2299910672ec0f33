/**
 * Rubric documents read as plain JSON, as an author or a reviewer sees them: where is
 * each item, under which JSON path, and which strings in it does a user read.
 */
import { readFileSync } from 'node:fs';

export interface FieldJson {
  key: string;
  label: string;
  type: string;
  default?: unknown;
  required?: boolean;
  filledBy?: string;
  [more: string]: unknown;
}

export interface ItemJson {
  code: string;
  title: string;
  points: number;
  cap?: number;
  method: string;
  lead: string[];
  cooperate?: string[];
  task?: number;
  key?: boolean;
  notApplicable?: { score: number | 'full'; when?: string };
  fields: FieldJson[];
  rule: unknown;
  [more: string]: unknown;
}

export interface VetoJson {
  code: string;
  title: string;
  method: string;
  basis?: string;
  fields: FieldJson[];
  rule: unknown;
  result?: string;
}

export interface RubricJson {
  id: string;
  version: string;
  year: number;
  title: string;
  total: number;
  precision: number;
  rounding: string;
  sections: { code: string; title: string; points: number; weight?: number; indicators: { code: string; title: string; checkpoints: ItemJson[] }[] }[];
  bonus?: { title: string; cap: number; items: ItemJson[] };
  deductions?: { title: string; cap?: number; items: ItemJson[] };
  vetoes?: VetoJson[];
  result: { grades: { grade: string; min?: number; label?: string; text?: string; consequence?: string }[]; veto?: string; [more: string]: unknown };
  ranking?: Record<string, unknown>;
  flags?: { code: string; kind: string; count: number; label: string; obligation?: string }[];
  [more: string]: unknown;
}

export function readRubricJson(file: string): RubricJson {
  return JSON.parse(readFileSync(file, 'utf8')) as RubricJson;
}

/** Every checkpoint with its JSON path, in document order. */
export function checkpointsOf(rubric: RubricJson): { path: string; checkpoint: ItemJson; section: string }[] {
  return rubric.sections.flatMap((s, si) =>
    s.indicators.flatMap((ind, ii) =>
      ind.checkpoints.map((checkpoint, ci) => ({ path: `$.sections[${si}].indicators[${ii}].checkpoints[${ci}]`, checkpoint, section: s.code })),
    ),
  );
}

/** A checkpoint and its JSON path; the object is the document's own, so a copy can be edited through it. */
export function findCheckpoint(rubric: RubricJson, code: string): { path: string; checkpoint: ItemJson } {
  const found = checkpointsOf(rubric).find((c) => c.checkpoint.code === code);
  if (!found) throw new Error(`no checkpoint ${code} in ${rubric.id}`);
  return found;
}

/** Every string value in a JSON document, with its path: what a Simplified-Chinese check must read. */
export function stringsIn(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [{ path: `${path} (key)`, text: k }, ...stringsIn(v, `${path}.${k}`)]);
  }
  return [];
}
