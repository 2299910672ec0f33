/**
 * The load of the service scale rows (bench/scale-service.ts), in a worker thread so that
 * its own work does not run on the server's event loop. Open loop like bench/mixed-client.ts
 * (request i is sent at start + i / rate, its latency counted from then), but it runs
 * until told to stop, and each sample keeps its planned send time, so that the figures can
 * be cut to the moments a report set was being made.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadRequest {
  readonly kind: string;
  readonly path: string;
  readonly token?: string;
}

export interface LoadPlan {
  readonly url: string;
  readonly rate: number;
  /** Sent in turn, round and round. */
  readonly requests: readonly LoadRequest[];
}

export interface LoadSample {
  readonly kind: string;
  /** Planned send time, on performance.timeOrigin's clock plus performance.now() (ms since the epoch). */
  readonly at: number;
  readonly ms: number;
  /** HTTP status, or 0 when the request failed outright. */
  readonly status: number;
}

function send(agent: http.Agent, url: URL, request: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: request.path,
        headers: request.token === undefined ? {} : { authorization: `Bearer ${request.token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
  });
}

async function load(plan: LoadPlan): Promise<void> {
  const url = new URL(plan.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const samples: LoadSample[] = [];
  const pending: Promise<void>[] = [];
  let stopped = false;
  parentPort?.once('message', () => (stopped = true));
  const start = performance.now();
  for (let i = 0; !stopped; i++) {
    const planned = start + (i * 1000) / plan.rate;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const request = plan.requests[i % plan.requests.length] as LoadRequest;
    pending.push(
      send(agent, url, request).then((status) => {
        samples.push({ kind: request.kind, at: performance.timeOrigin + planned, ms: performance.now() - planned, status });
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  parentPort?.postMessage(samples);
}

void load(workerData as LoadPlan);
