/** Where a command writes the file it makes, and what it says when the file cannot be written. */
import { statSync } from 'node:fs';
import path from 'node:path';

/** --out as given: a folder (existing) gets the file's own name inside it; none means the current folder. */
export function outputPath(out: string | undefined, fileName: string): string {
  if (out === undefined) return path.resolve(fileName);
  const resolved = path.resolve(out);
  try {
    if (statSync(resolved).isDirectory()) return path.join(resolved, fileName);
  } catch {
    // Not there yet: a file to create.
  }
  return resolved;
}

const USER_FIXABLE = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS']);

/** A file that cannot be written (no such folder, no permission) is the user's to fix, not a crash: the message, or null for anything else. */
export function writeFailure(error: unknown, out: string | undefined): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (out !== undefined && code !== undefined && USER_FIXABLE.has(code)) return `无法写出 ${out}：${(error as Error).message}`;
  return null;
}
