/**
 * The worker thread's side of a replay: parses the bundle's bytes itself (cloning the
 * parsed bundle across would cost more than parsing it again), hashes every part, then
 * takes ranges of the second evaluator's units from the count it shares with the main
 * thread, and hands back what it found: part names and hashes, and the second
 * evaluator's findings by range, small beside the bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BundleV1, replayAside } from '../../audit/index.js';
import { parseSharedBytes } from './bytes.js';
import type { AsideReply, WorkerInput } from './protocol.js';

function aside({ bytes, count }: WorkerInput): AsideReply {
  try {
    const read = parseSharedBytes(bytes);
    if (!read.ok) return { ok: false, message: read.problems[0]?.message ?? '无法读取' };
    return { ok: true, aside: replayAside(read.value as BundleV1, () => Atomics.add(count, 0, 1)) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.postMessage(aside(workerData as WorkerInput));
