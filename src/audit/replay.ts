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
 * The work falls in two halves that read nothing of each other until the end: the part
 * hashes and the second evaluator (replayAside), and the rest (beginReplay). The CLI runs
 * the first on a second thread, on its own parse of the same bytes, while this one does
 * the second; replayBundle runs both here, one after the other. Either way the report is
 * the same, its problems in the order above.
 *
 * Pure: the caller reads the file. Hashes are taken of the bundle as read (`raw`), not
 * of zod's output, which drops unknown keys: a key added to a part must change its hash.
 */
import { type Rubric, checkRubric, readEvidence } from '../core/index.js';
import type { BundleV1 } from './bundle.js';
import { chainProblems } from './replay/chain.js';
import { crossHashProblems } from './replay/cross-hashes.js';
import { mergeProblems } from './replay/merge.js';
import { hashParts, partHashProblems } from './replay/part-hashes.js';
import { recompute } from './replay/recompute.js';
import { runTextHashes } from './replay/run-texts.js';
import type { ReplayProblem, ReplayReport } from './replay/report.js';
import { replayable, schemaProblems } from './replay/schema.js';
import { type ReadEvidence, type SecondEvaluation, secondEvaluation } from './second-evaluator.js';

export type { ReplayProblem, ReplayReport } from './replay/report.js';

/** The half of replay that needs nothing from the other: plain data, so that it can cross from a worker thread. */
export interface ReplayAside {
  /** Every part's content hash, by part name (hashParts). */
  readonly hashes: ReadonlyMap<string, string>;
  /** The second evaluator's findings; null when the rubric does not parse (the other half says why). */
  readonly second: SecondEvaluation | null;
}

/**
 * What beginReplay leaves: the report itself when the bundle cannot be replayed, or the
 * step that finishes it with the other half (made here when not given).
 */
export type BegunReplay = { readonly report: ReplayReport } | { readonly finish: (aside?: ReplayAside) => ReplayReport };

function report(problems: ReplayProblem[], units: number, checkpoints = 0, second = { checkpoints: 0, disagreements: 0 }): ReplayReport {
  return { ok: problems.length === 0, problems, units, checkpoints, secondEvaluator: second };
}

/**
 * Steps 2 and 7 on a bundle that holds the replay's schema (beginReplay checks it, on
 * the same bytes): each part hashed, and the second evaluation. Throws on one that does not.
 */
export function replayAside(bundle: BundleV1): ReplayAside {
  const check = checkRubric(bundle.rubric);
  if (!check.ok) return { hashes: hashParts(bundle), second: null };
  const evidences = bundle.units.map((u) => u.evidence);
  return asideOf(
    bundle,
    check.rubric,
    evidences.map((e) => readEvidence(check.rubric, e)),
  );
}

/** `read`: the bundle's evidence as readEvidence reads it, read once when both halves run here. */
function asideOf(bundle: BundleV1, rubric: Rubric | null, read: readonly ReadEvidence[]): ReplayAside {
  const hashes = hashParts(bundle);
  if (rubric === null) return { hashes, second: null };
  const evidences = bundle.units.map((u) => u.evidence);
  return { hashes, second: secondEvaluation(rubric, evidences, bundle.results, bundle.previous?.evidence, read) };
}

/** Everything but replayAside's half, on this thread: the schema first, then the rest, finished once the other half is given. */
export function beginReplay(raw: unknown): BegunReplay {
  const units = (raw as { units?: unknown } | null)?.units;
  const refused = (schema: ReplayProblem[]) => report(schema, Array.isArray(units) ? units.length : 0);
  if (!replayable(raw)) return { report: refused(schemaProblems(raw)) };
  const bundle = raw as BundleV1;
  const finishChecks = replayChecks(bundle);
  return {
    finish: (aside?: ReplayAside) => {
      const found = finishChecks(aside);
      // A bundle outside the schema is refused with the schema's problems alone, as before any
      // check: replayable() leaves the results' traces to the comparison, and a bundle that
      // replays clean holds the schema (schema.ts), so only one with problems is checked whole.
      if (!found.ok) {
        const schema = schemaProblems(raw);
        if (schema.length > 0) return refused(schema);
      }
      return found;
    },
  };
}

/** Both halves on this thread, one after the other. */
export function replayBundle(raw: unknown): ReplayReport {
  const begun = beginReplay(raw);
  return 'report' in begun ? begun.report : begun.finish();
}

function replayChecks(bundle: BundleV1): (aside?: ReplayAside) => ReplayReport {
  const texts = runTextHashes(bundle);
  const chain = chainProblems(bundle, texts);
  const withHashes = (aside: ReplayAside, rest: ReplayProblem[]) => [
    ...partHashProblems(bundle, aside.hashes),
    ...crossHashProblems(bundle, aside.hashes, texts),
    ...chain,
    ...rest,
  ];
  const check = checkRubric(bundle.rubric);
  if (!check.ok) {
    const rubric = check.problems.map((p) => ({ part: 'rubric', kind: 'rubric', message: `审计包中的考核细则无法解析：${p.path}：${p.message}` }));
    return (aside = asideOf(bundle, null, [])) => report(withHashes(aside, rubric), bundle.units.length);
  }
  const rubric = check.rubric;
  const merged = mergeProblems(rubric, bundle);
  const evidences = bundle.units.map((u) => u.evidence);
  const read = evidences.map((e) => readEvidence(rubric, e));
  const recomputed = recompute(rubric, evidences, read, bundle.results, bundle.previous?.evidence, texts?.units);
  return (aside = asideOf(bundle, rubric, read)) => {
    const second = aside.second ?? { checkpoints: 0, problems: [] };
    const problems = withHashes(aside, [...merged, ...recomputed.problems, ...second.problems]);
    return report(problems, bundle.units.length, recomputed.checkpoints, { checkpoints: second.checkpoints, disagreements: second.problems.length });
  };
}
