/**
 * The local FerretDB (v1, SQLite backend): started on loopback with telemetry off,
 * its data and pid file under the data directory. Used by `kaohe db`, `npm start`
 * without MONGODB_URI, and the tests (each on its own port and directory).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { packageRoot } from '../../package-info.js';

export const FERRETDB_BIN = path.join(packageRoot, '.tools', 'bin', 'ferretdb');

export interface LocalDatabase {
  readonly uri: string;
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number;
}

function pidFile(dataDir: string): string {
  return path.join(dataDir, 'ferretdb.pid');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when something accepts connections on the port, or rejects after `ms`. */
export async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`FerretDB 未能在 ${ms} 毫秒内于端口 ${port} 启动`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A free TCP port on loopback, as the OS hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function status(dataDir: string): LocalDatabase | null {
  const file = pidFile(dataDir);
  if (!existsSync(file)) return null;
  const { pid, port } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; port: number };
  if (!isRunning(pid)) return null;
  return { pid, port, dataDir, uri: `mongodb://127.0.0.1:${port}/` };
}

export interface StartOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Keep running after this process exits (kaohe db start), or die with it (tests). */
  readonly detached: boolean;
}

/** Starts FerretDB, or returns the one already running for this data directory. */
export async function start(options: StartOptions): Promise<LocalDatabase & { child?: ChildProcess }> {
  const running = status(options.dataDir);
  if (running) return running;
  if (!existsSync(FERRETDB_BIN)) {
    throw new Error(`找不到 FerretDB（${FERRETDB_BIN}）。请先运行 scripts/install-ferretdb.sh`);
  }
  const sqliteDir = path.join(options.dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true });
  const log = openSync(path.join(options.dataDir, 'ferretdb.log'), 'a');
  const child = spawn(
    FERRETDB_BIN,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--listen-addr=127.0.0.1:${options.port}`,
      `--state-dir=${options.dataDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { detached: options.detached, stdio: ['ignore', log, log] },
  );
  if (options.detached) child.unref();
  await waitForPort(options.port, 15_000);
  writeFileSync(pidFile(options.dataDir), JSON.stringify({ pid: child.pid, port: options.port }));
  return { pid: child.pid as number, port: options.port, dataDir: options.dataDir, uri: `mongodb://127.0.0.1:${options.port}/`, child };
}

export function stop(dataDir: string): boolean {
  const running = status(dataDir);
  rmSync(pidFile(dataDir), { force: true });
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  return true;
}
