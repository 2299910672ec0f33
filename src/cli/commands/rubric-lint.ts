import { tryReadJson } from '../../adapters/files/read-json.js';
import { excerpt, lintRubric, toFixed } from '../../core/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const rubricLint: Command = {
  name: 'rubric lint',
  summary: '检查考核细则文件（结构、分值、规则安全与取值范围）',
  help: `用法：kaohe rubric lint <细则文件>...

检查一个或多个考核细则（JSON）文件，列出每个问题及其 JSON 路径：
  结构与类型错误、重复编码、分值合计不符、规则读取未声明的字段、
  未知或不允许的运算符、不安全的读取路径（__proto__ 等）、
  以及在允许的证据范围内可能得出 [0, 上限] 以外结果的规则（用边界值和生成的证据实际运行每条规则）。

全部通过时退出码为 0，否则为 1。`,
  run(argv) {
    const { positionals } = parse(argv, {}, Infinity);
    if (positionals.length === 0) {
      process.stderr.write('kaohe rubric lint: 请给出至少一个细则文件（kaohe rubric lint --help）\n');
      return 2;
    }
    let failed = 0;
    for (const file of positionals) {
      const read = tryReadJson(file);
      const report = read.ok ? lintRubric(read.value) : { problems: read.problems, evaluations: 0, rubric: undefined };
      if (report.problems.length === 0 && report.rubric) {
        const r = report.rubric;
        process.stdout.write(
          `✓ ${file}：${r.title}（${r.id} ${r.version}），${r.checkpoints.length} 个考核要点，总分 ${toFixed(r.total, r.precision)}，` +
            `已用 ${report.evaluations} 组生成证据检验规则\n  ${r.hash}\n`,
        );
        continue;
      }
      failed++;
      process.stdout.write(`✗ ${file}：${report.problems.length} 个问题\n`);
      // The core already shortens what it quotes; this keeps any line readable whatever its source.
      for (const p of report.problems) process.stdout.write(`  ${excerpt(p.path, 400)}: ${excerpt(p.message, 400)} [${p.code}]\n`);
    }
    return failed === 0 ? 0 : 1;
  },
};
