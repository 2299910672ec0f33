/**
 * A bundle made by `kaohe assess --bundle` from files: the rubric file, each unit's
 * evidence file and the results. There is no database behind it, so it has no stored
 * records, no run and no audit chain; replay still recomputes every score from it.
 */
import type { EvidenceDocument, ResultsV1 } from '../core/index.js';
import { type BundleV1, sealBundle } from './bundle.js';

export interface FilesBundleInput {
  /** The rubric file's JSON, as read. */
  readonly rubric: unknown;
  readonly evidence: readonly EvidenceDocument[];
  readonly results: ResultsV1;
  readonly engineVersion: string;
  readonly asOf?: string;
  /** Last year's evidence, when the results read it (they name previousEvidenceHash); carried as given. */
  readonly previous?: readonly EvidenceDocument[];
}

export function bundleFromFiles(input: FilesBundleInput): BundleV1 {
  const units = [...input.evidence]
    .sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0))
    .map((evidence) => ({ code: evidence.unit.code, name: evidence.unit.name, evidence, submission: null, review: null, materials: [] }));
  return sealBundle(
    {
      rubric: input.rubric,
      units,
      results: input.results,
      run: null,
      audit: [],
      notes: [],
      ...(input.previous !== undefined && input.results.previousEvidenceHash !== undefined && { previous: { evidence: input.previous } }),
    },
    {
      engine: { name: 'kaohe', version: input.engineVersion },
      year: input.results.year,
      source: 'files',
      ...(input.asOf !== undefined && { createdAt: input.asOf }),
    },
  );
}
