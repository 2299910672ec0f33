/**
 * The cheap checks an upload passes before exceljs parses it (exceljs inflates every
 * entry into memory and builds every row, so whatever could hurt must be caught here):
 * the file's size and signature, the zip's entry count and sizes (claimed and actual),
 * macros, external links, and the number of rows in each sheet, counted in its XML.
 */
import { MAX_SHEET_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES } from './read-limits.js';
import {
  REASON_ENCRYPTED,
  REASON_ENCRYPTED_OR_XLS,
  REASON_EXTERNAL_LINKS,
  REASON_MACROS,
  REASON_NOT_XLSX,
  REASON_OLD_XLS,
  REASON_XLSB,
  REASON_ZIP64,
  tooLargeUnpacked,
  tooLargeUpload,
  tooManyEntries,
  tooManyRows,
} from './read-reasons.js';
import { sheetNamesByPath } from './read-sheet-names.js';
import { inflateEntry, type ZipEntryInfo, zipDirectory, ZipRefused } from './read-zip.js';

export type Inspection = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Compound File Binary (OLE2): what Office writes for a password-encrypted .xlsx and for an old .xls. */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Stream names in an OLE2 directory are UTF-16LE. An encrypted OOXML package (ECMA-376
 * agile or standard encryption, what Excel and WPS write for 用密码进行加密) holds
 * EncryptedPackage; an .xls holds Workbook (BIFF8) or Book (BIFF5). Reading the
 * directory properly would mean following its sector chain; a name search is enough to
 * pick the right advice, and an unknown OLE2 file still gets the advice for both.
 */
const utf16 = (name: string): Buffer => Buffer.from(name, 'utf16le');
const ENCRYPTED_PACKAGE = utf16('EncryptedPackage');
const XLS_STREAMS = [utf16('Workbook\0'), utf16('Book\0')];

function ole2Reason(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(ENCRYPTED_PACKAGE)) return REASON_ENCRYPTED;
  if (XLS_STREAMS.some((name) => buffer.includes(name))) return REASON_OLD_XLS;
  return REASON_ENCRYPTED_OR_XLS;
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const MACROS = /(^|\/)vbaProject\.bin$|^xl\/macrosheets\//i;
const MACRO_CONTENT_TYPES = /macroEnabled|vnd\.ms-office\.vbaProject/i;
const MACRO_RELATION = /relationships\/vbaProject/i;
const EXTERNAL_LINKS = /^xl\/externalLinks\//i;
const EXTERNAL_LINK_RELATION = /relationships\/externalLink"/i;

const refuse = (reason: string): Inspection => ({ ok: false, reason });

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/**
 * Rows in a sheet's XML: the number of row elements or the highest row number, whichever
 * is larger (one cell at row 1,000,000 is as much a refusal as a million rows). Element
 * names may carry a namespace prefix (some writers emit `<x:row>`). The whole sheet is
 * counted, so the refusal can say how many rows there are: a scan of text already bounded
 * by MAX_UNCOMPRESSED_BYTES, far cheaper than exceljs building the rows.
 */
export function sheetRows(xml: Buffer): number {
  const text = xml.toString('latin1');
  const rowTag = /<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>/g;
  let count = 0;
  let highest = 0;
  for (let m = rowTag.exec(text); m !== null; m = rowTag.exec(text)) {
    count++;
    const r = /\sr\s*=\s*["'](\d+)["']/.exec(m[1] ?? '');
    if (r) highest = Math.max(highest, Number(r[1]));
  }
  return Math.max(count, highest);
}

function structureProblem(names: readonly string[]): string | undefined {
  if (names.some((n) => MACROS.test(n))) return REASON_MACROS;
  if (names.some((n) => EXTERNAL_LINKS.test(n))) return REASON_EXTERNAL_LINKS;
  if (names.includes('xl/workbook.bin')) return REASON_XLSB;
  if (!names.includes('[Content_Types].xml') || !names.includes('xl/workbook.xml')) return REASON_NOT_XLSX;
  return undefined;
}

function zipProblem(error: ZipRefused): string {
  switch (error.problem) {
    case 'zip64':
      return REASON_ZIP64;
    case 'too-large':
      return tooManyEntries();
    default:
      return REASON_NOT_XLSX;
  }
}

function inspectZip(bytes: Uint8Array): Inspection {
  const entries = zipDirectory(bytes, MAX_ZIP_ENTRIES);
  const claimed = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (claimed > MAX_UNCOMPRESSED_BYTES) return refuse(tooLargeUnpacked());
  const problem = structureProblem(entries.map((e) => e.name));
  if (problem !== undefined) return refuse(problem);

  // Every entry is inflated under its claimed size, so the total checked above is the real one.
  const worksheets: Array<{ entry: ZipEntryInfo; xml: Buffer }> = [];
  let contentTypes = '';
  let workbook = '';
  let workbookRels = '';
  for (const entry of entries) {
    const data = inflateEntry(bytes, entry);
    if (entry.name === '[Content_Types].xml') contentTypes = data.toString('utf8');
    else if (entry.name === 'xl/workbook.xml') workbook = data.toString('utf8');
    else if (entry.name === 'xl/_rels/workbook.xml.rels') workbookRels = data.toString('utf8');
    else if (WORKSHEET.test(entry.name)) worksheets.push({ entry, xml: data });
  }
  // A macro project may be stored under any name; its content type or relation gives it away.
  if (MACRO_CONTENT_TYPES.test(contentTypes) || MACRO_RELATION.test(workbookRels)) return refuse(REASON_MACROS);
  if (EXTERNAL_LINK_RELATION.test(workbookRels)) return refuse(REASON_EXTERNAL_LINKS);

  const names = sheetNamesByPath(workbook, workbookRels);
  for (const { entry, xml } of worksheets) {
    const rows = sheetRows(xml);
    if (rows > MAX_SHEET_ROWS) return refuse(tooManyRows(names.get(entry.name) ?? entry.name, rows));
  }
  return { ok: true };
}

/** Whether exceljs may be given these bytes; if not, the reason in Chinese. Never throws. */
export function inspectUpload(bytes: Uint8Array): Inspection {
  if (bytes.length > MAX_UPLOAD_BYTES) return refuse(tooLargeUpload(bytes.length));
  if (startsWith(bytes, OLE2_SIGNATURE)) return refuse(ole2Reason(bytes));
  try {
    return inspectZip(bytes);
  } catch (error) {
    if (error instanceof ZipRefused) return refuse(zipProblem(error));
    return refuse(REASON_NOT_XLSX);
  }
}
