/**
 * A FerretDB of a test's own, for tests that kill the database or the service: on its
 * own port and data folder, so the shared one (ferretdb.ts) is never disturbed. It can
 * be killed (-9) and started again on the same port with the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort, start } from '../../src/adapters/mongo/ferretdb.js';

export interface OwnFerretdb {
  readonly uri: string;
  readonly port: number;
  readonly dataDir: string;
  /** kill -9: the database vanishes mid-whatever. */
  kill(): void;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  stop(): void;
}

export async function ownFerretdb(): Promise<OwnFerretdb> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-own-ferretdb-'));
  const port = await freePort();
  let child: ChildProcess | undefined = (await start({ dataDir, port, detached: false })).child;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    dataDir,
    kill() {
      child?.kill('SIGKILL');
      child = undefined;
    },
    async restart() {
      // The pid file still names the killed process; start() checks it is gone before starting anew.
      await new Promise((r) => setTimeout(r, 100));
      child = (await start({ dataDir, port, detached: false })).child;
    },
    stop() {
      child?.kill('SIGTERM');
      child = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
