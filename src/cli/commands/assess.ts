import path from 'node:path';
import { evidenceFiles, loadEvidence, loadRubric } from '../../adapters/files/load.js';
import { readJson } from '../../adapters/files/read-json.js';
import { bundleFromFiles } from '../../audit/index.js';
import { loadUnits } from '../../adapters/files/units.js';
import { engineVersion } from '../../package-info.js';
import { type ResultsV1, assessPrepared, buildResults } from '../../core/index.js';
import { RESULTS_FILE } from '../../report/file-names.js';
import { type UnitGroups, fixed, groupRankText, groupedRanking } from '../../report/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { DEFAULT_UNITS, defaultEvidenceDir, defaultOutDirFor, isBodySeeds, newestRubricFile } from '../defaults.js';
import { handleError } from '../report-problems.js';
import { type PreviousEvidence, isDirectory, loadPreviousEvidence, namedByFile } from '../previous-evidence.js';
import { previousResults, writeReports } from '../report-output.js';
import { withRegister } from '../unit-register.js';
import { groupByHelp, parseGroupLevel, registerTreeFile, unitGroups } from '../group-option.js';
import { UNCERTAINTY_FILE, analyseWithSpec, loadUncertaintySpec } from '../uncertainty-input.js';

export const assessCommand: Command = {
  name: 'assess',
  summary: '按考核细则评定全部单位的证据，写出排名和报告',
  help: `用法：kaohe assess [--rubric <细则文件>] [--evidence <证据目录>] [--units <单位名录>] [--out <输出目录>]
                    [--previous <上年证据目录 或 上年 results.json>] [--as-of <日期>] [--no-pdf] [--bundle]
                    [--group-by city [--tree <单位树文件>]] [--uncertainty <设定文件>]

评定证据目录中每个单位的证据（每个单位一个 JSON 文件），排名，并写出：
  results.json         每个单位每个考核要点的得分及计算过程（可供复核）
  report.html          考核结果通报（内部版：排名表、统计图表、各单位成绩单），单个文件，可离线打开
  report.pdf           同一通报的 A4 PDF（由 Chromium 打印）
  report-public.html   公开版通报（只列各等次及其单位，不含分数和名次）
  report.xlsx          Excel 工作簿：排名、各单位考核要点得分、每单位一张表
  ranking.csv          排名表（UTF-8 带 BOM，Excel/WPS 可直接打开）
  report.md            排名通报（Markdown）
  charts/*.png         统计图表：排名、等次分布、考核要点得分热力表、各单位雷达图、与上年比较
  scorecards/<代码>.html  各单位考核成绩单（每单位一页）
  bundle.json          审计包（仅在给出 --bundle 时）：细则、各单位证据、结果及其内容哈希清单，
                       供第三方评价机构用 kaohe audit replay 离线复核
  uncertainty.json     名次的不确定性（仅在给出 --uncertainty 时）：uncertainty/v1，可供 kaohe report --uncertainty

默认值：
  --rubric    rubrics/ 中 gansu-2015 的最新版本（按细则文件中的版本号），现为 rubrics/gansu-2015-1.1.0.json（1.1.0）；
              1.0.0 版用 --rubric rubrics/gansu-2015.json
  --evidence  该版本的示例证据 seeds/evidence/<细则年度>-<版本号>（如 seeds/evidence/2015-1.1.0，
              含各单位已批准的备案目标），没有时为 seeds/evidence/<细则年度>（1.0.0 版的示例证据）；
              其他考核主体的细则为其示例证据，如 rubrics/lanzhou-2015.json 为 seeds/evidence/2015-620100
  --units     使用省的默认证据目录时为 seeds/units.json（名录中未提交证据的单位按全部缺证据计）
  --out       reports/<细则年度>；其他考核主体的示例证据写到 reports/<年度>-<主体代码>（如 reports/2015-620100）
  --previous  reports/<细则年度-1>/results.json（存在时），用于比较名次和得分的变化
              给出目录时，是上年的证据文件（与证据目录格式相同，年度为细则年度-1，每单位一个），
              供读取上年数据（previous）的考核细则评分；名次和得分的比较仍用默认的上年结果
  --as-of     不记录（结果不含任何时间，相同输入得到逐字节相同的结果）
  --no-pdf    不打印 report.pdf（省去几秒钟）
  --uncertainty <设定文件>
              评分后按设定文件（uncertainty-spec/v1，见 docs/uncertainty.md 和 kaohe analyse uncertainty --help）
              分析名次的不确定性：内部版通报（及 report.pdf）增加“名次的不确定性”一节，report.xlsx 增加
              「名次的不确定性」「名次概率」两张表，并写出 uncertainty.json。每种情形都完整评分一次：
              14 个单位抽样 1,000 次不到 1 秒；2,851 个单位约 1 分钟（只变考核组评价）到 2.5 分钟（另加测量容差），
              超过 100 个单位时 report.xlsx 不含「名次概率」（每个名次的概率见 uncertainty.json）
${groupByHelp('单位名录所指的单位树，否则为甘肃省 2015 年的单位树')}

任何输入文件有误时列出全部问题（文件、JSON 路径、原因），退出码为 1，且不写出任何文件。`,
  async run(argv) {
    const { values } = parse(argv, {
      rubric: { type: 'string' },
      evidence: { type: 'string' },
      units: { type: 'string' },
      out: { type: 'string' },
      previous: { type: 'string' },
      'as-of': { type: 'string' },
      'no-pdf': { type: 'boolean' },
      bundle: { type: 'boolean' },
      'group-by': { type: 'string' },
      tree: { type: 'string' },
      uncertainty: { type: 'string' },
    });
    try {
      const groupLevel = parseGroupLevel(values['group-by']);
      const rubricFile = values.rubric ?? newestRubricFile();
      const rubric = loadRubric(rubricFile);
      const uncertaintySpec = values.uncertainty === undefined ? undefined : loadUncertaintySpec(values.uncertainty);
      const evidenceDir = values.evidence ?? defaultEvidenceDir(rubric);
      // The province's register lists the province's units; a body's seeds have no register of their own.
      const unitsFile = values.units ?? (values.evidence === undefined && !isBodySeeds(evidenceDir) ? DEFAULT_UNITS : undefined);
      let prepared = loadEvidence(rubric, evidenceFiles(evidenceDir));
      const register = unitsFile === undefined ? undefined : loadUnits(unitsFile);
      if (register !== undefined) prepared = withRegister(rubric, register, prepared, unitsFile as string);
      else process.stderr.write('提示：未给出单位名录（--units），没有证据文件的单位不会出现在排名中。\n');
      const lastYear: PreviousEvidence | undefined = isDirectory(values.previous) ? loadPreviousEvidence(values.previous, rubric.year - 1) : undefined;
      if (lastYear === undefined && rubric.derivedReads.some((r) => r.kind === 'previous')) {
        process.stderr.write(`提示：考核细则读取上年数据，但未给出上年证据目录（--previous <目录>），各单位按无上年数据评分。\n`);
      }
      const options = {
        engineVersion,
        year: rubric.year,
        asOf: values['as-of'],
        ...(lastYear !== undefined && { previous: lastYear.documents }),
      };
      let assessment;
      try {
        assessment = assessPrepared(rubric, prepared, options);
      } catch (error) {
        throw namedByFile(error, lastYear);
      }
      const results = buildResults(
        rubric,
        assessment,
        prepared.map((p) => p.evidence),
      );
      const outDir = values.out ?? defaultOutDirFor(rubric, evidenceDir);
      const previous = previousResults(results, lastYear === undefined ? values.previous : undefined);
      const treeFile = values.tree ?? registerTreeFile(unitsFile, register?.tree);
      const groups =
        groupLevel &&
        unitGroups(
          groupLevel,
          results.units.map((u) => u.code),
          evidenceDir,
          treeFile,
        );
      printSummary(results, groups);
      const uncertainty = uncertaintySpec && analyseWithSpec(values.uncertainty as string, uncertaintySpec, rubric, prepared, options);
      await writeReports(
        { results, rubric, ...(previous && { previous }), ...(groups && { groups }), ...(uncertainty && { uncertainty }) },
        {
          outDir,
          pdf: !values['no-pdf'],
          alongside: [
            { name: RESULTS_FILE, content: `${JSON.stringify(results, null, 2)}\n` },
            ...(uncertainty ? [{ name: UNCERTAINTY_FILE, content: `${JSON.stringify(uncertainty, null, 2)}\n` }] : []),
            ...(values.bundle
              ? [
                  {
                    name: 'bundle.json',
                    content: `${JSON.stringify(bundleFromFiles({ rubric: readJson(rubricFile), evidence: prepared.map((p) => p.evidence), results, engineVersion, asOf: values['as-of'], previous: lastYear?.documents }))}\n`,
                  },
                ]
              : []),
          ],
        },
      );
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};

function printSummary(results: ResultsV1, groups?: UnitGroups): void {
  const places = results.rubric.precision;
  const grouped = groups && groupedRanking(results, groups);
  process.stdout.write(`${results.rubric.title}（${path.basename(results.rubric.id)} ${results.rubric.version}）\n\n`);
  process.stdout.write(
    `名次  单位                ${grouped ? `  所属${grouped.title}${'　'.repeat(8 - grouped.title.length)}  ${grouped.title}内名次  ` : ''}总分    结果\n`,
  );
  for (const u of results.units) {
    const marks = [
      u.vetoed ? '一票否决' : '',
      u.tiedWith.length > 0 ? '并列' : '',
      ...u.flags.map((f) => f.label),
      u.missingItems.length > 0 ? `缺证据 ${u.missingItems.length} 项` : '',
    ]
      .filter(Boolean)
      .join('，');
    const name = u.name.padEnd(10, '　');
    const g = grouped?.byUnit.get(u.code);
    const group = grouped ? `${(g?.name ?? '').padEnd(10, '　')}  ${groupRankText(g).padEnd(10)}  ` : '';
    process.stdout.write(`${String(u.rank).padStart(3)}   ${name}  ${group}${fixed(u.total, places).padStart(6)}  ${u.grade}${marks ? `  ${marks}` : ''}\n`);
  }
}
