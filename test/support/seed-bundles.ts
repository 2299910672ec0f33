/**
 * Audit bundles of the seed assessment, made in memory the way `kaohe assess --bundle`
 * makes them: the rubric JSON and the 14 evidence documents, optionally edited,
 * assessed by the core and sealed with bundleFromFiles. Bundle B of a diff is the
 * seeds bundle with an edit, re-scored, so that its results are real.
 */
import { readFileSync } from 'node:fs';
import { type BundleUnit, type BundleV1, bundleFromFiles, sealBundle } from '../../src/audit/index.js';
import { assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { splitEvidence } from '../../src/records/index.js';
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

export interface StoredItems {
  readonly submitted: Record<string, unknown>;
  readonly review: Record<string, unknown>;
}

/**
 * The bundle as if exported from the service: each unit with a submitted submission and
 * a review record holding `recordsOf(unit)` (by default its evidence split by who fills
 * each field, as `kaohe seed` loads the demo evidence).
 */
export function serviceBundle(
  bundle: BundleV1,
  recordsOf: (unit: BundleUnit) => StoredItems = (u) => splitEvidence(parseRubric(bundle.rubric), u.evidence.items ?? {}),
): BundleV1 {
  const { kaohe: _format, manifest, ...content } = bundle;
  const at = '2016-01-10T08:00:00.000Z';
  const units = content.units.map((u): BundleUnit => {
    const { submitted, review } = recordsOf(u);
    return {
      ...u,
      submission: {
        version: 1,
        year: manifest.year,
        unitCode: u.code,
        state: 'submitted',
        items: JSON.stringify(submitted),
        createdAt: at,
        updatedAt: at,
        updatedBy: 'unit',
        submittedAt: at,
        submittedBy: 'unit',
        reopenings: [],
      },
      review: { version: 1, year: manifest.year, unitCode: u.code, items: JSON.stringify(review), updatedBy: 'examiner', updatedAt: at },
    };
  });
  return sealBundle({ ...content, units }, { engine: manifest.engine, year: manifest.year, source: 'service' });
}
