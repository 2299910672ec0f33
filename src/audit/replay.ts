/**
 * kaohe audit replay: everything a bundle claims, checked from the bundle alone, with
 * every problem reported and named (the part, and where relevant the unit, the
 * checkpoint and both values). In order (docs/audit-bundle.md, "What replay checks"):
 *
 * 1. schema: the bundle's shape (replay/schema.ts);
 * 2. part hashes: each part against the manifest (replay/part-hashes.ts);
 * 3. cross-hashes: the rubric, each unit's evidence, last year's evidence when the
 *    results read it, and for a service run the inputs and results texts against the
 *    hashes the other parts record (replay/cross-hashes.ts);
 * 4. the audit chain link by link, and every record against its last entry (replay/chain.ts);
 * 5. the rubric parses; for a service bundle, each unit's evidence is its submission
 *    merged with its review (replay/merge.ts);
 * 6. the results recomputed with the core (with last year's evidence when the bundle
 *    carries it) and compared (replay/recompute.ts);
 * 7. the second evaluator: every item again with another JsonLogic implementation and
 *    decimal arithmetic (second-evaluator.ts).
 *
 * Pure: the caller reads the file. Hashes are taken of the bundle as read (`raw`), not
 * of zod's output, which drops unknown keys: a key added to a part must change its hash.
 */
import { checkRubric, readEvidence } from '../core/index.js';
import type { BundleV1 } from './bundle.js';
import { chainProblems } from './replay/chain.js';
import { crossHashProblems } from './replay/cross-hashes.js';
import { mergeProblems } from './replay/merge.js';
import { hashParts, partHashProblems } from './replay/part-hashes.js';
import { recompute } from './replay/recompute.js';
import { runTextHashes } from './replay/run-texts.js';
import type { ReplayProblem, ReplayReport } from './replay/report.js';
import { replayable, schemaProblems } from './replay/schema.js';
import { secondEvaluation } from './second-evaluator.js';

export type { ReplayProblem, ReplayReport } from './replay/report.js';

function report(problems: ReplayProblem[], units: number, checkpoints = 0, second = { checkpoints: 0, disagreements: 0 }): ReplayReport {
  return { ok: problems.length === 0, problems, units, checkpoints, secondEvaluator: second };
}

export function replayBundle(raw: unknown): ReplayReport {
  const units = (raw as { units?: unknown } | null)?.units;
  const refused = (schema: ReplayProblem[]) => report(schema, Array.isArray(units) ? units.length : 0);
  if (!replayable(raw)) return refused(schemaProblems(raw));
  const bundle = raw as BundleV1;
  const found = replayChecks(bundle);
  // A bundle outside the schema is refused with the schema's problems alone, as before any
  // check: replayable() leaves the results' traces to the comparison, and a bundle that
  // replays clean holds the schema (schema.ts), so only one with problems is checked whole.
  if (!found.ok) {
    const schema = schemaProblems(raw);
    if (schema.length > 0) return refused(schema);
  }
  return found;
}

function replayChecks(bundle: BundleV1): ReplayReport {
  const hashes = hashParts(bundle);
  const texts = runTextHashes(bundle);
  const problems = [...partHashProblems(bundle, hashes), ...crossHashProblems(bundle, hashes, texts), ...chainProblems(bundle, texts)];
  const check = checkRubric(bundle.rubric);
  if (!check.ok) {
    problems.push(...check.problems.map((p) => ({ part: 'rubric', kind: 'rubric', message: `审计包中的考核细则无法解析：${p.path}：${p.message}` })));
    return report(problems, bundle.units.length);
  }
  const rubric = check.rubric;
  problems.push(...mergeProblems(rubric, bundle));

  const evidences = bundle.units.map((u) => u.evidence);
  const previous = bundle.previous?.evidence;
  const read = evidences.map((e) => readEvidence(rubric, e));
  const recomputed = recompute(rubric, evidences, read, bundle.results, previous, texts?.units);
  problems.push(...recomputed.problems);
  const second = secondEvaluation(rubric, evidences, bundle.results, previous, read);
  problems.push(...second.problems);
  return report(problems, bundle.units.length, recomputed.checkpoints, { checkpoints: second.checkpoints, disagreements: second.problems.length });
}
