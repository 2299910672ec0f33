import { loadEvidence, loadRubric } from '../../adapters/files/load.js';
import { engineVersion } from '../../package-info.js';
import { assessPrepared, buildResults } from '../../core/index.js';
import { parse, required } from '../args.js';
import type { Command } from '../command.js';
import { handleError } from '../report-problems.js';

export const scoreCommand: Command = {
  name: 'score',
  summary: '评定一个单位的证据，以 JSON 输出结果',
  help: `用法：kaohe score --rubric <细则文件> --evidence <证据文件>

评定一个单位的证据文件，把结果（总分、结果、各一级指标得分、每个考核要点的
得分与计算过程）以 JSON 打印到标准输出。不写任何文件。`,
  run(argv) {
    const { values } = parse(argv, { rubric: { type: 'string' }, evidence: { type: 'string' } });
    const rubricFile = required(values.rubric, '--rubric <细则文件>');
    const evidenceFile = required(values.evidence, '--evidence <证据文件>');
    try {
      const rubric = loadRubric(rubricFile);
      const prepared = loadEvidence(rubric, [evidenceFile]);
      const results = buildResults(
        rubric,
        assessPrepared(rubric, prepared, { engineVersion }),
        prepared.map((p) => p.evidence),
      );
      const { rank: _rank, tiedWith: _tied, flags: _flags, ...unit } = results.units[0] as (typeof results.units)[number];
      const output = { kaohe: 'unit-result/v1', engine: results.engine, rubric: results.rubric, year: results.year, unit };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};
