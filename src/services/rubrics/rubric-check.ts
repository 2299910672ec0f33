/**
 * The port through which a posted rubric is checked. Checking runs every rule on
 * generated evidence; the service keeps it off its event loop (the adapter runs it in
 * a worker thread with a time limit), so other requests are answered meanwhile.
 */
import type { Problem, Rubric } from '../../core/index.js';

/** What the service keeps of a rubric that passed: enough to make its record. */
export type CheckedRubric = Pick<Rubric, 'hash' | 'id' | 'version' | 'year' | 'title'>;

export type RubricCheckOutcome = { ok: true; rubric: CheckedRubric } | { ok: false; problems: readonly Problem[] };

/** Lints a rubric given as JSON text: everything `kaohe rubric lint` checks. */
export type RubricChecker = (source: string) => Promise<RubricCheckOutcome>;
