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
 * The work can be shared by two threads, each with its own parse of the same bytes:
 * one hashes every part (replayAside), the other checks the rest and recomputes the
 * results (beginReplay), and both then take the second evaluator's units a range at a
 * time from one shared count until none is left, so that the one done first does more
 * of it. replayBundle does it all on one thread. Either way the report is the same, its
 * problems in the order above.
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
import { type ReadEvidence, type SecondEvaluation, secondEvaluator } from './second-evaluator.js';

export type { ReplayProblem, ReplayReport } from './replay/report.js';

/** Units of the results the second evaluator takes at a time: small enough that neither thread waits long for the other at the end. */
export const SECOND_EVALUATOR_RANGE = 16;

/** Gives the next range's number (0, 1, 2, …), counted across both threads; a number past the last range means none is left. */
export type NextRange = () => number;

/** The second evaluator's findings on the ranges of units one thread took, by range number. */
export type SecondRanges = ReadonlyMap<number, SecondEvaluation>;

/** The worker's half: plain data, so that it can cross from a worker thread. */
export interface ReplayAside {
  /** Every part's content hash, by part name (hashParts). */
  readonly hashes: ReadonlyMap<string, string>;
  /** The ranges of the second evaluator this thread took (none when the rubric does not parse: the other half says why). */
  readonly second: SecondRanges;
}

/**
 * What beginReplay leaves: the report itself when the bundle cannot be replayed, or the
 * second evaluator's ranges to take, then the step that joins them with the other half's.
 */
export type BegunReplay =
  | { readonly report: ReplayReport }
  | { readonly evaluate: (next: NextRange) => SecondRanges; readonly finish: (aside: ReplayAside, mine: SecondRanges) => ReplayReport };

function report(problems: ReplayProblem[], units: number, checkpoints = 0, second = { checkpoints: 0, disagreements: 0 }): ReplayReport {
  return { ok: problems.length === 0, problems, units, checkpoints, secondEvaluator: second };
}

/** The second evaluator on each range `next` gives until none is left. */
function takeRanges(evaluate: ((from: number, to: number) => SecondEvaluation) | null, units: number, next: NextRange): SecondRanges {
  const taken = new Map<number, SecondEvaluation>();
  if (evaluate === null) return taken;
  for (let range = next(); range * SECOND_EVALUATOR_RANGE < units; range = next()) {
    taken.set(range, evaluate(range * SECOND_EVALUATOR_RANGE, (range + 1) * SECOND_EVALUATOR_RANGE));
  }
  return taken;
}

/**
 * Step 2 on a bundle that holds the replay's schema (beginReplay checks it, on the same
 * bytes): each part hashed; then the second evaluator's ranges that `next` gives. Throws
 * on a bundle outside the schema.
 */
export function replayAside(bundle: BundleV1, next: NextRange): ReplayAside {
  const hashes = hashParts(bundle);
  const check = checkRubric(bundle.rubric);
  if (!check.ok) return { hashes, second: new Map() };
  const read = bundle.units.map((u) => readEvidence(check.rubric, u.evidence));
  return { hashes, second: takeRanges(secondEvaluator(check.rubric, bundle.results, bundle.previous?.evidence, read), bundle.results.units.length, next) };
}

/** Everything but the part hashes, on this thread: the schema first, then the rest up to the second evaluator. */
export function beginReplay(raw: unknown): BegunReplay {
  const units = (raw as { units?: unknown } | null)?.units;
  const refused = (schema: ReplayProblem[]) => report(schema, Array.isArray(units) ? units.length : 0);
  if (!replayable(raw)) return { report: refused(schemaProblems(raw)) };
  const bundle = raw as BundleV1;
  const { evaluate, finish } = replayChecks(bundle);
  return {
    evaluate,
    finish: (aside, mine) => {
      const found = finish(aside, mine);
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

/** Everything on this thread. */
export function replayBundle(raw: unknown): ReplayReport {
  const begun = beginReplay(raw);
  if ('report' in begun) return begun.report;
  let range = 0;
  const mine = begun.evaluate(() => range++);
  return begun.finish({ hashes: hashParts(raw as BundleV1), second: new Map() }, mine);
}

/** The second evaluator's ranges from both threads, in the order of the units. */
function joined(a: SecondRanges, b: SecondRanges): SecondEvaluation {
  const ranges = [...a, ...b].sort(([x], [y]) => x - y);
  return { checkpoints: ranges.reduce((sum, [, r]) => sum + r.checkpoints, 0), problems: ranges.flatMap(([, r]) => r.problems) };
}

function replayChecks(bundle: BundleV1): {
  evaluate: (next: NextRange) => SecondRanges;
  finish: (aside: ReplayAside, mine: SecondRanges) => ReplayReport;
} {
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
    return { evaluate: () => new Map(), finish: (aside) => report(withHashes(aside, rubric), bundle.units.length) };
  }
  const rubric: Rubric = check.rubric;
  const merged = mergeProblems(rubric, bundle);
  const read: ReadEvidence[] = bundle.units.map((u) => readEvidence(rubric, u.evidence));
  const evidences = bundle.units.map((u) => u.evidence);
  const recomputed = recompute(rubric, evidences, read, bundle.results, bundle.previous?.evidence, texts?.units);
  return {
    evaluate: (next) => takeRanges(secondEvaluator(rubric, bundle.results, bundle.previous?.evidence, read), bundle.results.units.length, next),
    finish: (aside, mine) => {
      const second = joined(aside.second, mine);
      const problems = withHashes(aside, [...merged, ...recomputed.problems, ...second.problems]);
      return report(problems, bundle.units.length, recomputed.checkpoints, { checkpoints: second.checkpoints, disagreements: second.problems.length });
    },
  };
}
