/**
 * The report renderer the service uses: report sets, scorecards and the PDF are made in a
 * child process, so that drawing the charts and writing the workbook for thousands of
 * units never holds the server's event loop (health checks and rankings keep answering
 * meanwhile). The child runs at the lowest priority (nice 19), and so does the Chromium it
 * starts for the PDF: on a machine of two cores, a set that took both starved the server of
 * CPU (README, Reports). What the server itself does for a set is kept to small steps: a
 * set's units go over as the texts it read, a few megabytes a message, and the child parses
 * them (parsing 2,850 units' results in the server held its loop for a second in all, in
 * stretches of up to 150 ms); the files come back one per message.
 *
 * A process rather than a worker thread: node-canvas cannot be unloaded from a thread
 * (a worker that has drawn a chart crashes the whole server with a segmentation fault
 * when it stops, or when the server exits). One child makes the sets one after another:
 * the heavy modules (canvas, chart.js, exceljs) load once for a burst of requests, and
 * two sets at once would only share the same cores. It is stopped when idle for a while,
 * or when it fails; the next request starts a new one.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ReportInput } from '../../report/index.js';
import type { ReportFrame } from '../../report/unit-texts.js';
import type { ReportSource } from '../../services/reports/report-source.js';
import type { ReportRenderer, RenderedSet } from '../../services/reports/reports.js';
import type { InputFrame, Reply, Request } from './protocol.js';

/** How long an idle child is kept for the next request. */
const IDLE_MS = 60_000;

/** Units per message: a few megabytes at most, serialised in a few milliseconds. */
const UNITS_PER_MESSAGE = 25;

/** Characters of units' texts per message: copied, not walked, so a few megabytes take about a millisecond. */
const TEXT_PER_MESSAGE = 2 ** 21;

/** The lowest priority: the service's own requests (and the database's) come first. */
const CHILD_NICENESS = 19;

/** worker.js next to the compiled code (npm start); worker.ts under tsx (tests), which the child then loads through tsx too. */
function startChild(): ChildProcess {
  const here = import.meta.url;
  const compiled = !here.endsWith('.ts');
  const file = fileURLToPath(new URL(compiled ? './worker.js' : './worker.ts', here));
  // 'advanced' serialisation carries the files' bytes as bytes, not as JSON arrays of numbers.
  const child = fork(file, [], { serialization: 'advanced', execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, CHILD_NICENESS);
  } catch {
    // A system that refuses leaves the child at the server's priority: slower answers while a set is made, nothing worse.
  }
  return child;
}

interface Waiting {
  readonly files: { name: string; content: string | Uint8Array }[];
  readonly resolve: (set: RenderedSet) => void;
  readonly reject: (error: Error) => void;
}

/** A child still running when the server exits is stopped with it. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill();
});

function frameOf(input: ReportFrame): InputFrame {
  return {
    results: { ...input.results, units: [] },
    ...(input.previous ? { previous: { ...input.previous, units: [] } } : {}),
    ...(input.rubric ? { rubric: { document: input.rubric.document, hash: input.rubric.hash } } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.groups ? { groups: input.groups } : {}),
    ...(input.uncertainty ? { uncertainty: input.uncertainty } : {}),
  };
}

export function workerReportRenderer(): ReportRenderer {
  let child: ChildProcess | undefined;
  let nextId = 1;
  let idle: NodeJS.Timeout | undefined;
  const waiting = new Map<number, Waiting>();

  function stop(which: ChildProcess): void {
    children.delete(which);
    if (child === which) child = undefined;
    which.kill();
  }

  function failAll(error: Error): void {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  /** Neither an idle child nor its channel keeps a CLI command or a test's process alive. */
  function setIdle(which: ChildProcess, isIdle: boolean): void {
    const channel = which.channel as { ref(): void; unref(): void } | undefined;
    if (isIdle) {
      which.unref();
      channel?.unref();
    } else {
      which.ref();
      channel?.ref();
    }
  }

  function settled(started: ChildProcess, id: number): Waiting | undefined {
    const w = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) {
      setIdle(started, true);
      idle = setTimeout(() => {
        if (waiting.size === 0) stop(started);
      }, IDLE_MS).unref();
    }
    return w;
  }

  function running(): ChildProcess {
    if (child) return child;
    const started = startChild();
    children.add(started);
    started.on('message', (reply: Reply) => {
      if (reply.kind === 'file') waiting.get(reply.id)?.files.push({ name: reply.name, content: reply.content });
      else if (reply.kind === 'done') {
        const w = settled(started, reply.id);
        w?.resolve({ files: w.files, warnings: reply.warnings });
      } else settled(started, reply.id)?.reject(new Error(reply.message));
    });
    started.on('error', (error) => {
      if (child !== started) return;
      stop(started);
      failAll(error);
    });
    started.on('exit', (code, signal) => {
      children.delete(started);
      if (child !== started) return;
      child = undefined;
      failAll(new Error(`报告生成进程意外退出（${signal ?? code}）`));
    });
    child = started;
    return started;
  }

  /** Starts the child if need be and waits for the request's answer; `send` sends what precedes the request. */
  async function ask(request: Exclude<Request, { kind: 'units' | 'texts' }>, send: (c: ChildProcess) => Promise<void> = async () => {}): Promise<RenderedSet> {
    clearTimeout(idle);
    const c = running();
    const answer = new Promise<RenderedSet>((resolve, reject) => waiting.set(request.id, { files: [], resolve, reject }));
    setIdle(c, false);
    try {
      await send(c);
      c.send(request);
    } catch (error) {
      settled(c, request.id)?.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return answer;
  }

  /** The input's units a few at a time, letting the event loop serve other requests between messages. */
  function unitsOf(id: number, input: ReportInput) {
    return async (c: ChildProcess) => {
      for (const [of, units] of [
        ['results', input.results.units],
        ['previous', input.previous?.units ?? []],
      ] as const)
        for (let at = 0; at < units.length; at += UNITS_PER_MESSAGE) {
          c.send({ kind: 'units', id, of, units: units.slice(at, at + UNITS_PER_MESSAGE) } satisfies Request);
          await yieldToLoop();
        }
    };
  }

  /** The source's texts as they are read, a few megabytes a message, the event loop served between reads and messages. */
  function textsOf(id: number, source: ReportSource) {
    return async (c: ChildProcess) => {
      const parts = [['results', source.results] as const, ...(source.previous ? [['previous', source.previous] as const] : [])];
      for (const [of, batches] of parts) {
        let texts: string[] = [];
        let size = 0;
        const flush = async () => {
          if (texts.length > 0) c.send({ kind: 'texts', id, of, texts } satisfies Request);
          texts = [];
          size = 0;
          await yieldToLoop();
        };
        for await (const batch of batches) {
          for (const text of batch) {
            texts.push(text);
            size += text.length;
            if (size >= TEXT_PER_MESSAGE) await flush();
          }
          // A read answered from the reader's cache never leaves the loop: give it a turn.
          await yieldToLoop();
        }
        await flush();
      }
    };
  }

  return {
    set(source) {
      const id = nextId++;
      return ask({ kind: 'set', id, input: frameOf(source.frame), slim: source.slim }, textsOf(id, source));
    },
    async scorecard(input, unitCode) {
      const id = nextId++;
      const { files } = await ask({ kind: 'scorecard', id, input: frameOf(input), unit: unitCode }, unitsOf(id, input));
      return String(files[0]?.content ?? '');
    },
    async unitChart(input, unitCode) {
      const id = nextId++;
      const { files } = await ask({ kind: 'chart', id, input: frameOf(input), unit: unitCode }, unitsOf(id, input));
      const png = files[0]?.content;
      if (!(png instanceof Uint8Array)) throw new Error('报告生成进程没有返回统计图表');
      return png;
    },
    async pdf(html, asOf) {
      const { files } = await ask({ kind: 'pdf', id: nextId++, html, ...(asOf === undefined ? {} : { asOf }) });
      const pdf = files[0]?.content;
      if (!(pdf instanceof Uint8Array)) throw new Error('报告生成进程没有返回 PDF');
      return pdf;
    },
  };
}
