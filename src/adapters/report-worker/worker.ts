/**
 * The worker thread's side: makes each report set it is sent (the files `kaohe assess`
 * writes, less the PDF) and posts it back, its bytes transferred rather than copied.
 */
import { parentPort } from 'node:worker_threads';
import { parseRubric } from '../../core/index.js';
import { reportSet } from '../report-set.js';
import type { SetReply, SetRequest } from './protocol.js';

async function make(request: SetRequest): Promise<SetReply> {
  try {
    const rubric = request.rubric && { ...parseRubric(request.rubric.document), hash: request.rubric.hash };
    const made = await reportSet(
      {
        results: request.results,
        ...(request.previous ? { previous: request.previous } : {}),
        ...(rubric ? { rubric } : {}),
        ...(request.notes ? { notes: request.notes } : {}),
      },
      { pdf: false },
    );
    return { id: request.id, ok: true, set: { files: made.files, warnings: made.warnings } };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Buffers a file owns whole can move to the other thread; a view into a shared pool (small Buffers) is copied. */
function movable(reply: SetReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const owned = new Set<ArrayBuffer>();
  for (const f of reply.set.files) {
    if (typeof f.content === 'string') continue;
    const { buffer, byteOffset, byteLength } = f.content;
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) owned.add(buffer);
  }
  return [...owned];
}

parentPort?.on('message', (request: SetRequest) => {
  void make(request).then((reply) => parentPort?.postMessage(reply, movable(reply)));
});
