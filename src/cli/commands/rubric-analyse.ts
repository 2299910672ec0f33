import { writeFileSync } from 'node:fs';
import { CEILING_SHARE, PAIR_CORRELATION, type PartWeight, type RubricWeights, accountedFor, rubricWeights } from '../../analysis/index.js';
import { type Num, cmp, roundTo, toFixed } from '../../core/exact/index.js';
import { assessPrepared, buildResults } from '../../core/index.js';
import { engineVersion } from '../../package-info.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { shown } from '../defaults.js';
import { outputPath, writeFailure } from '../output-file.js';
import { loadAssessmentInputs } from '../assessment-inputs.js';
import { handleError } from '../report-problems.js';
import { percentText } from '../percent.js';
import { textTable } from '../text-table.js';

/** How many items the table of the heaviest lists. */
const HEAVIEST = 10;

export const rubricAnalyse: Command = {
  name: 'rubric analyse',
  summary: '考核细则实际衡量的是什么：各部分的名义权重与实际权重，不能区分单位的考核要点',
  help: `用法：kaohe rubric analyse [--rubric <细则文件>] [--evidence <证据目录>] [--units <单位名录>] [--out <文件>]

依据各单位的证据（默认为示例证据）评分，再逐个一级指标和考核要点比较：
  名义权重  分值占总分的比例
  实际权重  该部分得分与总分的协方差占总分方差的比例，即各单位总分的差异有多少来自这一部分
            （扣分项按扣减计；各部分之和为 100%，加分和扣分的封顶使其略有出入）
并列出：各单位得分都相同、不能区分单位的考核要点；至少 ${CEILING_SHARE * 100}% 的单位得满分（天花板效应）
或得 0 分（地板效应）的考核要点；得分高度相关（|r| ≥ ${PAIR_CORRELATION}）、可能重复衡量同一件事的考核要点。
所有比例由各单位公布的得分精确计算，显示时四舍五入到 0.1%。

  --out <文件>  另写出完整结果（JSON）

默认的细则、证据和单位名录与 kaohe assess 相同。`,
  run(argv) {
    const { values } = parse(argv, { rubric: { type: 'string' }, evidence: { type: 'string' }, units: { type: 'string' }, out: { type: 'string' } });
    try {
      const { rubric, evidenceDir, prepared } = loadAssessmentInputs(values);
      const results = buildResults(
        rubric,
        assessPrepared(rubric, prepared, { engineVersion, year: rubric.year }),
        prepared.map((p) => p.evidence),
      );
      const weights = rubricWeights(results);
      process.stdout.write(`${rubric.title}（${rubric.id} ${rubric.version}）：各部分的实际权重\n`);
      process.stdout.write(`依据 ${weights.units} 个单位的得分（${shown(evidenceDir)}）。\n\n`);
      if (weights.units < 2 || cmp(weights.totalVariance, 0) === 0) {
        process.stdout.write('各单位总分相同，没有差异可以分解：实际权重无从计算。\n');
      } else printWeights(weights);
      if (values.out !== undefined) {
        const file = outputPath(values.out, 'rubric-weights.json');
        try {
          writeFileSync(file, `${JSON.stringify(weightsFile(rubric.id, rubric.version, weights), null, 2)}\n`);
        } catch (error) {
          const message = writeFailure(error, values.out);
          if (message === null) throw error;
          process.stderr.write(`kaohe: ${message}\n`);
          return 1;
        }
        process.stdout.write(`\n完整结果已写出：${shown(file)}\n`);
      }
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};

const percent = (n: Num | null) => (n === null ? '—' : percentText(n));

function printWeights(weights: RubricWeights): void {
  const row = (p: PartWeight) => [p.code, p.title, String(p.points), percent(p.nominal), percent(p.effective)];
  const align = ['left', 'left', 'right', 'right', 'right'] as const;
  process.stdout.write(`${textTable([['编码', '一级指标', '分值', '名义权重', '实际权重'], ...weights.sections.map(row)], [...align]).join('\n')}\n\n`);
  const heaviest = weights.items
    .filter((i) => i.effective !== null)
    .sort((a, b) => cmp(b.effective as Num, a.effective as Num))
    .slice(0, HEAVIEST);
  process.stdout.write(`实际权重最高的 ${heaviest.length} 个考核要点：\n`);
  process.stdout.write(`${textTable([['编码', '考核要点', '分值', '名义权重', '实际权重'], ...heaviest.map(row)], [...align]).join('\n')}\n`);
  process.stdout.write(`各考核要点实际权重之和：${percent(accountedFor(weights))}\n`);
  const titled = (codes: readonly string[]) => codes.map((c) => `${c} ${weights.items.find((i) => i.code === c)?.title ?? ''}`);
  const list = (heading: string, codes: readonly string[]) => {
    process.stdout.write(
      `\n${heading}：${
        codes.length === 0
          ? '无\n'
          : `${codes.length} 项\n${titled(codes)
              .map((t) => `  ${t}\n`)
              .join('')}`
      }`,
    );
  };
  list('不能区分单位的考核要点（各单位得分相同）', weights.flat);
  list(`天花板效应（至少 ${CEILING_SHARE * 100}% 的单位得满分）`, weights.ceiling);
  list(`地板效应（至少 ${CEILING_SHARE * 100}% 的单位得 0 分）`, weights.floor);
  process.stdout.write(
    `\n得分高度相关的考核要点（|r| ≥ ${PAIR_CORRELATION}，可能重复衡量同一件事）：${weights.pairs.length === 0 ? '无' : `${weights.pairs.length} 对`}\n`,
  );
  for (const p of weights.pairs) process.stdout.write(`  ${titled([p.a])[0]} 与 ${titled([p.b])[0]}（r = ${p.r.toFixed(2)}）\n`);
}

function weightsFile(id: string, version: string, weights: RubricWeights) {
  const exact = (n: Num | null) => (n === null ? null : Number(toFixed(roundTo(n, 6, 'half-up'), 6)));
  const part = (p: PartWeight) => ({ ...p, nominal: exact(p.nominal), effective: exact(p.effective), mean: exact(p.mean) });
  return {
    kaohe: 'rubric-weights/v1',
    rubric: { id, version },
    units: weights.units,
    sections: weights.sections.map(part),
    items: weights.items.map(part),
    flat: weights.flat,
    ceiling: weights.ceiling,
    floor: weights.floor,
    pairs: weights.pairs.map((p) => ({ ...p, r: Number(p.r.toFixed(4)) })),
  };
}
