/**
 * Checks a rubric in a worker thread, so that linting a heavy rubric never blocks the
 * server's event loop, and stops the worker when the check takes too long.
 *
 * One worker per check: posting a rubric is rare, and a fresh thread is the simplest
 * way to get all of a timed-out check's memory and time back.
 */
import { startWorkerBeside } from '../worker-file.js';
import type { RubricCheckOutcome, RubricChecker } from '../../services/rubrics/rubric-check.js';

export interface WorkerCheckOptions {
  /** How long a check may take before the worker is stopped. Default 10 s. */
  readonly timeoutMs?: number;
  /** Heap the worker may use (MB). Default 256. */
  readonly maxHeapMb?: number;
}

const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

export function workerRubricChecker(options: WorkerCheckOptions = {}): RubricChecker {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  return (source) =>
    new Promise<RubricCheckOutcome>((resolve, reject) => {
      const worker = startWorkerBeside(import.meta.url, 'worker', {
        workerData: source,
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 256 },
      });
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        finish();
      };
      const refuse = (message: string) => settle(() => resolve({ ok: false, problems: [{ code: 'logic_too_costly', path: '$', message }] }));
      const timer = setTimeout(
        () => refuse(`考核细则检查超过 ${timeoutMs / 1000} 秒仍未完成，已停止：请减少规则中的遍历、数组或考核要点后重新提交`),
        timeoutMs,
      );
      worker.once('message', (outcome: RubricCheckOutcome) => settle(() => resolve(outcome)));
      worker.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') refuse('考核细则检查所需内存超过上限，已停止：请减少规则中的数组或考核要点后重新提交');
        else settle(() => reject(error));
      });
      worker.once('exit', (code) => settle(() => reject(new Error(`rubric check worker exited (${code}) without an answer`))));
    });
}
