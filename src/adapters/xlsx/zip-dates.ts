/**
 * Fixed timestamps in a zip. exceljs packs the workbook with JSZip, which stamps every
 * entry with the time it was written (JSZip takes a date per file, but exceljs passes
 * none), so two runs on the same results would differ in those bytes alone. The
 * timestamp is two fixed-position fields of each entry's local header and central
 * directory record; nothing else (no CRC, no length) depends on it, so rewriting them
 * in place gives the same bytes for the same results.
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** MS-DOS date and time (2-second resolution, years 1980–2107), from the UTC fields as JSZip does. */
function dosDateTime(when: Date): { date: number; time: number } {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  return { date, time };
}

/** A copy of `zip` with every entry dated `when`. Throws on anything that is not a plain zip. */
export function withFixedDates(zip: Uint8Array, when: Date): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const { date, time } = dosDateTime(when);
  // The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB.
  let end = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('xlsx: no zip end-of-central-directory record');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Error(`xlsx: zip central directory entry ${n} not where expected`);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL) throw new Error(`xlsx: zip local header ${n} not where expected`);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}
