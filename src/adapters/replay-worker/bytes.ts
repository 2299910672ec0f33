/**
 * An audit bundle file read once, into memory both threads of a replay can see: the
 * worker parses the very bytes this thread parses (a file changed between two reads
 * could otherwise be hashed as one bundle and recomputed as another), and nothing is
 * copied to give them to it.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { type JsonRead, parseJsonText, readProblem } from '../files/read-json.js';

export type BytesRead = { ok: true; bytes: SharedArrayBuffer } | Extract<JsonRead, { ok: false }>;

function shared(bytes: Uint8Array): SharedArrayBuffer {
  const copy = new SharedArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

export function readSharedBytes(file: string): BytesRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!fstatSync(fd).isFile()) return { ok: true, bytes: shared(readFileSync(fd)) }; // a pipe has no size to read to
    const bytes = new SharedArrayBuffer(fstatSync(fd).size);
    const view = new Uint8Array(bytes);
    for (let at = 0; at < view.length;) {
      const read = readSync(fd, view, at, view.length - at, null);
      if (read === 0) return { ok: true, bytes: shared(view.subarray(0, at)) }; // shortened while it was read
      at += read;
    }
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, problems: [readProblem(error)] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The bytes as UTF-8 text, read as readJson reads a file. */
export function parseSharedBytes(bytes: SharedArrayBuffer): JsonRead {
  return parseJsonText(Buffer.from(bytes).toString('utf8'));
}
