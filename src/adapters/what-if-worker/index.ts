/**
 * What-if searches in a worker thread, so that scoring a few thousand candidate changes of
 * a unit and ranking each among the run's units (1-2 s for the 14 seeded units, 8 s for
 * 2,856 units at load 7) never holds the server's event loop. One worker per search: the service runs one at a time,
 * and a fresh thread gives all of its memory back. Its heap is bounded, so that a search
 * too large for memory fails alone rather than the server.
 */
import { startWorkerBeside } from '../worker-file.js';
import type { UnitWhatIfView, WhatIfJob, WhatIfSearcher } from '../../services/runs/what-if-search.js';

/** Heap the worker may use (MB): 2,856 units' evidence and results searched well within it. */
const MAX_HEAP_MB = 512;

type Reply = { readonly kind: 'done'; readonly answer: UnitWhatIfView } | { readonly kind: 'failed'; readonly message: string };

export function workerWhatIfSearcher(): WhatIfSearcher {
  return (job: WhatIfJob) =>
    new Promise<UnitWhatIfView>((resolve, reject) => {
      const worker = startWorkerBeside(import.meta.url, 'worker', { workerData: job, resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } });
      worker.unref();
      const fail = (error: Error) => {
        reject(error);
        void worker.terminate();
      };
      worker.once('message', (reply: Reply) => {
        if (reply.kind === 'done') resolve(reply.answer);
        else reject(new Error(reply.message));
        void worker.terminate();
      });
      worker.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`推演所需内存超过 ${MAX_HEAP_MB} MB，已停止`) : error),
      );
      // After an answer this changes nothing (a promise settles once).
      worker.once('exit', (code) => fail(new Error(`推演线程意外退出（${code}）`)));
    });
}
