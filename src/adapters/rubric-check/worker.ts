/**
 * The worker thread's side of the rubric check: lint the rubric text it was started
 * with and post the outcome back. Only plain data crosses the thread boundary.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lintRubric } from '../../core/index.js';
import type { RubricCheckOutcome } from '../../services/rubrics/rubric-check.js';

function check(source: string): RubricCheckOutcome {
  const report = lintRubric(JSON.parse(source));
  if (report.problems.length > 0 || !report.rubric) return { ok: false, problems: report.problems };
  const { hash, id, version, year, title } = report.rubric;
  return { ok: true, rubric: { hash, id, version, year, title } };
}

parentPort?.postMessage(check(workerData as string));
