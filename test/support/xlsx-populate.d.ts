/** The part of xlsx-populate (no published types) the tests use: open a workbook, write it encrypted, open it with a password. */
declare module 'xlsx-populate' {
  interface Sheet {
    name(): string;
  }
  interface Workbook {
    sheets(): Sheet[];
    outputAsync(options: { password: string }): Promise<Buffer>;
  }
  const XlsxPopulate: {
    fromDataAsync(data: Buffer | Uint8Array, options?: { password?: string }): Promise<Workbook>;
  };
  export default XlsxPopulate;
}
