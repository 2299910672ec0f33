/**
 * Running the built command line the way a user does (`node dist/cli/main.js …`),
 * and the scratch folders its outputs go to. The CLI tests exercise dist/, not src/:
 * `npm test` builds first; after editing src/, run `npm run build` before `npx mocha`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot, repoRoot } from './paths.js';

/** dist's CLI; KAOHE_TEST_CLI names another build of it (parallel work builds its own copy inside the package, e.g. .scratch/<name>/cli/main.js). */
export const builtCli = process.env.KAOHE_TEST_CLI ?? fromRoot('dist', 'cli', 'main.js');

export interface KaoheRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kaohe <args>` from the repository root (or `cwd`) and waits for it. */
export function runKaohe(args: readonly string[], options: { cwd?: string } = {}): KaoheRun {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} does not exist: run "npm run build" first (npm test does).`);
  // NODE_OPTIONS is cleared so that the child runs the built JavaScript exactly as
  // an installed kaohe would, without the tsx loader the test runner uses.
  const run = spawnSync(process.execPath, [builtCli, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Runs `kaohe <args>` without blocking this process: for tests that hold a database
 * connection themselves, whose driver heartbeats time out (and fail fast as "database
 * down") when the event loop waits more than ten seconds for a child under load.
 */
export function runKaoheAsync(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<KaoheRun> {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} does not exist: run "npm run build" first (npm test does).`);
  // A variable given as undefined is removed from the child's environment.
  const merged: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [builtCli, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: merged }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') return reject(error);
      resolve({ status: typeof code === 'number' ? code : 0, stdout, stderr });
    });
  });
}

/** One line for assertion messages: what ran and what it printed. */
export function described(run: KaoheRun): string {
  return `exit ${run.status}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
}

/**
 * Fresh folders under the system temporary directory, removed after the enclosing
 * `describe` block. Call once inside a `describe`; the returned function makes one.
 */
export function useTempDirs(): (label?: string) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (label = 'tmp') => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `kaohe-test-${label}-`));
    made.push(dir);
    return dir;
  };
}

export const seedRubric = fromRoot('rubrics', 'gansu-2015.json');
export const seedUnits = fromRoot('seeds', 'units.json');
export const seedEvidenceDir = fromRoot('seeds', 'evidence', '2015');
export const seedEvidence = (unitCode: string) => path.join(seedEvidenceDir, `${unitCode}.json`);

/** Copies the seed evidence folder into `dir` and returns `dir`. */
export function copySeedEvidence(dir: string): string {
  cpSync(seedEvidenceDir, dir, { recursive: true });
  return dir;
}

export function readJsonFile<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Rewrites a JSON file through `edit` (which may change the value in place or return a new one). */
export function editJsonFile<T = Record<string, unknown>>(file: string, edit: (value: T) => T | void): void {
  const value = readJsonFile<T>(file);
  const edited = edit(value) ?? value;
  writeFileSync(file, `${JSON.stringify(edited, null, 2)}\n`);
}
