/**
 * The mixed-read section of `npm run bench` (issue: "mixed reads including scorecards at
 * 200 req/s with p99 under 100 ms on FerretDB here"). It starts a FerretDB of its own
 * (a temporary data directory, a free port) and the real app on port 0, seeds the 2015
 * cycle through the services as the cycle produces it (each of the 14 units submits its
 * demo evidence, the examiner saves the review part), scores it 25 times and finalises
 * every fifth run, warms the latest run's report set, then sends an open-loop load from
 * a worker thread (bench/mixed-client.ts): eight kinds of read in turn, at a fixed rate,
 * over keep-alive connections. It prints per kind and overall the requests, p50/p95/p99
 * latency and errors, the rate achieved, and p99 against the 100 ms target.
 *
 * KAOHE_BENCH_MIXED=0 skips it; KAOHE_BENCH_MIXED_RATE (200), KAOHE_BENCH_MIXED_SECONDS (10)
 * and KAOHE_BENCH_MIXED_RUNS (25) change it. About 30 s on 2 cores, most of it seeding.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { fixedClock } from '../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../src/adapters/files/bootstrap-data.js';
import { connect } from '../src/adapters/mongo/connection.js';
import { freePort, start } from '../src/adapters/mongo/ferretdb.js';
import { mongoStores } from '../src/adapters/mongo/stores.js';
import { createApp } from '../src/api/app.js';
import { parseEvidence, parseRubric } from '../src/core/index.js';
import { type Actor, actorOf } from '../src/services/access/actor.js';
import { bootstrap } from '../src/services/rubrics/bootstrap.js';
import { type Role, splitEvidence } from '../src/records/index.js';
import { type Services } from '../src/services/index.js';
import { composeServices } from '../src/compose.js';
import type { MixedOutcome, MixedPlan, MixedRequest, MixedSample } from './mixed-client.js';
import { type CallTimes, cpuSecondsOf, timedStores } from './store-timing.js';

const RATE = Number(process.env.KAOHE_BENCH_MIXED_RATE ?? 200);
const SECONDS = Number(process.env.KAOHE_BENCH_MIXED_SECONDS ?? 10);
const RUNS = Number(process.env.KAOHE_BENCH_MIXED_RUNS ?? 25);
/** KAOHE_BENCH_MIXED_PROFILE=1: before the load, each kind 50 times in sequence, with its store calls timed. */
const PROFILE = process.env.KAOHE_BENCH_MIXED_PROFILE === '1';
const TARGET_P99_MS = 100;
const YEAR = 2015;
const CITY = '620100';
const MAX_UPLOAD_BYTES = 16 * 2 ** 20;

interface Seeded {
  readonly tokens: Record<'examiner' | 'auditor' | 'city', string>;
  /** The run read: the latest, finalised so that the city may read it too. */
  readonly runId: string;
  readonly finals: number;
}

async function seed(services: Services): Promise<Seeded> {
  const user = async (username: string, role: Role, unitCode?: string): Promise<{ actor: Actor; token: string }> => {
    const { user: made, token } = await services.session.addUser({ username, role, unitCode }, 'bench');
    return { actor: actorOf(made), token };
  };
  const examiner = await user('examiner', 'examiner');
  const auditor = await user('auditor', 'auditor');
  const cities = new Map<string, { actor: Actor; token: string }>();
  for (const unit of initialUnits()) cities.set(unit.code, await user(`city-${unit.code}`, 'city', unit.code));

  const rubric = parseRubric(JSON.parse(readFileSync('rubrics/gansu-2015.json', 'utf8')));
  await services.cycles.create(examiner.actor, { year: YEAR, rubric: rubric.hash, deadline: '2016-03-31T23:59:59+08:00' });
  const dir = `seeds/evidence/${YEAR}`;
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const evidence = parseEvidence(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    const city = cities.get(evidence.unit.code);
    if (city === undefined) throw new Error(`no city user for ${evidence.unit.code}`);
    const { submitted, review } = splitEvidence(rubric, evidence.items ?? {});
    const saved = await services.submissions.save(
      city.actor,
      { year: YEAR },
      evidence.unit.code,
      { items: submitted, selfTotal: evidence.selfTotal },
      undefined,
    );
    await services.submissions.submit(city.actor, { year: YEAR }, evidence.unit.code, saved.record?.version);
    if (Object.keys(review).length > 0) await services.reviews.save(examiner.actor, { year: YEAR }, evidence.unit.code, review, undefined);
  }
  let last = '';
  let finals = 0;
  for (let i = 1; i <= RUNS; i++) {
    const run = await services.runs.create(examiner.actor, { year: YEAR });
    last = run.runId;
    if (i % 5 === 0 || i === RUNS) {
      await services.runs.finalize(examiner.actor, { year: YEAR }, run.runId, run.version);
      finals++;
    }
  }
  const city = cities.get(CITY) as { token: string };
  return { tokens: { examiner: examiner.token, auditor: auditor.token, city: city.token }, runId: last, finals };
}

/** The reads, in the order they are sent round and round: what examiners, auditors and a city do while a cycle is open. */
function mix(seeded: Seeded): MixedRequest[] {
  const { examiner, auditor, city } = seeded.tokens;
  const cycle = `/api/cycles/${YEAR}`;
  const run = `${cycle}/runs/${seeded.runId}`;
  return [
    { kind: 'health', path: '/api/health' },
    { kind: 'submissions list', path: `${cycle}/submissions`, token: examiner },
    { kind: 'one submission', path: `${cycle}/submissions/${CITY}`, token: city },
    { kind: 'ranking', path: `${run}/ranking`, token: auditor },
    { kind: 'run summaries', path: `${cycle}/runs`, token: examiner },
    { kind: 'run (city view)', path: run, token: city },
    { kind: 'scorecard HTML', path: `${run}/scorecards/${CITY}.html`, token: city },
    { kind: 'audit events', path: `/api/audit/events?year=${YEAR}&limit=50`, token: auditor },
  ];
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
}

function row(label: string, samples: readonly MixedSample[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => s.status !== 200).length;
  const f = (p: number) => `${percentile(ms, p).toFixed(1).padStart(7)} ms`;
  return `mixed  ${label.padEnd(17)} ${String(samples.length).padStart(5)} req  p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  errors ${errors}`;
}

function runClient(plan: MixedPlan): Promise<MixedOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./mixed-client.js', import.meta.url), { workerData: plan });
    worker.once('message', (outcome: MixedOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load generator exited with ${code}`))));
  });
}

/** Each kind of read in sequence, unloaded: its latency and the store calls it makes (count and ms per request). */
async function profile(url: string, requests: readonly MixedRequest[], times: CallTimes): Promise<void> {
  const n = 50;
  for (const r of requests) {
    times.reset();
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${url}${r.path}`, { headers: r.token === undefined ? {} : { authorization: `Bearer ${r.token}` } });
      await res.arrayBuffer();
    }
    const ms = (performance.now() - started) / n;
    const calls = [...times.calls].map(([name, [count, total]]) => `${name} ${(count / n).toFixed(1)}× ${(total / n).toFixed(2)} ms`).join(', ');
    console.log(`profile  ${r.kind.padEnd(17)} ${ms.toFixed(2).padStart(6)} ms/request  ${calls}`);
  }
}

/** Each request once, as the load will send it: fails loudly on anything but 200, and makes the report set. */
async function warm(url: string, requests: readonly MixedRequest[]): Promise<void> {
  for (const r of requests) {
    const res = await fetch(`${url}${r.path}`, { headers: r.token === undefined ? {} : { authorization: `Bearer ${r.token}` } });
    if (res.status !== 200) throw new Error(`${r.kind}: GET ${r.path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    await res.arrayBuffer();
  }
}

export async function mixedBenchmark(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-ferretdb-'));
  const db = await start({ dataDir, port: await freePort(), detached: false });
  let server: Server | undefined;
  let connection: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    connection = await connect(db.uri, 'kaohe_bench');
    const timing = PROFILE ? timedStores(await mongoStores(connection)) : undefined;
    const stores = timing?.stores ?? (await mongoStores(connection));
    const clock = fixedClock('2016-01-15T09:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const services = composeServices({ stores, clock, engineVersion: 'bench', maxUploadBytes: MAX_UPLOAD_BYTES });
    const seeded = await seed(services);
    const app = createApp(services, { maxUploadBytes: MAX_UPLOAD_BYTES });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const requests = mix(seeded);
    const seededIn = performance.now() - started;
    await warm(url, requests);
    if (timing !== undefined) await profile(url, requests, timing.times);

    console.log(
      `Mixed reads: FerretDB, the ${YEAR} cycle, 14 submissions, ${RUNS} runs (${seeded.finals} final; reading ${seeded.runId}); ` +
        `${RATE} req/s for ${SECONDS} s, open loop, keep-alive, ${requests.length} kinds in turn`,
    );
    const cpuBefore = { node: process.cpuUsage(), db: cpuSecondsOf(db.child?.pid) };
    const outcome = await runClient({ url, rate: RATE, seconds: SECONDS, requests });
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const dbCpu = cpuSecondsOf(db.child?.pid) - cpuBefore.db;
    for (const r of requests)
      console.log(
        row(
          r.kind,
          outcome.samples.filter((s) => s.kind === r.kind),
        ),
      );
    console.log(row('all', outcome.samples));
    const all = outcome.samples.map((s) => s.ms).sort((a, b) => a - b);
    const p99 = percentile(all, 99);
    const achieved = (outcome.samples.length / outcome.elapsedMs) * 1000;
    const errors = outcome.samples.filter((s) => s.status !== 200).length;
    console.log(`mixed_read_rate=${achieved.toFixed(1)}`);
    console.log(`mixed_read_errors=${errors}`);
    console.log(`mixed_read_p99_ms=${p99.toFixed(1)}`);
    console.log(
      `mixed reads: ${achieved.toFixed(1)} req/s of ${RATE} planned, p99 ${p99.toFixed(1)} ms, ${errors} errors; ` +
        `p99_vs_${TARGET_P99_MS}ms_target=${(p99 / TARGET_P99_MS).toFixed(2)} (under 1 meets it); seeding took ${(seededIn / 1000).toFixed(1)} s`,
    );
    console.log(
      `mixed CPU during the load: node (server and load generator) ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s, ` +
        `FerretDB ${dbCpu.toFixed(1)} s, over ${(outcome.elapsedMs / 1000).toFixed(1)} s on ${os.availableParallelism()} cores`,
    );
  } finally {
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((r) => server?.close(r));
    }
    await connection?.close();
    db.child?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
