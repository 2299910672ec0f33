/**
 * kaohe audit replay on both cores: a worker thread hashes every part (replayAside) on its
 * own parse of the bundle's bytes while this thread checks the schema, the chain and the
 * merge and recomputes the results (beginReplay); then each takes the second evaluator's
 * units a range at a time, counted in memory both share, until none is left, and the two
 * halves are joined. The report is the one replayBundle gives on one thread.
 */
import { startWorkerBeside } from '../worker-file.js';
import { type NextRange, type ReplayAside, type ReplayReport, beginReplay } from '../../audit/index.js';
import type { AsideReply, WorkerInput } from './protocol.js';

export interface ReplayWorker {
  /** The worker's half; rejects when the worker failed. */
  readonly aside: Promise<ReplayAside>;
  /** This thread's share of the count of ranges the worker takes from too. */
  readonly next: NextRange;
  /** Stops the worker (at once, when its half is not wanted: the bundle was refused before it was needed). */
  stop(): Promise<void>;
}

/** The next range of the second evaluator's units, counted across both threads. */
const sharedCount =
  (count: Int32Array): NextRange =>
  () =>
    Atomics.add(count, 0, 1);

/** Starts the worker on the bundle's bytes (bytes.ts): it parses them while this thread parses its own copy. */
export function startReplayWorker(bytes: SharedArrayBuffer): ReplayWorker {
  const count = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = startWorkerBeside(import.meta.url, 'worker', { workerData: { bytes, count } satisfies WorkerInput });
  const aside = new Promise<ReplayAside>((resolve, reject) => {
    worker.once('message', (reply: AsideReply) => (reply.ok ? resolve(reply.aside) : reject(new Error(`audit replay: the worker failed: ${reply.message}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`audit replay: the worker stopped (${code}) before it answered`)));
  });
  aside.catch(() => undefined); // awaited by replayWithWorker; a stopped worker's is not wanted
  return {
    aside,
    next: sharedCount(count),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** `raw`: the bundle parsed from the bytes `worker` was started on. The worker is stopped when the report is made, or when making it failed. */
export async function replayWithWorker(raw: unknown, worker: ReplayWorker): Promise<ReplayReport> {
  try {
    const begun = beginReplay(raw);
    if ('report' in begun) return begun.report;
    const mine = begun.evaluate(worker.next);
    return begun.finish(await worker.aside, mine);
  } finally {
    await worker.stop();
  }
}
