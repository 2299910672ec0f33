/** kaohe evidence template: one unit's evidence template (.xlsx) from the database, pre-filled with its current draft. */
import path from 'node:path';
import { writeWhole } from '../../adapters/files/write-whole.js';
import type { Actor } from '../../services/access/actor.js';
import { failureMessage, openCliServices } from '../service-connection.js';
import { outputPath, writeFailure } from '../output-file.js';
import { type CoverOptions, TemplateFilesError, templateFromFiles } from '../evidence-template-files.js';
import { textFault } from '../../services/text.js';
import { parse, required, cycleOf } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { CLI_ACTOR } from './users.js';

/** The command line speaks for whoever runs it on the server: it may read any unit. */
const CLI: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'admin' };

export const evidenceTemplateCommand: Command = {
  name: 'evidence template',
  summary: '从数据库导出一个单位的证据模板（.xlsx，可离线填写后导入）',
  help: `用法：kaohe evidence template --year <年度> --unit <单位代码> [--out <文件或文件夹>]
      kaohe evidence template --rubric <考核细则.json> --evidence <证据文件.json> [--deadline <截止时间>] [--contact <联系方式>] [--out <文件或文件夹>]

从数据库导出一个单位的证据模板（Excel 工作簿，.xlsx），已预填该单位当前的草稿，
可用 Excel 或 WPS 表格离线填写，再用 kaohe evidence import 或考核系统的“导入”交回：
  封面   单位、年度、提交截止时间（北京时间）、考核细则的名称、标识、版本和内容哈希、填写说明、联系方式
  证据   按部分 → 指标 → 考核要点（含加分项、扣分项）排列，每个考核要点一行（分值、评分方法、需提交材料、
         不涉及、自评分、说明），其下每个由本单位填写的字段一行；只有黄色单元格可以编辑，均有下拉列表或数值范围检查
  --year  考核年度，例如 2015；市县组织的考核写作“年度-考核主体代码”，例如 2015-620100
  --unit  单位的 6 位行政区划代码，例如 620100
  --out   写出的文件，或已有的文件夹（放入其中）；不给出时写到当前文件夹，
          文件名形如 2015年度质量工作考核证据模板-兰州市.xlsx（已存在时覆盖；写出是整体的，不会留下半个文件）
  --rubric、--evidence  不连接数据库，从考核细则文件和一个单位的证据文件（格式同 seeds/evidence/2015/*.json）
          生成模板，预填证据文件中由本单位填写的内容；填好后用 kaohe evidence import --rubric … --out 写回证据文件
  --deadline  与 --rubric 一起使用：封面上的提交截止时间，例如 2016-03-31T23:59:59+08:00；不给出时写“以考核通知为准”
  --contact   与 --rubric 一起使用：封面上的考核联系人及联系方式；不给出时写省质量发展领导小组办公室（考核组）
              （从数据库导出时，联系方式取自考核周期）

只读数据库，不写入任何内容。成功时打印文件位置、单位、草稿版本和文件大小，退出码为 0；
年度或单位不存在、数据库无法连接、文件无法写出时退出码为 1；参数有误时退出码为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values } = parse(argv, {
      year: { type: 'string' },
      unit: { type: 'string' },
      out: { type: 'string' },
      rubric: { type: 'string' },
      evidence: { type: 'string' },
      deadline: { type: 'string' },
      contact: { type: 'string' },
    });
    if (values.rubric !== undefined || values.evidence !== undefined) {
      if (values.year !== undefined || values.unit !== undefined)
        throw new UsageError('--rubric、--evidence 从文件生成模板，不能与 --year、--unit（从数据库生成）同时使用');
      return fromFiles(
        required(values.rubric, '--rubric'),
        required(values.evidence, '--evidence'),
        { deadline: values.deadline, contact: values.contact },
        values.out,
      );
    }
    if (values.deadline !== undefined) throw new UsageError('--deadline 只用于从文件生成模板（--rubric、--evidence）；数据库中的考核周期有自己的截止时间');
    if (values.contact !== undefined) throw new UsageError('--contact 只用于从文件生成模板（--rubric、--evidence）；数据库中的考核周期有自己的联系方式');
    const yearText = required(values.year, '--year');
    const cycle = cycleOf(yearText);
    const unit = required(values.unit, '--unit');
    if (!/^\d{6}$/.test(unit)) throw new UsageError(`--unit 应为6位行政区划代码，例如 620100，而不是“${unit}”`);
    let app;
    let out: string | undefined;
    try {
      app = await openCliServices({ bootstrap: false });
      const file = await app.services.evidenceTemplates.template(CLI, cycle, unit);
      out = outputPath(values.out, file.fileName);
      writeWhole(out, file.bytes);
      const draft = file.version > 0 ? `草稿第 ${file.version} 版` : '尚未保存草稿（填报栏为空）';
      process.stdout.write(
        `已写出证据模板：${out}\n` + `  ${file.unitName}（${unit}），${yearText}年度，${draft}\n` + `  文件大小 ${(file.bytes.length / 1024).toFixed(1)} KB\n`,
      );
      return 0;
    } catch (error) {
      const message = failureMessage(error) ?? writeFailure(error, out);
      if (message === null) throw error;
      process.stderr.write(`kaohe evidence template: ${message}\n`);
      return 1;
    } finally {
      await app?.close();
    }
  },
};

async function fromFiles(rubricFile: string, evidenceFile: string, cover: CoverOptions, outOption: string | undefined): Promise<number> {
  const { deadline, contact } = cover;
  if (deadline !== undefined && Number.isNaN(Date.parse(deadline)))
    throw new UsageError(`--deadline 应为日期时间，例如 2016-03-31T23:59:59+08:00，而不是“${deadline}”`);
  let out: string | undefined;
  try {
    if (contact !== undefined && (contact.trim() === '' || textFault(contact) !== undefined || [...contact].length > 200))
      throw new UsageError('--contact 应为不超过 200 个字符的一行文字，例如“省质量发展领导小组办公室 张三 0931-0000000”');
    const file = await templateFromFiles(path.resolve(rubricFile), path.resolve(evidenceFile), { deadline, contact: contact?.trim() });
    out = outputPath(outOption, file.fileName);
    writeWhole(out, file.bytes);
    process.stdout.write(
      `已写出证据模板：${out}\n` +
        `  ${file.unit.name}（${file.unit.code}），${file.year}年度，预填自 ${evidenceFile}\n` +
        `  文件大小 ${(file.bytes.length / 1024).toFixed(1)} KB\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof TemplateFilesError ? error.message : writeFailure(error, out);
    if (message === null) throw error;
    process.stderr.write(`kaohe evidence template: ${message}\n`);
    return 1;
  }
}
