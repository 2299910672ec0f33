/** kaohe audit diff: what changed between two audit bundles, unit by unit, and why. */
import { diffBundles } from '../../audit/index.js';
import { InputError } from '../../adapters/files/input-error.js';
import { parse } from '../args.js';
import { readBundleWithRubric } from '../bundle-file.js';
import { type Command, UsageError } from '../command.js';
import { diffText } from '../diff-text.js';
import { printInputError } from '../report-problems.js';

export const auditDiff: Command = {
  name: 'audit diff',
  summary: '比较两个审计包：各单位总分、名次的变化，及每个变化的考核要点的原因',
  help: `用法：kaohe audit diff <审计包A> <审计包B> [--json]

比较两个审计包（bundle/v1，例如同一年度前后两次导出的评分），逐单位列出：
  单位、总分 A → B、变化、名次 A → B、结果 A → B；
名次有变化的单位，写明超过了哪些单位、被哪些单位超过，或与哪些单位并列（或不再并列）；
然后逐个列出得分或输入有变化的考核要点（含加分项、扣分项、一票否决）及其原因：
  证据      单位填报的内容有变化（填报值、不涉及、自评分、说明、材料），或经批准的备案目标有变化（备案目标）
  审核调整  考核组的审核有变化（核实值、考核组填写的值、核查发现、调整分）
  考核细则  该要点在细则中的定义有变化（评分规则、分值等），或细则整体的精度、修约规则有变化
一个要点可能同时有几个原因；得分变了而输入都未变时注明“输入未变（结果不同）”。
两个审计包都从数据库导出时，依据存储的提交记录和审核记录区分原因；由文件生成的审计包
没有这些记录，按细则中每个字段由谁填写区分（此时考核组对单位填报值的核实算作证据变化）。
某单位的记录在其评分之后又有改动时（审计包中的记录已不是该次评分所用的），该单位也按后一种方式区分。
分数和名次取自各审计包中的评分结果，不重新计算（重新计算用 kaohe audit replay）。

  --json  以 JSON 输出比较结果（供其他程序读取）

退出码：两个审计包相同时为 0；有差异时为 1（与 diff 命令相同）；
参数有误、文件无法读取或不是有效的审计包时为 2（指出文件和有误的字段）。`,
  run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 2);
    if (positionals.length < 2) throw new UsageError('需要两个审计包文件：kaohe audit diff <审计包A> <审计包B>');
    const [fileA, fileB] = positionals as [string, string];
    try {
      const diff = diffBundles(readBundleWithRubric(fileA), readBundleWithRubric(fileB));
      process.stdout.write(values.json ? `${JSON.stringify(diff, null, 2)}\n` : diffText(diff, { a: fileA, b: fileB }));
      return diff.identical ? 0 : 1;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      printInputError(error, false);
      return 2;
    }
  },
};
