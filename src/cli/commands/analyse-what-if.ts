import { type Goal, type Standing, whatItTakes } from '../../analysis/index.js';
import { toFixed, toSignedFixed } from '../../core/exact/index.js';
import { engineVersion } from '../../package-info.js';
import { parse, required } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { loadAssessmentInputs } from '../assessment-inputs.js';
import { handleError } from '../report-problems.js';
import { textTable } from '../text-table.js';

export const analyseWhatIf: Command = {
  name: 'analyse what-if',
  summary: '一个单位要达到下一等次、离开后三位或前进若干名，最少要改变哪些自己填报的数据',
  help: `用法：kaohe analyse what-if --unit <单位代码> [--goal grade|flag|places:<名次数>]
                              [--rubric <细则文件>] [--evidence <证据目录>] [--units <单位名录>]

在其他单位结果不变的前提下，找出该单位最少要改变哪些自己填报的证据值（在字段的取值范围和
步长内；考核组的评价和备案目标不在其内），才能：
  grade       达到下一个更好的等次（默认）
  flag        离开后三位等标记（考核细则的第一个标记）
  places:<n>  前进 n 名（并列计为同一名次）
每个候选值都由精确评分引擎计算，给出的方案再与全部单位一起重新评分；每项改变都注明它使
该考核要点得分增加多少。这只是推演，不会保存为证据。

默认的细则、证据和单位名录与 kaohe assess 相同。`,
  run(argv) {
    const { values } = parse(argv, {
      unit: { type: 'string' },
      goal: { type: 'string' },
      rubric: { type: 'string' },
      evidence: { type: 'string' },
      units: { type: 'string' },
    });
    const code = required(values.unit, '--unit <单位代码>');
    try {
      const { rubric, prepared } = loadAssessmentInputs(values);
      const goal = goalOf(values.goal ?? 'grade', rubric.flags[0]?.code);
      const unit = prepared.find((p) => p.unit.code === code);
      if (unit === undefined) throw new UsageError(`证据中没有代码为 ${code} 的单位（有：${prepared.map((p) => `${p.unit.code} ${p.unit.name}`).join('、')}）`);
      const answer = whatItTakes(rubric, prepared, code, goal, { engineVersion, year: rubric.year });
      const places = rubric.precision;
      const standing = (s: Standing) =>
        `${toFixed(s.total, places)} 分，第 ${s.rank} 名，${s.grade}${
          s.flags.length > 0
            ? `，${rubric.flags
                .filter((f) => s.flags.includes(f.code))
                .map((f) => f.label)
                .join('、')}`
            : ''
        }`;
      const flagLabel = rubric.flags.find((f) => goal.kind === 'flag' && f.code === goal.code)?.label ?? '';
      const goalWords =
        goal.kind === 'grade'
          ? answer.target === undefined
            ? '更好的等次'
            : `达到“${answer.target}”`
          : goal.kind === 'flag'
            ? `离开${flagLabel}`
            : `前进 ${goal.places} 名`;
      process.stdout.write(`${unit.unit.name}（${code}）要${goalWords}：\n现在：${standing(answer.before)}\n`);
      if (answer.reached && answer.changes.length === 0) {
        process.stdout.write(goal.kind === 'grade' && answer.target === undefined ? '已是最好的等次。\n' : '现在已经做到，不需要改变。\n');
        return 0;
      }
      if (!answer.reached) {
        process.stdout.write(goal.kind === 'grade' && answer.target === undefined ? '已是最好的等次。\n' : '只改变本单位自己填报的数据做不到。\n');
        return 0;
      }
      const shown = (v: string | number | boolean | undefined) => (v === undefined ? '（未填）' : v === true ? '是' : v === false ? '否' : String(v));
      const rows = [
        ['考核要点', '数据', '现在', '改为', '得分变化'],
        ...answer.changes.map((c) => [c.item, c.label, shown(c.from), shown(c.to), toSignedFixed(c.points, places)]),
      ];
      process.stdout.write(`最少改变 ${answer.changes.length} 项：\n${textTable(rows, ['left', 'left', 'right', 'right', 'right']).join('\n')}\n`);
      process.stdout.write(`改变后：${standing(answer.after as Standing)}\n（推演，不会保存为证据）\n`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      return handleError(error);
    }
  },
};

function goalOf(text: string, firstFlag: string | undefined): Goal {
  if (text === 'grade') return { kind: 'grade' };
  if (text === 'flag') {
    if (firstFlag === undefined) throw new UsageError('该考核细则没有后三位等标记，不能用 --goal flag');
    return { kind: 'flag', code: firstFlag };
  }
  const places = /^places:(\d{1,4})$/.exec(text);
  if (places && Number(places[1]) >= 1) return { kind: 'places', places: Number(places[1]) };
  throw new UsageError(`--goal 应为 grade、flag 或 places:<名次数>（例如 places:3），而不是“${text}”`);
}
