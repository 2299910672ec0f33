/**
 * Writes a set of output files so that a reader never sees half of them: everything
 * is written into a hidden staging folder inside the target, then renamed into place.
 * Names may contain one level of folders ("charts/chart-ranking.png").
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OutputFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

export function writeOutputs(dir: string, files: readonly OutputFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  const staging = path.join(dir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    for (const f of files) {
      mkdirSync(path.dirname(path.join(staging, f.name)), { recursive: true });
      writeFileSync(path.join(staging, f.name), f.content);
    }
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
      renameSync(path.join(staging, f.name), path.join(dir, f.name));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return files.map((f) => path.join(dir, f.name));
}
