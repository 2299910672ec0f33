/**
 * The report renderer the service uses: report sets are made in a child process, so that
 * drawing the charts and writing the workbook for thousands of units never holds the
 * server's event loop (health checks and rankings keep answering meanwhile); the PDF is
 * printed by Chromium, another process, as before.
 *
 * A process rather than a worker thread: node-canvas cannot be unloaded from a thread
 * (a worker that has drawn a chart crashes the whole server with a segmentation fault
 * when it stops, or when the server exits). One child makes the sets one after another:
 * the heavy modules (canvas, chart.js, exceljs) load once for a burst of requests, and
 * two sets at once would only share the same cores. It is stopped when idle for a while,
 * or when it fails; the next request starts a new one.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReportRenderer, RenderedSet } from '../../services/reports/reports.js';
import { chromiumRenderer } from '../report-renderer.js';
import type { SetReply, SetRequest } from './protocol.js';

/** How long an idle child is kept for the next request. */
const IDLE_MS = 60_000;

/** worker.js next to the compiled code (npm start); worker.ts under tsx (tests), which the child then loads through tsx too. */
function startChild(): ChildProcess {
  const here = import.meta.url;
  const compiled = !here.endsWith('.ts');
  const file = fileURLToPath(new URL(compiled ? './worker.js' : './worker.ts', here));
  // 'advanced' serialisation carries the files' bytes as bytes, not as JSON arrays of numbers.
  return fork(file, [], { serialization: 'advanced', execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

interface Waiting {
  readonly resolve: (set: RenderedSet) => void;
  readonly reject: (error: Error) => void;
}

/** A child still running when the server exits is stopped with it. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill();
});

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

  function running(): ChildProcess {
    if (child) return child;
    const started = startChild();
    children.add(started);
    started.on('message', (reply: SetReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (waiting.size === 0) {
        setIdle(started, true);
        idle = setTimeout(() => {
          if (waiting.size === 0) stop(started);
        }, IDLE_MS).unref();
      }
      if (reply.ok) w?.resolve(reply.set);
      else w?.reject(new Error(reply.message));
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

  return {
    set(input) {
      const request: SetRequest = {
        id: nextId++,
        results: input.results,
        ...(input.previous ? { previous: input.previous } : {}),
        ...(input.rubric ? { rubric: { document: input.rubric.document, hash: input.rubric.hash } } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
        ...(input.groups ? { groups: input.groups } : {}),
      };
      return new Promise<RenderedSet>((resolve, reject) => {
        clearTimeout(idle);
        const c = running();
        waiting.set(request.id, { resolve, reject });
        setIdle(c, false);
        c.send(request);
      });
    },
    pdf: (html, asOf) => chromiumRenderer.pdf(html, asOf),
  };
}
