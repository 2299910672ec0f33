/** The worker thread's side of a what-if search: the pure search of services/runs/what-if-search.ts on the job's texts, its answer sent back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type WhatIfJob, searchWhatIf } from '../../services/runs/what-if-search.js';

try {
  parentPort?.postMessage({ kind: 'done', answer: searchWhatIf(workerData as WhatIfJob) });
} catch (error) {
  parentPort?.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
