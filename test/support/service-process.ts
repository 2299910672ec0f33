/**
 * A real service process (`src/server.ts` run from source with tsx, as `npm start` runs
 * the build), on a database the test names: several of them on one database behave as
 * several deployed instances behind a load balancer do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../src/adapters/mongo/ferretdb.js';
import { repoRoot } from './paths.js';

export interface ServiceProcess {
  readonly url: string;
  readonly pid: number;
  /** What it printed, for assertion messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Every process started and not yet stopped: the root hook stops what a failed test left running, so mocha can end. */
const running = new Set<() => Promise<void>>();

export async function stopAllServiceProcesses(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/** Starts `count` processes at once; if any fails to start, stops the others before throwing. */
export async function startServiceProcesses(mongoUri: string, dbName: string, count: number): Promise<ServiceProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServiceProcess(mongoUri, dbName)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const ready = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.all(ready.map((p) => p.stop()));
    throw failed.reason;
  }
  return ready;
}

export async function startServiceProcess(mongoUri: string, dbName: string): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), MONGODB_URI: mongoUri, KAOHE_DB_NAME: dbName },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    running.delete(stop);
  };
  running.add(stop);
  // From source the first start compiles on the fly: allow it a while on a busy machine.
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) {
      running.delete(stop);
      throw new Error(`the service process exited (${child.exitCode}):\n${printed}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return { url, pid: child.pid ?? 0, output: () => printed, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the service process did not start within 60 s:\n${printed}`);
}
