/**
 * A real FerretDB for the integration tests: started once per test run, on a free
 * port, with its data in a temporary directory; every test service gets its own
 * database on it. Stopped by the root hook when the run ends.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_BIN, freePort, start } from '../../src/adapters/mongo/ferretdb.js';

let running: Promise<{ uri: string; stop: () => void }> | undefined;

async function launch(): Promise<{ uri: string; stop: () => void }> {
  if (!existsSync(FERRETDB_BIN)) throw new Error(`FerretDB is not installed (${FERRETDB_BIN}): run scripts/install-ferretdb.sh`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-ferretdb-'));
  const db = await start({ dataDir, port: await freePort(), detached: false });
  return {
    uri: db.uri,
    stop: () => {
      db.child?.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The test run's FerretDB URI, starting it on first use. */
export async function ferretdbUri(): Promise<string> {
  running ??= launch();
  return (await running).uri;
}

export async function stopFerretdb(): Promise<void> {
  if (running) (await running).stop();
  running = undefined;
}
