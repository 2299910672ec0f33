/**
 * kaohe evidence import: a filled evidence template (.xlsx) back in, all or nothing.
 * With --year, into the database as the unit's draft (the service's import: the same
 * checks, version and audit as a save from the web form); with --rubric, from files
 * alone into an evidence file like seeds/evidence/2015/*.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeWhole } from '../../adapters/files/write-whole.js';
import { xlsxWorkbookFiles } from '../../adapters/xlsx/workbook-files.js';
import { KaoheError, parseRubric } from '../../core/index.js';
import type { Actor } from '../../services/access/actor.js';
import { workbookProblem } from '../../services/submissions/evidence-import.js';
import { textFault } from '../../services/text.js';
import { type ImportProblem, importEvidence, templateIdentity } from '../../spreadsheet/evidence-import.js';
import { openCliServices } from '../service-connection.js';
import { importFailure, listProblems } from '../workbook-problems.js';
import { cycleOf, parse, required } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { DEFAULT_UNITS, shown } from '../defaults.js';
import { CLI_ACTOR } from './users.js';

const NAME = 'kaohe evidence import';

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliFailure(`无法读取 ${file}：${(error as Error).message}`);
  }
}

class CliFailure extends Error {}

/** Into the database: the unit's draft, as its city would save it (the CLI speaks for the unit). */
async function intoDatabase(file: string, cycleText: string, unit: string, version: number | undefined): Promise<number> {
  const bytes = readBytes(file);
  const actor: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'city', unitCode: unit };
  let app;
  try {
    app = await openCliServices({ bootstrap: false });
    const view = await app.services.evidenceImport.importWorkbook(actor, cycleOf(cycleText), unit, bytes, version);
    const answered = Object.keys(view.items).length;
    process.stdout.write(
      `已导入 ${shown(file)}：${view.unit.name}（${unit}）${cycleText}年度草稿，现为第 ${view.record?.version ?? 0} 版\n` +
        `  已填报 ${answered} 个考核要点，尚未填报 ${view.missing.length} 个\n`,
    );
    return 0;
  } catch (error) {
    return importFailure(NAME, error);
  } finally {
    await app?.close();
  }
}

/** The unit's name: the template's own when it is this unit's, else the shipped list of units', else its code. */
function unitName(workbook: Parameters<typeof templateIdentity>[0], unit: string): string {
  const identity = templateIdentity(workbook);
  const unitName = identity?.get('unitName');
  if (identity?.get('unit') === unit && unitName) return unitName;
  try {
    const list = JSON.parse(readFileSync(DEFAULT_UNITS, 'utf8')) as { units?: { code: string; name: string }[] };
    return list.units?.find((u) => u.code === unit)?.name ?? unit;
  } catch {
    return unit;
  }
}

/** From files alone: the rubric file, the workbook, and an evidence file written whole. */
async function intoFile(file: string, rubricFile: string, unit: string, out: string): Promise<number> {
  let rubric;
  try {
    rubric = parseRubric(JSON.parse(readFileSync(rubricFile, 'utf8')));
  } catch (error) {
    const why = error instanceof KaoheError ? error.problems.map((p) => `${p.path} ${p.message}`).join('；') : (error as Error).message;
    throw new CliFailure(`无法读取考核细则 ${rubricFile}：${why}`);
  }
  const read = await xlsxWorkbookFiles.read(readBytes(file));
  if (!read.ok) throw new CliFailure(`无法导入 ${shown(file)}：${read.reason}`);
  const name = unitName(read.workbook, unit);
  const result = importEvidence(read.workbook, rubric, { year: rubric.year, unit: { code: unit, name }, rubricHash: rubric.hash }, { textFault });
  if (!result.ok) {
    const problems = result.problems.map((p: ImportProblem) => workbookProblem(p));
    process.stderr.write(`${NAME}: 工作簿中有 ${problems.length} 个问题，未写出任何内容\n${listProblems(problems)}\n`);
    return 1;
  }
  const evidence = {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: rubric.year,
    unit: { code: unit, name },
    ...(result.selfTotal === undefined ? {} : { selfTotal: result.selfTotal }),
    items: result.items,
  };
  try {
    writeWhole(out, `${JSON.stringify(evidence, null, 2)}\n`);
  } catch (error) {
    throw new CliFailure(`无法写出 ${out}：${(error as Error).message}`);
  }
  process.stdout.write(`已写出证据文件：${shown(out)}\n  ${name}（${unit}），${rubric.year}年度，已填报 ${Object.keys(result.items).length} 个考核要点\n`);
  return 0;
}

export const evidenceImportCommand: Command = {
  name: 'evidence import',
  summary: '导入填好的证据模板（.xlsx）：存为单位草稿，或写出证据文件',
  help: `用法：kaohe evidence import <模板.xlsx> --year <年度> --unit <单位代码> [--version <草稿版本>]
      kaohe evidence import <模板.xlsx> --rubric <考核细则.json> --unit <单位代码> --out <证据文件.json>

导入用 kaohe evidence template（或考核系统）导出、在 Excel 或 WPS 表格中填好的证据模板。
全有或全无：工作簿中只要有一个问题，就什么也不保存，并逐一列出所有问题（单元格、考核要点、字段、
所填内容和原因）。可以识别全角数字、百分号、空格、是/否/√/×、以文本保存的数字等常见写法。

  --year     考核年度，例如 2015：导入数据库，存为该单位的草稿（与网页保存相同的检查，记入审计日志，
             操作人记为 ${CLI_ACTOR}）
  --version  所读取的草稿版本；不给出时以模板导出时的版本为准。其间草稿已被修改时拒绝
  --rubric   考核细则文件：不连接数据库，只从文件导入，写出证据文件（格式同 seeds/evidence/2015/*.json）
  --out      写出的证据文件（与 --rubric 一起使用；写出是整体的，不会留下半个文件）
  --unit     单位的 6 位行政区划代码，例如 620100；模板必须是该单位的

成功时退出码为 0；工作簿有问题、文件无法读取或写出、数据库无法连接时退出码为 1；参数有误时退出码为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { year: { type: 'string' }, unit: { type: 'string' }, version: { type: 'string' }, rubric: { type: 'string' }, out: { type: 'string' } },
      1,
    );
    const [file] = positionals;
    if (file === undefined) throw new UsageError('缺少要导入的工作簿（.xlsx）');
    const unit = required(values.unit, '--unit');
    if (!/^\d{6}$/.test(unit)) throw new UsageError(`--unit 应为6位行政区划代码，例如 620100，而不是“${unit}”`);
    if ((values.year === undefined) === (values.rubric === undefined)) throw new UsageError('请给出 --year（导入数据库）或 --rubric（只从文件导入）之一');
    try {
      if (values.rubric !== undefined) {
        if (values.version !== undefined) throw new UsageError('--version 只用于导入数据库（--year）');
        const out = required(values.out, '--out');
        return await intoFile(file, values.rubric, unit, path.resolve(out));
      }
      if (values.out !== undefined) throw new UsageError('--out 只用于从文件导入（--rubric）；导入数据库时不写文件');
      const yearText = values.year as string;
      cycleOf(yearText);
      if (values.version !== undefined && !/^\d{1,9}$/.test(values.version))
        throw new UsageError(`--version 应为草稿的版本号，例如 3，而不是“${values.version}”`);
      return await intoDatabase(file, yearText, unit, values.version === undefined ? undefined : Number(values.version));
    } catch (error) {
      if (!(error instanceof CliFailure)) throw error;
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return 1;
    }
  },
};
