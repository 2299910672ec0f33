/** kaohe audit replay: re-check an audit bundle offline, from the bundle alone. */
import { parseSharedBytes, readSharedBytes } from '../../adapters/replay-worker/bytes.js';
import { replayWithWorker, startReplayWorker } from '../../adapters/replay-worker/index.js';
import type { ReplayProblem, ReplayReport } from '../../audit/index.js';
import { parse } from '../args.js';
import { type Command, UsageError } from '../command.js';

export const auditReplay: Command = {
  name: 'audit replay',
  summary: '离线复核审计包：哈希、审计链、重新计算全部得分并由第二评估器独立核算',
  help: `用法：kaohe audit replay <审计包.json> [--json]

只凭审计包本身（不连接数据库）复核其中的全部内容，并列出发现的每一处问题：
  1. 格式：审计包是否符合 bundle/v1 格式（指出字段路径）；
  2. 清单：每一部分（细则、各单位证据、结果、评分、审计链、评价意见等）的内容哈希
     是否与清单（manifest）所记一致；
  3. 交叉核对：细则的哈希与结果和评分所记是否一致，各单位证据的哈希与结果所记是否一致，
     评分的输入和结果哈希（inputsHash、resultsHash）是否一致——篡改者即使重写了清单也会被发现；
  4. 审计链（来自服务的审计包）：逐条核对哈希链，被改动、删除或调换的记录按序号指出；
     评分、提交记录、审核记录、材料记录和评价意见须与审计链中最近一次记载它的哈希一致；
  5. 合并（来自服务的审计包）：各单位的证据须等于其提交记录与审核记录合并所得；
  6. 重新计算：用审计包中的细则和证据重新评分，逐单位、逐考核要点与包内结果比较；
  7. 第二评估器：用另一套 JsonLogic 实现（json-logic-engine，decimal.js 十进制运算）
     独立计算每个考核要点的得分，须与包内结果完全一致。

全部一致时打印摘要，退出码为 0；发现问题时按单位和考核要点分组列出（包内值、重算值），退出码为 1。
文件不存在、不是有效的 JSON 或用法错误时（无从复核）退出码为 2，与 kaohe audit diff 相同。

选项：
  --json   以 JSON 输出复核报告（ok、problems、units、checkpoints、secondEvaluator）`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
    const file = positionals[0];
    if (file === undefined || file === '') throw new UsageError('缺少审计包文件：kaohe audit replay <审计包.json>');
    // 1 means "checked, and found problems"; a file that cannot be read was not checked at all.
    const unreadable = (problems: readonly { message: string }[]) => {
      process.stderr.write(`kaohe audit replay: ${file}：${problems[0]?.message ?? '无法读取'}\n`);
      return 2;
    };
    const bytes = readSharedBytes(file);
    if (!bytes.ok) return unreadable(bytes.problems);
    // The worker parses the same bytes while this thread does, then does its half of the replay.
    const worker = startReplayWorker(bytes.bytes);
    const read = parseSharedBytes(bytes.bytes);
    if (!read.ok) {
      await worker.stop();
      return unreadable(read.problems);
    }
    const report = await replayWithWorker(read.value, worker);
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(report.ok ? passed(file, report, read.value) : failed(file, report));
    return report.ok ? 0 : 1;
  },
};

function passed(file: string, report: ReplayReport, bundle: unknown): string {
  const { manifest, audit } = bundle as { manifest: { source: string; parts: object }; audit: unknown[] };
  const lines = [
    `审计包复核通过：${file}`,
    `  清单中 ${Object.keys(manifest.parts).length} 个部分的哈希一致，细则、证据与结果的交叉哈希一致`,
    manifest.source === 'service'
      ? `  审计链 ${audit.length} 条记录完好，评分、提交记录、审核记录、材料记录和评价意见与审计链一致`
      : '  来自文件的审计包：没有审计链和存储记录可核对（见 docs/audit-bundle.md）',
    `  ${report.units} 个单位、${report.checkpoints} 个考核要点重新计算，结果与包内一致`,
    `  第二评估器独立计算 ${report.secondEvaluator.checkpoints} 个考核要点，全部一致`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Problems grouped: the bundle as a whole first, then unit by unit; in a unit, its own problems, then checkpoint by checkpoint. */
function failed(file: string, report: ReplayReport): string {
  const lines = [`审计包复核未通过：${file}，发现 ${report.problems.length} 处问题`];
  const line = (p: ReplayProblem, indent: string) => `${indent}[${p.part}${p.seq !== undefined ? ` #${p.seq}` : ''}] ${p.message}`;
  const units = groupBy(report.problems, (p) => p.unitCode ?? '');
  for (const [unit, problems] of units) {
    lines.push(unit === '' ? '审计包整体：' : `单位 ${unit}：`);
    for (const [item, found] of groupBy(problems, (p) => p.itemCode ?? '')) {
      if (item === '') lines.push(...found.map((p) => line(p, '  ')));
      else lines.push(`  ${item}：`, ...found.map((p) => line(p, '    ')));
    }
  }
  const second = report.secondEvaluator;
  lines.push(
    `第二评估器独立计算 ${second.checkpoints} 个考核要点，${second.disagreements === 0 ? '全部与包内结果一致' : `${second.disagreements} 处与包内结果不一致`}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Groups in code order, the empty key (not about a unit or an item) first; each group keeps the order found. */
function groupBy(problems: readonly ReplayProblem[], key: (p: ReplayProblem) => string): [string, ReplayProblem[]][] {
  const groups = new Map<string, ReplayProblem[]>();
  for (const p of problems) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  return [...groups].sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1));
}
