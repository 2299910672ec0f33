/**
 * Uncertainty analyses in a worker thread, so that scoring thousands of scenarios (about a
 * minute for 2,851 units) never holds the server's event loop. One worker per analysis:
 * the service runs one at a time, and a fresh thread gives all of its memory back. Its
 * heap is bounded, so that an analysis too large for memory fails alone rather than the
 * server; it does not keep a process alive that has nothing else to do.
 */
import { startWorkerBeside } from '../worker-file.js';
import { UncertaintySpecError } from '../../analysis/index.js';
import type { RunningUncertainty, UncertaintyAnalyser, UncertaintyOutcome, UncertaintyPlan } from '../../services/analysis/run-uncertainty.js';
import type { Reply, WorkerInput } from './protocol.js';

/** Heap the worker may use (MB): 2,851 units with 1,000 draws need well under a gigabyte. */
const MAX_HEAP_MB = 2048;

export function workerUncertaintyAnalyser(): UncertaintyAnalyser {
  return (job): RunningUncertainty => {
    const worker = startWorkerBeside(import.meta.url, 'worker', {
      workerData: job satisfies WorkerInput,
      resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
    });
    worker.unref();
    let planned: (plan: UncertaintyPlan) => void = () => undefined;
    let refused: (error: Error) => void = () => undefined;
    let finished: (outcome: UncertaintyOutcome) => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    let workbookMade: (xlsx: Uint8Array | null) => void = () => undefined;
    let workbookFailed: (error: Error) => void = () => undefined;
    const plan = new Promise<UncertaintyPlan>((resolve, reject) => ((planned = resolve), (refused = reject)));
    const outcome = new Promise<UncertaintyOutcome>((resolve, reject) => ((finished = resolve), (failed = reject)));
    const xlsx = new Promise<Uint8Array | null>((resolve, reject) => ((workbookMade = resolve), (workbookFailed = reject)));
    xlsx.catch(() => undefined); // awaited by a download, if any
    const fail = (error: Error) => {
      refused(error);
      failed(error);
      workbookFailed(error);
      void worker.terminate();
    };
    worker.on('message', (reply: Reply) => {
      if (reply.kind === 'plan') planned(reply.plan);
      else if (reply.kind === 'refused') fail(new UncertaintySpecError(reply.problems));
      else if (reply.kind === 'failed') fail(new Error(reply.message));
      else if (reply.kind === 'done') finished({ ...reply.outcome, xlsx });
      else {
        workbookMade(reply.xlsx);
        void worker.terminate();
      }
    });
    worker.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`所需内存超过 ${MAX_HEAP_MB} MB，已停止：请减少抽样次数`) : error),
    );
    // After an answer this changes nothing (a promise settles once).
    worker.once('exit', (code) => fail(new Error(`分析线程意外退出（${code}）`)));
    return { plan, outcome };
  };
}
