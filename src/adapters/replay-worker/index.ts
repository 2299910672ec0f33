/**
 * kaohe audit replay on both cores: a worker thread does replayAside's half (every part
 * hashed, the second evaluator) on its own parse of the bundle's bytes while this thread
 * checks the schema, the chain and the merge and recomputes the results (beginReplay);
 * then the two are joined. The report is the one replayBundle gives on one thread.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { type ReplayAside, type ReplayReport, beginReplay } from '../../audit/index.js';
import type { AsideReply } from './protocol.js';

export interface ReplayWorker {
  /** The worker's half; rejects when the worker failed. */
  readonly aside: Promise<ReplayAside>;
  /** Stops the worker (at once, when its half is not wanted: the bundle was refused before it was needed). */
  stop(): Promise<void>;
}

/**
 * worker.js next to the compiled code; worker.ts under tsx (tests), where the thread
 * registers tsx itself: the parent's loader hooks do not reach a worker thread on Node 20
 * (as in rubric-check/index.ts).
 */
function startWorker(options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const file = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** Starts the worker on the bundle's bytes (bytes.ts): it parses them while this thread parses its own copy. */
export function startReplayWorker(bytes: SharedArrayBuffer): ReplayWorker {
  const worker = startWorker({ workerData: { bytes } });
  const aside = new Promise<ReplayAside>((resolve, reject) => {
    worker.once('message', (reply: AsideReply) => (reply.ok ? resolve(reply.aside) : reject(new Error(`audit replay: the worker failed: ${reply.message}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`audit replay: the worker stopped (${code}) before it answered`)));
  });
  aside.catch(() => undefined); // awaited by replayWithWorker; a stopped worker's is not wanted
  return {
    aside,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** `raw`: the bundle parsed from the bytes `worker` was started on. The worker is stopped when the report is made, or when making it failed. */
export async function replayWithWorker(raw: unknown, worker: ReplayWorker): Promise<ReplayReport> {
  try {
    const begun = beginReplay(raw);
    return 'report' in begun ? begun.report : begun.finish(await worker.aside);
  } finally {
    await worker.stop();
  }
}
