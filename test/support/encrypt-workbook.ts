/**
 * A workbook encrypted with an open password the way Excel 2010+ and WPS do it (ECMA-376
 * agile encryption: an OLE2 file holding EncryptionInfo and EncryptedPackage), written
 * by xlsx-populate, the one JavaScript library that writes it. LibreOffice 7.4 headless
 * has no command-line way to set a password.
 */
import XlsxPopulate from 'xlsx-populate';

export async function encryptWorkbook(xlsx: Uint8Array, password: string): Promise<Uint8Array> {
  const workbook = await XlsxPopulate.fromDataAsync(Buffer.from(xlsx));
  return new Uint8Array(await workbook.outputAsync({ password }));
}

/** The sheet names of an encrypted workbook opened with its password: proof that it is a real one. */
export async function sheetNamesWithPassword(encrypted: Uint8Array, password: string): Promise<string[]> {
  const workbook = await XlsxPopulate.fromDataAsync(Buffer.from(encrypted), { password });
  return workbook.sheets().map((sheet) => sheet.name());
}
