import path from 'node:path';
import { findRubric, loadResults, rubricIfMatching } from '../../adapters/files/load-results.js';
import { InputError } from '../../adapters/files/input-error.js';
import { packageRoot } from '../../package-info.js';
import { RESULTS_FILE } from '../../report/file-names.js';
import type { Rubric } from '../../core/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { defaultOutDir, shown } from '../defaults.js';
import { handleError } from '../report-problems.js';
import { previousResults, writeReports } from '../report-output.js';
import { groupByHelp, parseGroupLevel, unitGroups } from '../group-option.js';
import { loadUncertainty } from '../uncertainty-input.js';

export const reportCommand: Command = {
  name: 'report',
  summary: '由 results.json 生成通报、PDF、Excel 工作簿、统计图表和各单位成绩单',
  help: `用法：kaohe report [--results <results.json>] [--out <输出目录>] [--rubric <细则文件>]
                    [--previous <上年 results.json>] [--no-pdf] [--group-by city [--tree <单位树文件>]]
                    [--uncertainty <uncertainty.json>]

只读结果文件，不重新评分：审核方拿到的 results.json 与通报中的每个数字一致。写出
report.html、report.pdf、report-public.html、report.xlsx、ranking.csv、report.md、
charts/*.png 和 scorecards/<代码>.html（说明见 kaohe assess --help）。

默认值：
  --results   reports/2015/results.json
  --out       results.json 所在目录
  --rubric    rubrics/ 中内容哈希与结果一致的细则（用于考核要点的文字说明；找不到时仅依据计算过程说明）
  --previous  reports/<年度-1>/results.json（存在时）
  --no-pdf    不打印 report.pdf
  --uncertainty <uncertainty.json>
              名次的不确定性（kaohe analyse uncertainty --out 或 kaohe assess --uncertainty 写出的文件）：
              内部版通报（及 report.pdf）增加“名次的不确定性”一节（说明、名次区间图、名次区间表），
              report.xlsx 增加「名次的不确定性」「名次概率」两张表；公开版不变。
              文件须与结果出自同一次考核（细则、证据、单位及各单位的公布名次、结果都相同），否则拒绝
${groupByHelp('甘肃省 2015 年的单位树')}

结果文件有误时列出全部问题（JSON 路径、原因），退出码为 1，且不写出任何文件。`,
  async run(argv) {
    const { values } = parse(argv, {
      results: { type: 'string' },
      out: { type: 'string' },
      rubric: { type: 'string' },
      previous: { type: 'string' },
      'no-pdf': { type: 'boolean' },
      'group-by': { type: 'string' },
      tree: { type: 'string' },
      uncertainty: { type: 'string' },
    });
    try {
      const groupLevel = parseGroupLevel(values['group-by']);
      const resultsFile = values.results ?? path.join(defaultOutDir(2015), RESULTS_FILE);
      const results = loadResults(resultsFile);
      const rubric =
        values.rubric === undefined
          ? findRubric(path.join(packageRoot, 'rubrics'), results)
          : givenRubric(values.rubric, results.rubric.hash, rubricIfMatching(values.rubric, results));
      if (!rubric) process.stderr.write(`提示：rubrics/ 中没有内容哈希为 ${results.rubric.hash} 的细则，考核要点按计算过程说明。\n`);
      const uncertainty = values.uncertainty === undefined ? undefined : loadUncertainty(values.uncertainty, results);
      const previous = previousResults(results, values.previous);
      const groups =
        groupLevel &&
        unitGroups(
          groupLevel,
          results.units.map((u) => u.code),
          resultsFile,
          values.tree,
        );
      await writeReports(
        { results, ...(rubric && { rubric }), ...(previous && { previous }), ...(groups && { groups }), ...(uncertainty && { uncertainty }) },
        { outDir: values.out ?? path.dirname(resultsFile), pdf: !values['no-pdf'] },
      );
      process.stdout.write(`\n依据：${shown(resultsFile)}（${results.rubric.title}，${results.units.length} 个单位）\n`);
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};

/** A rubric named on purpose must be the one that scored the results, or the report would explain other rules. */
function givenRubric(file: string, hash: string, rubric: Rubric | undefined): Rubric {
  if (rubric) return rubric;
  throw new InputError(
    [{ file, problems: [{ code: 'schema_invalid', path: '$', message: `不是评出这些结果的细则（结果文件记录的细则哈希为 ${hash}），或细则文件本身有误` }] }],
    '细则文件与结果不符',
  );
}
