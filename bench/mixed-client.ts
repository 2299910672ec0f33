/**
 * The load generator of the mixed-read section (bench/mixed.ts), in a worker thread so
 * that its own work does not run on the server's event loop. Open loop: request i is
 * sent at start + i / rate whether or not earlier ones have answered, and its latency
 * is counted from that planned moment, so a server that falls behind shows it in the
 * figures instead of slowing the load down (no coordinated omission).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface MixedRequest {
  readonly kind: string;
  readonly path: string;
  readonly token?: string;
}

export interface MixedPlan {
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  /** Sent in turn, round and round. */
  readonly requests: readonly MixedRequest[];
}

export interface MixedSample {
  readonly kind: string;
  readonly ms: number;
  /** HTTP status, or 0 when the request failed outright. */
  readonly status: number;
}

export interface MixedOutcome {
  readonly samples: MixedSample[];
  /** From the first planned send to the last answer. */
  readonly elapsedMs: number;
}

function send(agent: http.Agent, url: URL, request: MixedRequest): Promise<number> {
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

async function load(plan: MixedPlan): Promise<MixedOutcome> {
  const url = new URL(plan.url);
  // Keep-alive, with sockets enough that a slow answer never holds up the ones planned after it.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(plan.rate * plan.seconds);
  const samples: MixedSample[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const planned = start + (i * 1000) / plan.rate;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const request = plan.requests[i % plan.requests.length] as MixedRequest;
    pending.push(send(agent, url, request).then((status) => void samples.push({ kind: request.kind, ms: performance.now() - planned, status })));
  }
  await Promise.all(pending);
  agent.destroy();
  return { samples, elapsedMs: performance.now() - start };
}

if (parentPort !== null) {
  const port = parentPort;
  void load(workerData as MixedPlan).then((outcome) => port.postMessage(outcome));
}
