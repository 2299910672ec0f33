import path from 'node:path';
import { evidenceFiles, loadEvidence, loadRubric } from '../../adapters/files/load.js';
import { loadUnits } from '../../adapters/files/units.js';
import { writeOutputs } from '../../adapters/files/write-output.js';
import { engineVersion } from '../../adapters/package-info.js';
import { type ResultsV1, assessPrepared, buildResults } from '../../core/index.js';
import { bulletinMarkdown, fixed, rankingCsv } from '../../report/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { DEFAULT_RUBRIC, DEFAULT_UNITS, defaultEvidenceDir, defaultOutDir, shown } from '../defaults.js';
import { handleError } from '../report-problems.js';
import { withRegister } from '../unit-register.js';

export const assessCommand: Command = {
  name: 'assess',
  summary: '按考核细则评定全部单位的证据，写出排名和报告',
  help: `用法：kaohe assess [--rubric <细则文件>] [--evidence <证据目录>] [--units <单位名录>] [--out <输出目录>] [--as-of <日期>]

评定证据目录中每个单位的证据（每个单位一个 JSON 文件），排名，并写出：
  results.json   每个单位每个考核要点的得分及计算过程（可供复核）
  ranking.csv    排名表（UTF-8，Excel/WPS 可直接打开）
  report.md      排名通报

默认值：
  --rubric    rubrics/gansu-2015.json
  --evidence  seeds/evidence/<细则年度>
  --units     使用默认证据目录时为 seeds/units.json（名录中未提交证据的单位按全部缺证据计）
  --out       reports/<细则年度>
  --as-of     不记录（结果不含任何时间，相同输入得到逐字节相同的输出）

任何输入文件有误时列出全部问题（文件、JSON 路径、原因），退出码为 1，且不写出任何文件。`,
  run(argv) {
    const { values } = parse(argv, {
      rubric: { type: 'string' },
      evidence: { type: 'string' },
      units: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
    });
    try {
      const rubric = loadRubric(values.rubric ?? DEFAULT_RUBRIC);
      const evidenceDir = values.evidence ?? defaultEvidenceDir(rubric.year);
      const unitsFile = values.units ?? (values.evidence === undefined ? DEFAULT_UNITS : undefined);
      let prepared = loadEvidence(rubric, evidenceFiles(evidenceDir));
      if (unitsFile !== undefined) prepared = withRegister(rubric, loadUnits(unitsFile), prepared, unitsFile);
      else process.stderr.write('提示：未给出单位名录（--units），没有证据文件的单位不会出现在排名中。\n');
      const assessment = assessPrepared(rubric, prepared, { engineVersion, year: rubric.year, asOf: values['as-of'] });
      const results = buildResults(rubric, assessment, prepared.map((p) => p.evidence));
      const outDir = values.out ?? defaultOutDir(rubric.year);
      const written = writeOutputs(outDir, [
        { name: 'results.json', content: `${JSON.stringify(results, null, 2)}\n` },
        { name: 'ranking.csv', content: rankingCsv(results) },
        { name: 'report.md', content: bulletinMarkdown(results) },
      ]);
      printSummary(results);
      process.stdout.write(`\n已写出：\n${written.map((f) => `  ${shown(f)}`).join('\n')}\n`);
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};

function printSummary(results: ResultsV1): void {
  const places = results.rubric.precision;
  process.stdout.write(`${results.rubric.title}（${path.basename(results.rubric.id)} ${results.rubric.version}）\n\n`);
  process.stdout.write('名次  单位                总分    结果\n');
  for (const u of results.units) {
    const marks = [u.vetoed ? '一票否决' : '', u.tiedWith.length > 0 ? '并列' : '', ...u.flags.map((f) => f.label), u.missingItems.length > 0 ? `缺证据 ${u.missingItems.length} 项` : '']
      .filter(Boolean)
      .join('，');
    const name = u.name.padEnd(10, '　');
    process.stdout.write(`${String(u.rank).padStart(3)}   ${name}  ${fixed(u.total, places).padStart(6)}  ${u.grade}${marks ? `  ${marks}` : ''}\n`);
  }
}
