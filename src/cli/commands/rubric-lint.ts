import { tryReadJson } from '../../adapters/files/read-json.js';
import { evidenceFiles, loadEvidence } from '../../adapters/files/load.js';
import { rubricWeights } from '../../analysis/index.js';
import { type Rubric, assessPrepared, buildResults, excerpt, lintRubric, toFixed } from '../../core/index.js';
import { engineVersion } from '../../package-info.js';
import { handleError } from '../report-problems.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const rubricLint: Command = {
  name: 'rubric lint',
  summary: '检查考核细则文件（结构、分值、规则安全与取值范围）',
  help: `用法：kaohe rubric lint <细则文件>... [--evidence <证据目录>]

检查一个或多个考核细则（JSON）文件，列出每个问题及其 JSON 路径：
  结构与类型错误、重复编码、分值合计不符、规则读取未声明的字段、
  未知或不允许的运算符、不安全的读取路径（__proto__ 等）、
  以及在允许的证据范围内可能得出 [0, 上限] 以外结果的规则（用边界值和生成的证据实际运行每条规则）。

给出 --evidence 时，还用这些证据为每个通过检查的细则评分，并提示（不算问题，不影响退出码）
各单位得分都相同、在这些证据上不能区分单位的考核要点（详见 kaohe rubric analyse）。

全部通过时退出码为 0，否则为 1。`,
  run(argv) {
    const { positionals, values } = parse(argv, { evidence: { type: 'string' } }, Infinity);
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
        if (values.evidence !== undefined) {
          const warned = flatWarning(r, values.evidence);
          if (warned === null) failed++;
          else process.stdout.write(warned);
        }
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

/** The optional warning: checkpoints every unit of the given evidence scores the same on. Null when the evidence could not be read (its problems are printed). */
function flatWarning(rubric: Rubric, dir: string): string | null {
  try {
    const prepared = loadEvidence(rubric, evidenceFiles(dir));
    const results = buildResults(
      rubric,
      assessPrepared(rubric, prepared, { engineVersion }),
      prepared.map((p) => p.evidence),
    );
    const flat = rubricWeights(results).flat.filter((code) => rubric.items.get(code)?.kind === 'checkpoint');
    if (results.units.length < 2 || flat.length === 0) return `  依据 ${results.units.length} 个单位的证据，每个考核要点都能区分单位\n`;
    const titled = flat.map((code) => `    ${code} ${rubric.items.get(code)?.title ?? ''}`).join('\n');
    return `  ⚠ 提示：在 ${results.units.length} 个单位的证据上，${flat.length} 个考核要点各单位得分相同，不能区分单位：\n${titled}\n`;
  } catch (error) {
    handleError(error, false);
    return null;
  }
}
