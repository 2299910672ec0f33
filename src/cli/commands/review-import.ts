/**
 * kaohe review import: a filled field sheet (.xlsx) back into the database through the
 * service's import, each unit its own write against the versions read at export; the
 * answer says, per unit, whether it went in and, if not, why (every problem at its cell).
 */
import { readFileSync } from 'node:fs';
import type { Actor } from '../../services/access/actor.js';
import { openCliServices } from '../service-connection.js';
import { importFailure, listProblems } from '../workbook-problems.js';
import { parse, required, cycleOf } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { shown } from '../defaults.js';
import { CLI_ACTOR } from './users.js';

const NAME = 'kaohe review import';

/** The command line speaks for whoever runs it on the server, as an admin may: it saves for the examiners (recorded as cli). */
const CLI: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'admin' };

export const reviewImportCommand: Command = {
  name: 'review import',
  summary: '导入填好的实地核查表（.xlsx）：逐个单位保存审核记录',
  help: `用法：kaohe review import <实地核查表.xlsx> --year <年度>

把考核组填好的实地核查表（kaohe review template 导出的 .xlsx）导入数据库，逐个单位保存审核记录
（核定值、核查发现、调整分及理由、否决项），以导出时读取的版本为准：
  导出后单位材料或审核记录已有变动的单位不导入（请重新导出该单位的实地核查表）；
  工作表有问题的单位不导入，逐一列出问题所在的单元格；其他单位照常导入；
  与现有审核记录相同的单位不写入。
  --year  考核年度，例如 2015；市县组织的考核写作“年度-考核主体代码”，例如 2015-620100

全部单位导入（或无变化）时退出码为 0；有单位未导入、文件无法读取或不是本年度的实地核查表、
数据库无法连接时退出码为 1；参数有误时退出码为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values, positionals } = parse(argv, { year: { type: 'string' } }, 1);
    const [file] = positionals;
    if (file === undefined) throw new UsageError('请给出要导入的实地核查表（.xlsx）');
    const yearText = required(values.year, '--year');
    const cycle = cycleOf(yearText);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      process.stderr.write(`${NAME}: 无法读取 ${shown(file)}：${(error as Error).message}\n`);
      return 1;
    }
    let app;
    try {
      app = await openCliServices({ bootstrap: false });
      const result = await app.services.reviewImport.importWorkbook(CLI, cycle, bytes);
      const lines = result.units.map((u) => {
        const who = `${u.name}（${u.unit}）`;
        if (u.outcome === 'imported') return `  已导入  ${who}：审核记录第 ${u.version} 版`;
        if (u.outcome === 'unchanged') return `  无变化  ${who}：与现有审核记录相同，未写入`;
        return `  未导入  ${who}：${u.reason ?? ''}${u.problems === undefined ? '' : `\n${listProblems(u.problems, '          ')}`}`;
      });
      const refused = result.units.filter((u) => u.outcome === 'refused').length;
      const summary = `${yearText}年度实地核查表：${result.units.length} 个单位，${result.units.length - refused} 个已导入或无变化，${refused} 个未导入`;
      (refused > 0 ? process.stderr : process.stdout).write(`${summary}\n${lines.join('\n')}\n`);
      return refused > 0 ? 1 : 0;
    } catch (error) {
      return importFailure(NAME, error);
    } finally {
      await app?.close();
    }
  },
};
