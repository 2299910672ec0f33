/**
 * The zip inside an uploaded .xlsx, read defensively before any parser sees it. Only the
 * central directory (names, claimed sizes) is read first, so that an entry count or a
 * claimed size over the limits is refused without inflating a byte; then each entry is
 * inflated with node:zlib under a hard output cap equal to its claimed size, so an entry
 * that lies about its size (a zip bomb hiding behind small claims) fails instead of
 * filling memory. No zip library: this is a directory walk plus zlib, and a library
 * would inflate first and check later, which is the order we must avoid.
 */
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export interface ZipEntryInfo {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** What the directory claims; checked against the inflated length. */
  readonly uncompressedSize: number;
  readonly localOffset: number;
}

/** Why a file is not a zip we can read; the caller turns it into the user's message. */
export type ZipProblem = 'not-zip' | 'corrupt' | 'zip64' | 'encrypted' | 'too-large';

export class ZipRefused extends Error {
  constructor(readonly problem: ZipProblem) {
    super(`zip refused: ${problem}`);
  }
}

function endOfCentralDirectory(view: DataView): number {
  // The record is the last 22 bytes plus a comment of up to 64 KiB.
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  return -1;
}

/** The central directory's entries, checked for bounds, encryption and ZIP64; nothing inflated. */
export function zipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntryInfo[] {
  if (bytes.length < 22) throw new ZipRefused('not-zip');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== LOCAL) throw new ZipRefused('not-zip');
  const end = endOfCentralDirectory(view);
  if (end < 0) throw new ZipRefused('corrupt'); // starts like a zip but its end is missing: truncated
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new ZipRefused('zip64');
  if (count > maxEntries) throw new ZipRefused('too-large');
  if (directoryOffset + directorySize > end) throw new ZipRefused('corrupt');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: ZipEntryInfo[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new ZipRefused('corrupt');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (flags & 0x1) throw new ZipRefused('encrypted');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipRefused('zip64');
    }
    if (at + 46 + nameLength > end) throw new ZipRefused('corrupt');
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes, inflated to at most its claimed size; throws ZipRefused when anything does not add up. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntryInfo): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw new ZipRefused('corrupt');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ZipRefused('corrupt');
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === STORED) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new ZipRefused('corrupt');
    return Buffer.from(raw);
  }
  if (entry.method !== DEFLATED) throw new ZipRefused('corrupt');
  let out: Buffer;
  try {
    // One byte of slack so that "more than claimed" is told apart from "exactly as claimed".
    out = inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
  } catch {
    throw new ZipRefused('corrupt');
  }
  if (out.length !== entry.uncompressedSize) throw new ZipRefused('corrupt');
  return out;
}
