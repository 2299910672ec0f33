/**
 * The child process's side: makes each set, scorecard or PDF it is asked for (what
 * `kaohe assess` writes) and sends the files back one by one. It ends when the server
 * does: a lost channel means nobody is waiting for its work.
 */
import type { UnitResultV1 } from '../../core/index.js';
import { parseRubric } from '../../core/index.js';
import type { ReportInput } from '../../report/index.js';
import { chromiumRenderer } from '../report-renderer.js';
import { reportSet, unitScorecard } from '../report-set.js';
import type { InputFrame, Reply, Request } from './protocol.js';

interface Units {
  readonly results: UnitResultV1[];
  readonly previous: UnitResultV1[];
}

/** Units received for requests still to come, by request id. */
const arriving = new Map<number, Units>();

function inputOf(frame: InputFrame, units: Units): ReportInput {
  const rubric = frame.rubric && { ...parseRubric(frame.rubric.document), hash: frame.rubric.hash };
  return {
    results: { ...frame.results, units: units.results },
    ...(frame.previous ? { previous: { ...frame.previous, units: units.previous } } : {}),
    ...(rubric ? { rubric } : {}),
    ...(frame.notes ? { notes: frame.notes } : {}),
    ...(frame.groups ? { groups: frame.groups } : {}),
  };
}

function send(reply: Reply): Promise<void> {
  return new Promise((resolve, reject) => process.send?.(reply, undefined, undefined, (error) => (error ? reject(error) : resolve())));
}

async function serve(request: Exclude<Request, { kind: 'units' }>, units: Units): Promise<void> {
  const { id } = request;
  try {
    if (request.kind === 'set') {
      const made = await reportSet(inputOf(request.input, units), { pdf: false });
      for (const file of made.files) await send({ kind: 'file', id, name: file.name, content: file.content });
      await send({ kind: 'done', id, warnings: made.warnings });
    } else if (request.kind === 'scorecard') {
      const page = await unitScorecard(inputOf(request.input, units), request.unit);
      await send({ kind: 'file', id, name: request.unit, content: page });
      await send({ kind: 'done', id, warnings: [] });
    } else {
      const pdf = await chromiumRenderer.pdf(request.html, request.asOf);
      await send({ kind: 'file', id, name: 'report.pdf', content: pdf });
      await send({ kind: 'done', id, warnings: [] });
    }
  } catch (error) {
    await send({ kind: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (request: Request) => {
  const units = arriving.get(request.id) ?? { results: [], previous: [] };
  if (request.kind === 'units') {
    units[request.of].push(...request.units);
    arriving.set(request.id, units);
    return;
  }
  arriving.delete(request.id);
  void serve(request, units);
});
process.on('disconnect', () => process.exit(0));
