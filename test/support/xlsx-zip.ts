/**
 * Reading an .xlsx as the zip it is, without a zip library: each entry's name, its
 * MS-DOS timestamp and its inflated text. The tests use it to check the timestamps
 * (fixed, for the same bytes on every run) and the raw XML numbers (exact decimals).
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  dosDate: number;
  dosTime: number;
  localDosDate: number;
  localDosTime: number;
  text: string;
}

export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    entries.push({
      name,
      dosTime: buf.readUInt16LE(at + 12),
      dosDate: buf.readUInt16LE(at + 14),
      localDosTime: buf.readUInt16LE(local + 10),
      localDosDate: buf.readUInt16LE(local + 12),
      text: (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/** The MS-DOS date of a UTC calendar day, as zip headers store it. */
export function dosDate(year: number, month: number, day: number): number {
  return ((year - 1980) << 9) | (month << 5) | day;
}
