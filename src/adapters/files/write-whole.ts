/** One output file, whole or not at all: written beside its target, then renamed over it. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeWhole(file: string, text: string | Uint8Array): void {
  // Beside the target, so the rename stays on one file system and is atomic.
  const staging = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(staging, text);
    renameSync(staging, file);
  } finally {
    rmSync(staging, { force: true });
  }
}
