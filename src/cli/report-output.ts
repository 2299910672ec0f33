/**
 * What `kaohe assess` and `kaohe report` share: finding last year's results, making
 * the report set and writing it (with results.json when there is one to write) in one
 * step, so a reader never finds this year's ranking next to last year's charts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadResults } from '../adapters/files/load-results.js';
import { InputError } from '../adapters/files/input-error.js';
import { type OutputFile, writeOutputs } from '../adapters/files/write-output.js';
import type { ResultsV1 } from '../core/index.js';
import { CHARTS_FOLDER, RESULTS_FILE, SCORECARDS_FOLDER } from '../report/file-names.js';
import type { ReportInput } from '../report/index.js';
import { defaultOutDir, shown } from './defaults.js';

/**
 * Last year's results: the file given, else reports/<year-1>/results.json when it exists.
 * A file given on purpose must be a valid earlier year; a default one that is not
 * is passed over with a note, since the user never asked for it.
 */
export function previousResults(results: ResultsV1, given: string | undefined): ResultsV1 | undefined {
  const file = given ?? path.join(defaultOutDir(results.year - 1), RESULTS_FILE);
  if (given === undefined && !existsSync(file)) return undefined;
  let previous: ResultsV1;
  try {
    previous = loadResults(file);
  } catch (error) {
    if (given !== undefined) throw error;
    process.stderr.write(`提示：${shown(file)} 不是有效的结果文件，报告中不比较上年。\n`);
    return undefined;
  }
  if (previous.year >= results.year) {
    const problem = { code: 'schema_invalid' as const, path: '$.year', message: `上年结果应早于 ${results.year} 年，此文件为 ${previous.year} 年` };
    if (given !== undefined) throw new InputError([{ file, problems: [problem] }], '上年结果文件有误');
    return undefined;
  }
  return previous;
}

export interface WriteReportsOptions {
  readonly outDir: string;
  readonly pdf: boolean;
  /** Files written with the reports, e.g. results.json from `kaohe assess`. */
  readonly alongside?: readonly OutputFile[];
}

/** Makes and writes the set; prints what was written and any part that could not be made. */
export async function writeReports(input: ReportInput, options: WriteReportsOptions): Promise<void> {
  // Loaded here, not at start-up: Chromium's driver, canvas and exceljs take a second to
  // load, which every other command (and every mistyped option) would pay for.
  const { reportSet, scorecardBatchesAtScale } = await import('../adapters/report-set.js');
  const { files, warnings } = await reportSet(input, { pdf: options.pdf });
  const written = writeOutputs(options.outDir, [...(options.alongside ?? []), ...files]);
  // At scale the set holds no scorecards: they are written here, a batch at a time.
  for await (const batch of scorecardBatchesAtScale(input)) written.push(...writeOutputs(options.outDir, batch));
  const top = written.filter((f) => !f.slice(options.outDir.length + 1).includes(path.sep));
  const charts = written.length - top.length;
  process.stdout.write(`\n已写出（${shown(options.outDir)}）：\n${top.map((f) => `  ${shown(f)}`).join('\n')}\n`);
  if (charts > 0) process.stdout.write(`  以及 ${CHARTS_FOLDER}/ 与 ${SCORECARDS_FOLDER}/ 下的 ${charts} 个文件（统计图表、各单位考核成绩单）\n`);
  for (const w of warnings) process.stderr.write(`警告：${w}\n  安装报告所需的全部软件：sudo bash scripts/setup.sh\n`);
}
