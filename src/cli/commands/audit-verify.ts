/** kaohe audit verify: the audit chain, every stored run recomputed, every record against the trail. */
import { failureMessage, openCliServices } from '../service-connection.js';
import { systemClock } from '../../adapters/clock.js';
import type { RecoveryReport } from '../../services/audit/journal.js';
import { verify } from '../../services/audit/audit.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const auditVerify: Command = {
  name: 'audit verify',
  summary: '核验审计链与存储的评分结果：未被改动时退出码为 0',
  help: `用法：kaohe audit verify

核验数据库中的内容与审计记录是否一致。核验前先处理服务中断（崩溃、断电）时未完成的写入：
已写入记录但未记入审计链的，补记审计记录；未写入的，撤销其写入意图。这是核验唯一会写入的内容，
输出中会列出，以便与被改动的情形区分。然后：
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
      const report = await verify(app.stores, systemClock);
      process.stdout.write(recoveryLines(report.recovery));
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

/** What recovery did before the check, if anything: each completed entry by its seq, so an auditor can find it. */
function recoveryLines(recovery: RecoveryReport): string {
  const lines: string[] = [];
  for (const e of recovery.completed) lines.push(`  补记审计记录 #${e.seq}：${e.subject}（${e.action}，${e.at}），记录已写入而服务在记入审计链之前中断`);
  if (recovery.rolledBack > 0) lines.push(`  撤销 ${recovery.rolledBack} 个未完成的写入（记录未被写入）`);
  if (recovery.inFlight > 0) lines.push(`  ${recovery.inFlight} 个写入正在进行，未作处理`);
  for (const u of recovery.unresolved) lines.push(`  无法恢复的写入 ${u.subject}：${u.reason}`);
  return lines.length === 0 ? '' : `中断的写入：\n${lines.join('\n')}\n`;
}
