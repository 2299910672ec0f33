/**
 * Scoring a run's evidence documents with the core, in one place, so that creating a
 * run and verifying it later (kaohe audit verify) produce the same bytes from the same
 * inputs. The texts are compact JSON: the same content as the results.json that
 * `kaohe assess` writes, less than half its size, and byte for byte the body
 * GET /api/cycles/:cycle/runs/:run sends for a run of up to one page of units (100),
 * so a reader can hash the response and compare it with resultsHash. Compact JSON is
 * also what lets a run be stored a unit at a time (run-pieces.ts).
 */
import {
  type EvidenceDocument,
  KaoheError,
  type PreparedEvidence,
  type Problem,
  type Rubric,
  assessPrepared,
  buildResults,
  readEvidence,
  sha256,
} from '../../core/index.js';

export interface ScoredRun {
  /** JSON text of the evidence documents, one per unit, in unit-code order. */
  readonly inputs: string;
  readonly inputsHash: string;
  /** results.json text. */
  readonly results: string;
  readonly resultsHash: string;
}

export type ScoreOutcome = { ok: true; run: ScoredRun } | { ok: false; problems: Problem[] };

/** `$.items…` of one unit's evidence as a path into the run's inputs. */
function unitPath(unitCode: string, path: string): string {
  return `$.units[${JSON.stringify(unitCode)}]${path.slice(1)}`;
}

const textOf = (value: unknown) => JSON.stringify(value);

/**
 * `previous`: last year's evidence documents, given only when the rubric reads last year
 * (otherwise the run is scored, and its results written, exactly as without it).
 */
export function scoreRun(rubric: Rubric, evidences: readonly EvidenceDocument[], engineVersion: string, previous?: readonly EvidenceDocument[]): ScoreOutcome {
  const prepared: PreparedEvidence[] = [];
  const problems: Problem[] = [];
  for (const evidence of evidences) {
    const read = readEvidence(rubric, evidence);
    prepared.push(read.inputs);
    for (const p of read.problems) problems.push({ ...p, path: unitPath(evidence.unit.code, p.path) });
  }
  if (problems.length > 0) return { ok: false, problems };
  let assessment;
  try {
    assessment = assessPrepared(rubric, prepared, { engineVersion, year: rubric.year, ...(previous !== undefined && { previous }) });
  } catch (error) {
    // Last year's evidence this year's rubric refuses (a value out of this year's range): named, not thrown.
    if (error instanceof KaoheError) return { ok: false, problems: [...error.problems] };
    throw error;
  }
  const inputs = textOf(evidences);
  const results = textOf(buildResults(rubric, assessment, evidences));
  return { ok: true, run: { inputs, inputsHash: sha256(inputs), results, resultsHash: sha256(results) } };
}
