/**
 * How much an uploaded workbook may hold. An evidence template for one city has a cover,
 * one evidence sheet of a few hundred rows (the Gansu 2015 rubric: about 300 field rows)
 * and a hidden identity sheet: well under 1 MB as a file, a few MB unpacked, a few dozen
 * zip entries. The limits sit one to two orders of magnitude above that, so no real
 * template (nor a department's notes pasted beside it) comes near them, while a file
 * built to exhaust the server's memory is refused before it is parsed.
 */

/** Upload size: a filled template is well under 1 MB; a 10 MB file is not one. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * All entries unpacked together. The sheets are XML, about 50–100 bytes a cell: 20,000
 * rows of 13 columns are some 25 MB. A zip bomb claims (or inflates to) far more.
 */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

/** Entries in the zip: a workbook has one per sheet, style, drawing and relation file; a template some 15. */
export const MAX_ZIP_ENTRIES = 2000;

/** Rows in one sheet, counted in its XML before exceljs builds it: the template has a few hundred. */
export const MAX_SHEET_ROWS = 20_000;

/** Megabytes, as a user reads them in a message. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
