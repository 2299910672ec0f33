/**
 * Chromium stamps each PDF with the time it was printed (CreationDate, ModDate), and
 * its structure ids vary with the machine's load: the bytes that differ between two
 * prints of the same HTML. Stamping the results'
 * own date instead lets an auditor reproduce report.pdf byte for byte. The dates are
 * plain text of fixed length, so replacing them in place keeps every offset valid.
 */
import { renumberStructureIds } from './structure-ids.js';

const PDF_DATE = /\/(CreationDate|ModDate) \(D:\d{14}(?:[+-]\d{2}'\d{2}'|Z)\)/g;

function pdfDate(when: Date): string {
  const iso = when.toISOString(); // 2015-12-31T00:00:00.000Z
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`;
}

/** The PDF with the results' date for Chromium's print time, and its structure ids renumbered (structure-ids.ts). */
export function stampPdfDates(pdf: Uint8Array, when: Date): Uint8Array {
  // latin1 maps bytes to characters one to one, so the binary streams survive the round trip.
  const text = renumberStructureIds(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1'));
  const stamped = text.replace(PDF_DATE, (match, key: string) => {
    const replacement = `/${key} (${pdfDate(when)})`;
    return replacement.length === match.length ? replacement : match;
  });
  return new Uint8Array(Buffer.from(stamped, 'latin1'));
}
