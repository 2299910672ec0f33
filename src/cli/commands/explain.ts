import { loadEvidence, loadRubric } from '../../adapters/files/load.js';
import { engineVersion } from '../../package-info.js';
import { assessPrepared, buildResults, explainItem, explainVeto } from '../../core/index.js';
import { parse, required } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { handleError } from '../report-problems.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: '说明一个考核要点的得分是如何得出的',
  help: `用法：kaohe explain --rubric <细则文件> --evidence <证据文件> --item <编码>

用文字说明一个单位在某个考核要点（或加分项、扣分项、一票否决事项）上的得分
是怎样得出的：评分方法、规则、读取的证据值、每一步的中间结果、截断与修约、
考核组的调整，以及最终得分。`,
  run(argv) {
    const { values } = parse(argv, { rubric: { type: 'string' }, evidence: { type: 'string' }, item: { type: 'string' } });
    const rubricFile = required(values.rubric, '--rubric <细则文件>');
    const evidenceFile = required(values.evidence, '--evidence <证据文件>');
    const code = required(values.item, '--item <编码>');
    try {
      const rubric = loadRubric(rubricFile);
      const item = rubric.items.get(code);
      const veto = rubric.vetoes.find((v) => v.code === code);
      if (!item && !veto) {
        const codes = [...rubric.items.keys(), ...rubric.vetoes.map((v) => v.code)];
        throw new UsageError(`考核细则 ${rubric.id} 中没有编码为 "${code}" 的考核要点。可用的编码：${codes.join(' ')}`);
      }
      const prepared = loadEvidence(rubric, [evidenceFile]);
      const unit = buildResults(
        rubric,
        assessPrepared(rubric, prepared, { engineVersion }),
        prepared.map((p) => p.evidence),
      ).units[0];
      if (!unit) return 1;
      const text = item
        ? explainItem(item, unit.items.find((i) => i.code === code) as (typeof unit.items)[number], unit.name, rubric.precision)
        : explainVeto(veto as NonNullable<typeof veto>, unit.vetoes.find((v) => v.code === code) as (typeof unit.vetoes)[number], unit.name);
      process.stdout.write(`${text}\n`);
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};
