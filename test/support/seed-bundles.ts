/**
 * Audit bundles of the seed assessment, made in memory the way `kaohe assess --bundle`
 * makes them: the rubric JSON and the 14 evidence documents, optionally edited,
 * assessed by the core and sealed with bundleFromFiles. Bundle B of a diff is the
 * seeds bundle with an edit, re-scored, so that its results are real.
 */
import { readFileSync } from 'node:fs';
import { type BundleV1, bundleFromFiles } from '../../src/audit/index.js';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { seedRubric } from './cli.js';
import { type EvidenceJson, seedEvidenceJson } from './seeds.js';

// The rubric is edited as plain JSON, the way its authors write it.
export type RubricJson = any;

export interface SeedEdits {
  /** Edits to units' evidence documents, by unit code. */
  readonly evidence?: Record<string, (evidence: EvidenceJson) => void>;
  readonly rubric?: (rubric: RubricJson) => void;
}

export function seedRubricJson(): RubricJson {
  return JSON.parse(readFileSync(seedRubric, 'utf8'));
}

export function seedBundle(edits: SeedEdits = {}): BundleV1 {
  const rubricJson = seedRubricJson();
  edits.rubric?.(rubricJson);
  const rubric = parseRubric(rubricJson);
  const documents = seedEvidenceJson();
  for (const e of documents) edits.evidence?.[e.unit.code]?.(e);
  const evidence = documents.map((e) => parseEvidence(e));
  const results = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: rubric.year }), evidence);
  return bundleFromFiles({ rubric: rubricJson, evidence, results, engineVersion: 'test' });
}

/** The checkpoint of a rubric JSON with this code (edited in place by the caller). */
export function checkpointJson(rubric: RubricJson, code: string): RubricJson {
  for (const section of rubric.sections) for (const indicator of section.indicators) for (const c of indicator.checkpoints) if (c.code === code) return c;
  throw new Error(`no checkpoint ${code} in the rubric`);
}
