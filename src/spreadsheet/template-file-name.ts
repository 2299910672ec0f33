/**
 * The name a template is saved under, e.g. 2015年度质量工作考核证据模板-兰州市.xlsx, in
 * the style of the report's saved names (src/report/file-names.ts): Chinese, led by
 * the year, so a clerk's downloads sort by cycle. Characters a file system refuses
 * become “_”.
 */
export const evidenceTemplateFileName = (year: number, unitName: string): string =>
  `${year}年度质量工作考核证据模板-${unitName.replace(/[^\p{L}\p{N}._()（）-]/gu, '_')}.xlsx`;
