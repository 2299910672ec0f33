/**
 * The report renderer the service uses: report sets are made in a worker thread, so
 * that drawing the charts and writing the workbook for thousands of units never holds
 * the server's event loop (health checks and rankings keep answering meanwhile); the
 * PDF is printed by Chromium, another process, as before.
 *
 * One worker makes the sets one after another: the heavy modules (canvas, chart.js,
 * exceljs) load once for a burst of requests, and two sets at once would only share the
 * same cores. It stops when idle for a while (its memory back), and a worker that fails
 * is dropped; the next request starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { ReportRenderer, RenderedSet } from '../../services/reports/reports.js';
import { chromiumRenderer } from '../report-renderer.js';
import type { SetReply, SetRequest } from './protocol.js';

/** worker.js next to the compiled code (npm start); worker.ts under tsx (tests), registering tsx itself as Node 20's loader hooks do not reach a worker. */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const tsx = import.meta.resolve('tsx/esm/api');
  const file = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(boot, { eval: true });
}

/** How long an idle worker is kept for the next request. */
const IDLE_MS = 60_000;

interface Waiting {
  readonly resolve: (set: RenderedSet) => void;
  readonly reject: (error: Error) => void;
}

export function workerReportRenderer(): ReportRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  let idle: NodeJS.Timeout | undefined;
  const waiting = new Map<number, Waiting>();

  function failAll(error: Error): void {
    worker = undefined;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  function running(): Worker {
    if (worker) return worker;
    const started = startWorker();
    started.on('message', (reply: SetReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (waiting.size === 0) {
        // An idle worker must not keep a CLI command or a test's process alive, nor its memory for long.
        started.unref();
        idle = setTimeout(() => {
          if (worker === started && waiting.size === 0) {
            worker = undefined;
            void started.terminate();
          }
        }, IDLE_MS).unref();
      }
      if (reply.ok) w?.resolve(reply.set);
      else w?.reject(new Error(reply.message));
    });
    started.on('error', (error) => {
      if (worker === started) failAll(error);
    });
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`报告生成线程意外退出（${code}）`));
    });
    worker = started;
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
      };
      return new Promise<RenderedSet>((resolve, reject) => {
        clearTimeout(idle);
        const w = running();
        waiting.set(request.id, { resolve, reject });
        w.ref();
        w.postMessage(request);
      });
    },
    pdf: (html, asOf) => chromiumRenderer.pdf(html, asOf),
  };
}
