/** kaohe audit bundle: one run's audit bundle (bundle/v1) from the database, as a file. */
import { statSync } from 'node:fs';
import { writeWhole } from '../../adapters/files/write-whole.js';
import path from 'node:path';
import { failureMessage, openCliServices } from '../service-connection.js';
import { writeFailure } from '../output-file.js';
import { engineVersion } from '../../package-info.js';
import { exportBundle } from '../../services/audit/bundles.js';
import { parse, required, cycleOf } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { CLI_ACTOR } from './users.js';

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

export const auditBundle: Command = {
  name: 'audit bundle',
  summary: '从数据库导出一次评分的审计包（供第三方评价机构离线复核）',
  help: `用法：kaohe audit bundle --year <年度> [--run <评分编号>] --out <文件>

从数据库导出一次评分的审计包（bundle/v1，一个 JSON 文件），供第三方评价机构离线复核：
考核细则（发布时的原文）、每个单位评分所用的证据及其提交材料、审核记录和附件信息（存储原样）、
评分结果、评分记录、完整的审计链，以及本年度的第三方评估意见；清单中记有每一部分的内容哈希。
  --year  考核年度，例如 2015；市县组织的考核写作“年度-考核主体代码”，例如 2015-620100
  --run   评分编号，例如 2015-2；不给出时为该年度最近一次定稿的评分（草稿须明确给出）
  --out   写出的文件，例如 kaohe-bundle-2015.json（已存在时覆盖；写出是整体的，不会留下半个文件）

只读数据库，不写入任何内容。成功时打印文件位置、评分、单位数和文件大小，退出码为 0；
年度、评分不存在或数据库无法连接时退出码为 1；参数有误时退出码为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values } = parse(argv, { year: { type: 'string' }, run: { type: 'string' }, out: { type: 'string' } });
    const yearText = required(values.year, '--year');
    const cycle = cycleOf(yearText);
    if (values.run !== undefined && !/^\d{4}-[1-9]\d{0,5}$/.test(values.run)) throw new UsageError(`--run 应为评分编号，形如 2015-1，而不是“${values.run}”`);
    const out = path.resolve(required(values.out, '--out'));
    let app;
    try {
      app = await openCliServices({ bootstrap: false });
      const bundle = await exportBundle(app.stores, app.services.deps.unitTree.tree, cycle, {
        runId: values.run,
        by: CLI_ACTOR,
        at: new Date().toISOString(),
        engineVersion,
      });
      writeWhole(out, `${JSON.stringify(bundle)}\n`);
      const run = bundle.run;
      const status = run?.status === 'final' ? `已定稿（${run.finalizedAt ?? ''}）` : '草稿';
      process.stdout.write(
        `已写出审计包：${out}\n` +
          `  评分 ${run?.runId ?? ''}，${status}\n` +
          `  ${bundle.units.length} 个单位，审计链 ${bundle.audit.length} 条记录，第三方评估意见 ${bundle.notes.length} 条\n` +
          `  文件大小 ${sizeText(statSync(out).size)}\n` +
          `  结果哈希 ${run?.resultsHash ?? ''}\n`,
      );
      return 0;
    } catch (error) {
      const message = failureMessage(error) ?? writeFailure(error, out);
      if (message === null) throw error;
      process.stderr.write(`kaohe audit bundle: ${message}\n`);
      return 1;
    } finally {
      await app?.close();
    }
  },
};
