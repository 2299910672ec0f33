/**
 * The core's verdict on a value, as a spreadsheet user reads it. The core names a field
 * as `“label”（key）` because its readers are evidence files and the API, where the key
 * is what one looks for; in a workbook the key is hidden and the row already shows the
 * label, so the key is dropped.
 */
const FIELD_KEY = /”（[A-Za-z_$][\w$]*）/g;

export function coreReasonForSheet(message: string): string {
  return message.replace(FIELD_KEY, '”');
}
