/**
 * The child process's side: makes each set, scorecard or PDF it is asked for (what
 * `kaohe assess` writes) and sends the files back one by one. It ends when the server
 * does: a lost channel means nobody is waiting for its work.
 */
import type { UnitResultV1 } from '../../core/index.js';
import { parseRubric } from '../../core/index.js';
import type { ReportInput } from '../../report/index.js';
import { chromiumRenderer } from '../report-renderer.js';
import { reportSet, unitChartPng, unitScorecard } from '../report-set.js';
import { inputOfTexts } from '../../report/unit-texts.js';
import type { InputFrame, Reply, Request } from './protocol.js';

interface Units {
  readonly results: UnitResultV1[];
  readonly previous: UnitResultV1[];
  readonly texts: { readonly results: string[]; readonly previous: string[] };
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
    ...(frame.uncertainty ? { uncertainty: frame.uncertainty } : {}),
  };
}

function send(reply: Reply): Promise<void> {
  return new Promise((resolve, reject) => process.send?.(reply, undefined, undefined, (error) => (error ? reject(error) : resolve())));
}

async function serve(request: Exclude<Request, { kind: 'units' | 'texts' }>, units: Units): Promise<void> {
  const { id } = request;
  try {
    if (request.kind === 'set') {
      const { results, previous, ...rest } = inputOf(request.input, units);
      const texts = { results: units.texts.results, previous: units.texts.previous, slim: request.slim };
      const made = await reportSet(inputOfTexts({ ...rest, results, ...(previous ? { previous } : {}) }, texts), { pdf: false });
      // As bytes: the server keeps and serves bytes, and would otherwise encode megabytes of text on its event loop.
      for (const file of made.files)
        await send({ kind: 'file', id, name: file.name, content: typeof file.content === 'string' ? Buffer.from(file.content) : file.content });
      await send({ kind: 'done', id, warnings: made.warnings });
    } else if (request.kind === 'scorecard') {
      const page = await unitScorecard(inputOf(request.input, units), request.unit);
      await send({ kind: 'file', id, name: request.unit, content: page });
      await send({ kind: 'done', id, warnings: [] });
    } else if (request.kind === 'chart') {
      const png = await unitChartPng(inputOf(request.input, units), request.unit);
      await send({ kind: 'file', id, name: request.unit, content: png });
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
  const units = arriving.get(request.id) ?? { results: [], previous: [], texts: { results: [], previous: [] } };
  if (request.kind === 'units' || request.kind === 'texts') {
    if (request.kind === 'units') units[request.of].push(...request.units);
    else units.texts[request.of].push(...request.texts);
    arriving.set(request.id, units);
    return;
  }
  arriving.delete(request.id);
  void serve(request, units);
});
process.on('disconnect', () => process.exit(0));
