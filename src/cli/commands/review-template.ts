/** kaohe review template: the examiners' field sheet (.xlsx) of a cycle from the database, pre-filled with the current reviews. */
import { writeWhole } from '../../adapters/files/write-whole.js';
import type { Actor } from '../../services/access/actor.js';
import { failureMessage, openCliServices } from '../service-connection.js';
import { outputPath, writeFailure } from '../output-file.js';
import { parse, required, cycleOf } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { CLI_ACTOR } from './users.js';

/** The command line speaks for whoever runs it on the server, as an admin may: it exports for the examiners. */
const CLI: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'admin' };

export const reviewTemplateCommand: Command = {
  name: 'review template',
  summary: '从数据库导出考核组的实地核查表（.xlsx，每个单位一张工作表，可离线填写）',
  help: `用法：kaohe review template --year <年度> [--units <单位代码,单位代码,…>] [--out <文件或文件夹>]

从数据库导出考核组的实地核查表（Excel 工作簿，.xlsx），供考核组在现场离线填写：
  封面       年度、考核细则的名称、标识、版本和内容哈希、所含单位、填写说明
  每个单位   一张工作表（以单位名称命名）：单位填报值和自评分（只读），旁边是考核组填写的
             核定值、核查发现、调整分、调整理由和否决项；已预填该单位当前的审核记录
  --year   考核年度，例如 2015；市县组织的考核写作“年度-考核主体代码”，例如 2015-620100
  --units  要包含的单位，逗号分隔的 6 位行政区划代码，例如 620100,620200；不给出时包含全部单位
  --out    写出的文件，或已有的文件夹（放入其中）；不给出时写到当前文件夹，
           文件名形如 2015年度质量工作考核实地核查表.xlsx（已存在时覆盖；写出是整体的，不会留下半个文件）

只读数据库，不写入任何内容。成功时打印文件位置、所含单位数和文件大小，退出码为 0；
年度或单位不存在、数据库无法连接、文件无法写出时退出码为 1；参数有误时退出码为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values } = parse(argv, { year: { type: 'string' }, units: { type: 'string' }, out: { type: 'string' } });
    const yearText = required(values.year, '--year');
    const cycle = cycleOf(yearText);
    const units = values.units === undefined ? undefined : values.units.split(',').map((u) => u.trim());
    for (const unit of units ?? [])
      if (!/^\d{6}$/.test(unit)) throw new UsageError(`--units 应为逗号分隔的6位行政区划代码，例如 620100,620200，而不是“${unit}”`);
    let app;
    let out: string | undefined;
    try {
      app = await openCliServices({ bootstrap: false });
      const file = await app.services.reviewSheets.template(CLI, cycle, units);
      out = outputPath(values.out, file.fileName);
      writeWhole(out, file.bytes);
      process.stdout.write(
        `已写出实地核查表：${out}\n` +
          `  ${yearText}年度，${file.units.length} 个单位：${file.units.join('、')}\n` +
          `  文件大小 ${(file.bytes.length / 1024).toFixed(1)} KB\n`,
      );
      return 0;
    } catch (error) {
      const message = failureMessage(error) ?? writeFailure(error, out);
      if (message === null) throw error;
      process.stderr.write(`kaohe review template: ${message}\n`);
      return 1;
    } finally {
      await app?.close();
    }
  },
};
