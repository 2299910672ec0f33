/**
 * The seed assessment in memory: the 14 evidence files of seeds/evidence/2015, read
 * as JSON, optionally edited, checked and assessed with rubrics/gansu-2015.json
 * through the core (no CLI, no files written).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type ResultsV1, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { seedEvidenceDir, seedRubric } from './cli.js';

// Evidence is edited as plain JSON, the way a unit or an examiner writes it.
export type EvidenceJson = any;
export type UnitResult = ResultsV1['units'][number];

export function seedEvidenceFiles(): string[] {
  return readdirSync(seedEvidenceDir)
    .filter((n) => n.endsWith('.json'))
    .sort();
}

export function seedEvidenceJson(): EvidenceJson[] {
  return seedEvidenceFiles().map((n) => JSON.parse(readFileSync(path.join(seedEvidenceDir, n), 'utf8')));
}

/** Assesses the seed evidence, after `edit` has changed the documents of the units it names (by code). */
export function assessSeeds(edit: Record<string, (evidence: EvidenceJson) => void> = {}): ResultsV1 {
  const rubric = parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
  const documents = seedEvidenceJson();
  for (const e of documents) edit[e.unit.code]?.(e);
  const evidences = documents.map((e) => parseEvidence(e));
  return buildResults(rubric, assess(rubric, evidences, { engineVersion: 'test', year: rubric.year }), evidences);
}

export function unitOf(results: ResultsV1, code: string): UnitResult {
  const unit = results.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the results`);
  return unit;
}
