/** kaohe audit verify: the audit chain, every stored run recomputed, every record against the trail. */
import { failureMessage, openCliServices } from '../../adapters/cli-services.js';
import { verify } from '../../services/audit.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const auditVerify: Command = {
  name: 'audit verify',
  summary: '核验审计链与存储的评分结果：未被改动时退出码为 0',
  help: `用法：kaohe audit verify

核验数据库中的内容与审计记录是否一致（只读，不写入任何内容）：
  1. 审计链：每条审计记录都含前一条的哈希，任何一条被改动、删除或调换顺序都会被发现；
  2. 评分：用存储的输入（各单位的证据文档）和考核细则重新计算每一次评分，
     结果须与存储的 results.json 逐字节一致，哈希亦须一致；
  3. 记录：每份考核细则、提交材料、审核记录、评分和第三方评估意见的当前内容，须与审计链中最近一次
     记载它的哈希一致（绕过服务直接改动数据库，或删去末尾的审计记录，都会被发现）。

全部一致时打印摘要，退出码为 0；否则指出第一条不一致的审计记录（序号）或记录（如 run:2015-1），退出码为 1。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    parse(argv, {});
    let app;
    try {
      app = await openCliServices({ bootstrap: false });
      const report = await verify(app.stores);
      if (report.ok) {
        process.stdout.write(
          `审计核验通过（${app.where}）：\n  审计链 ${report.events} 条记录完好\n  重新计算 ${report.runs} 次评分，结果与存储的一致\n  ${report.records} 条记录的当前内容与审计链一致\n`,
        );
        return 0;
      }
      const where = report.problem?.seq !== undefined ? `审计记录 #${report.problem.seq}` : (report.problem?.subject ?? '');
      process.stdout.write(`审计核验未通过（${app.where}）：第一处不一致在 ${where}\n  ${report.problem?.message ?? ''}\n`);
      return 1;
    } catch (error) {
      const message = failureMessage(error);
      if (message === null) throw error;
      process.stderr.write(`kaohe audit verify: ${message}\n`);
      return 1;
    } finally {
      await app?.close();
    }
  },
};
