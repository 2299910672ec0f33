/**
 * Reading the files `kaohe assess` writes the way a user's tools would: results.json
 * as JSON, ranking.csv as a spreadsheet reads it, report.md's ranking table as rows.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ResultsV1 } from '../../src/core/index.js';

/** The report files made from results.json (`kaohe report`). */
export const REPORT_FILES = ['report.html', 'report.pdf', 'report-public.html', 'report.xlsx', 'ranking.csv', 'report.md'] as const;
export const REPORT_FOLDERS = ['charts', 'scorecards'] as const;
/** What `kaohe assess` writes at the top of its folder. */
export const OUTPUT_FILES = ['results.json', ...REPORT_FILES] as const;
export const OUTPUT_ENTRIES = [...OUTPUT_FILES, ...REPORT_FOLDERS] as const;

/** Every file under a folder, as paths relative to it with "/", sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export function readResults(dir: string): ResultsV1 {
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsV1;
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** ranking.csv as objects keyed by its header (the BOM is removed first). */
export function readRankingCsv(dir: string): { bytes: Buffer; header: string[]; rows: Record<string, string>[] } {
  const bytes = readFileSync(path.join(dir, 'ranking.csv'));
  const [header = [], ...body] = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  return { bytes, header, rows: body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))) };
}

/** The rows of the Markdown table under the given `## heading` of report.md, keyed by its header. */
export function markdownTable(markdown: string, heading: string): Record<string, string>[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`report.md has no "## ${heading}" section`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  const [header, _rule, ...body] = table;
  if (header === undefined) throw new Error(`the "## ${heading}" section of report.md has no table`);
  const names = cells(header);
  return body.map((line) => Object.fromEntries(cells(line).map((c, i) => [names[i] as string, c])));
}
