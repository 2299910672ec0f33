/**
 * The child process's side: makes each report set it is sent (the files `kaohe assess`
 * writes, less the PDF) and sends it back. It ends when the server does: a lost
 * channel means nobody is waiting for its work.
 */
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
        ...(request.groups ? { groups: request.groups } : {}),
      },
      { pdf: false },
    );
    return { id: request.id, ok: true, set: { files: made.files, warnings: made.warnings } };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (request: SetRequest) => {
  void make(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
