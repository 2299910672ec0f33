/**
 * The worker thread's side of a replay: parses the bundle's bytes itself (cloning the
 * parsed bundle across would cost more than parsing it again) and does replayAside's
 * half, the part hashes and the second evaluator, then hands back what it found: part
 * names and hashes, and the second evaluator's problems, small beside the bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BundleV1, replayAside } from '../../audit/index.js';
import { parseSharedBytes } from './bytes.js';
import type { AsideReply } from './protocol.js';

function aside(bytes: SharedArrayBuffer): AsideReply {
  try {
    const read = parseSharedBytes(bytes);
    if (!read.ok) return { ok: false, message: read.problems[0]?.message ?? '无法读取' };
    return { ok: true, aside: replayAside(read.value as BundleV1) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.postMessage(aside((workerData as { bytes: SharedArrayBuffer }).bytes));
