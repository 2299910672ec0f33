import { writeFileSync } from 'node:fs';
import { readJson } from '../../adapters/files/read-json.js';
import {
  type MissingScenario,
  type MissingScenarioUnit,
  type UncertaintyFileV1,
  type UncertaintyResult,
  UncertaintySpecError,
  analyseUncertainty,
  parseUncertaintySpec,
  scenarioWords,
  uncertaintyFile,
  variedCountWords,
} from '../../analysis/index.js';
import { toFixed } from '../../core/exact/index.js';
import { evidenceSetHash } from '../../core/index.js';
import { engineVersion } from '../../package-info.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { shown } from '../defaults.js';
import { outputPath, writeFailure } from '../output-file.js';
import { loadAssessmentInputs } from '../assessment-inputs.js';
import { handleError, printInputError } from '../report-problems.js';
import { InputError } from '../../adapters/files/input-error.js';
import { percentText } from '../percent.js';
import { textTable } from '../text-table.js';
import { renderCharts } from '../../adapters/charts/render.js';
import { uncertaintyWorkbook } from '../../adapters/xlsx/uncertainty-workbook.js';
import { rankIntervalsChart, rankIntervalsOf } from '../../report/index.js';
import { assessmentName } from '../../report/charts/text.js';

/** What is varied when neither --spec nor --judgement says: examiners' judgements, one in ten moving a level. */
const DEFAULT_JUDGEMENT = 0.1;

export const analyseUncertaintyCommand: Command = {
  name: 'analyse uncertainty',
  summary: '名次有多确定：在评价判断和测量容差的不确定性下，各单位名次、等次和后三位的概率',
  help: `用法：kaohe analyse uncertainty [--rubric <细则文件>] [--evidence <证据目录>] [--units <单位名录>]
                                [--spec <设定文件>] [--judgement <概率>] [--draws <次数>] [--seed <种子>]
                                [--method auto|exact|sample] [--missing imputed]
                                [--section-weights <百分比>] [--points <百分比>]
                                [--out <文件>] [--chart <图片文件>] [--xlsx <表格文件>]

名次决定后果（后三位须向省政府报告，不合格要约谈），而部分得分来自考核组的判断
（体现充分与否、酌情扣分），测量值也有容差。本命令按声明的不确定性来源改变证据，
用精确评分引擎逐一评分，给出每个单位：
  名次中位数、5%–95% 名次区间、各等次的概率、进入后三位等标记的概率，
以及后三位名单与公布结果不同的概率。

不确定性来源（--spec 指向 JSON 设定文件，格式见 docs/uncertainty.md；不给 --spec 时用考核细则
uncertainty 中声明的来源，细则也没有声明时默认考核组评价以 ${DEFAULT_JUDGEMENT} 的概率移到相邻等级）：
  judgement  考核组评价以给定概率移到相邻等级（默认：考核组填写的全部枚举字段）
  fields     数值字段在容差（absolute 绝对值 或 percent 百分比）或整个取值范围（range）内均匀取值
  weights    各部分的权重（sections）或各考核要点的分值（points）在 ±百分比 内变化，再按比例
             还原，使总分（或该部分）的满分不变：名次有多少取决于细则作者对分值的选择

组合数不超过 exactLimit（默认 10,000）时逐一枚举，概率是精确的；否则按种子抽样
（默认 1,000 次），相同种子得到逐字节相同的结果。概率四舍五入到 4 位小数。

选项：
  --judgement <概率>  考核组评价移到相邻等级的概率（不给 --spec 时默认 ${DEFAULT_JUDGEMENT}）
  --section-weights <百分比>  各部分的权重在 ±百分比 内变化（设定文件的 weights.sections）
  --points <百分比>   各考核要点的分值在所属部分内 ±百分比 变化（weights.points）
  --draws, --seed, --method  覆盖设定文件中的同名项
  --missing imputed   另算一种情形：缺证据的值按其他单位补齐（数值取中位数，其余取最常见的值），
                      与公布结果（缺证据的考核要点得 0 分）比较名次和结果
  --out <文件>        另写出完整结果（uncertainty/v1 JSON，含每个名次的概率）
  --chart <图片文件>  另画出名次区间图（PNG）：各单位的 5%–95% 名次区间、公布名次和名次中位数
                      （超过 20 个单位时只画区间最宽的和可能进出后三位等标记的单位，与考核结果通报相同）
  --xlsx <表格文件>   另写出 Excel 表：各单位的名次区间和各等次、标记的概率，以及每个名次的概率

默认的细则、证据和单位名录与 kaohe assess 相同。`,
  async run(argv) {
    const { values } = parse(argv, {
      rubric: { type: 'string' },
      evidence: { type: 'string' },
      units: { type: 'string' },
      spec: { type: 'string' },
      judgement: { type: 'string' },
      draws: { type: 'string' },
      seed: { type: 'string' },
      method: { type: 'string' },
      missing: { type: 'string' },
      'section-weights': { type: 'string' },
      points: { type: 'string' },
      out: { type: 'string' },
      chart: { type: 'string' },
      xlsx: { type: 'string' },
    });
    // Where the spec came from, so that a refusal names that file: the rubric's declaration when there is no --spec.
    let declaredIn: string | null = null;
    try {
      const { rubric, rubricFile, prepared } = loadAssessmentInputs(values);
      if (values.spec === undefined && rubric.uncertainty !== undefined) declaredIn = rubricFile;
      const spec = parseUncertaintySpec(specFrom(values, declaredIn === null ? undefined : rubric.uncertainty));
      const result = analyseUncertainty(rubric, prepared, spec, { engineVersion, year: rubric.year });
      if (result.variations + result.weights > 0 || result.missing === undefined) printTable(result, rubric.title);
      else process.stdout.write(`${rubric.title}：名次的不确定性\n`);
      if (result.missing !== undefined) printMissing(result.missing, rubric.precision);
      // The file as --out writes it is what the chart and the workbook are drawn from too, as the report set draws them.
      let written: UncertaintyFileV1 | undefined;
      const file = () => (written ??= uncertaintyFile(rubric, spec, result, evidenceSetHash(prepared.map((p) => p.evidence))));
      const outputs = [
        ...(values.out === undefined
          ? []
          : [
              {
                option: values.out,
                name: 'uncertainty.json',
                what: '完整结果',
                content: () => `${JSON.stringify(file(), null, 2)}\n`,
              },
            ]),
        ...(values.chart === undefined
          ? []
          : [{ option: values.chart, name: 'chart-uncertainty.png', what: '名次区间图', content: () => chartOf(file(), rubric.title) }]),
        ...(values.xlsx === undefined
          ? []
          : [
              {
                option: values.xlsx,
                name: 'uncertainty.xlsx',
                what: 'Excel 表',
                content: () => uncertaintyWorkbook(file(), assessmentName(rubric.title), scenarioWords(result)),
              },
            ]),
      ];
      if (outputs.length > 0) process.stdout.write('\n');
      for (const output of outputs) {
        const file = outputPath(output.option, output.name);
        try {
          writeFileSync(file, await output.content());
        } catch (error) {
          const message = writeFailure(error, output.option);
          if (message === null) throw error;
          process.stderr.write(`kaohe: ${message}\n`);
          return 1;
        }
        process.stdout.write(`${output.what}已写出：${shown(file)}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof UncertaintySpecError) {
        const byOption = error.problems.map((p) => {
          const option = OPTION_OF_PATH[p.path];
          return option !== undefined && values[option] !== undefined ? { ...p, path: `--${option}` } : p;
        });
        const options = byOption.filter((p) => p.path.startsWith('--'));
        const declared = byOption.filter((p) => !p.path.startsWith('--'));
        const files =
          declaredIn === null
            ? [{ file: values.spec ?? '(命令行选项)', problems: byOption }]
            : [
                ...(declared.length > 0 ? [{ file: declaredIn, problems: declared.map((p) => ({ ...p, path: `$.uncertainty${p.path.slice(1)}` })) }] : []),
                ...(options.length > 0 ? [{ file: '(命令行选项)', problems: options }] : []),
              ];
        printInputError(new InputError(files, '不确定性设定有误'), true);
        return 1;
      }
      return handleError(error);
    }
  },
};

/** The spec's fields the command line's options set, so that a refusal names the option the user typed. */
const OPTION_OF_PATH: Readonly<Record<string, 'judgement' | 'draws' | 'seed' | 'method' | 'missing' | 'section-weights' | 'points'>> = {
  '$.missing': 'missing',
  '$.weights.sections.percent': 'section-weights',
  '$.weights.points.percent': 'points',
  '$.judgement.probability': 'judgement',
  '$.draws': 'draws',
  '$.seed': 'seed',
  '$.method': 'method',
};

/** The spec: --spec's file, else the rubric's declaration, with the options laid over it. */
function specFrom(values: { readonly [option: string]: string | boolean | undefined }, declared: object | undefined): unknown {
  const file = typeof values.spec === 'string' ? readJson(values.spec) : (declared ?? {});
  // A spec that is not an object is left as it is, for the schema to refuse by name.
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return file;
  const spec: Record<string, unknown> = { ...file };
  // A number given as an option is read as one; anything else is passed on for the schema to name.
  const number = (text: string) => (text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text);
  const weights = { ...(spec.weights as object) } as Record<string, unknown>;
  if (typeof values['section-weights'] === 'string') weights.sections = { ...(weights.sections as object), percent: number(values['section-weights']) };
  if (typeof values.points === 'string') weights.points = { ...(weights.points as object), percent: number(values.points) };
  if (Object.keys(weights).length > 0) spec.weights = weights;
  if (typeof values.judgement === 'string') spec.judgement = { ...(spec.judgement as object), probability: number(values.judgement) };
  else if (values.spec === undefined && declared === undefined && values.missing === undefined && spec.weights === undefined) {
    spec.judgement = { probability: DEFAULT_JUDGEMENT };
  }
  if (typeof values.draws === 'string') spec.draws = number(values.draws);
  if (typeof values.seed === 'string') spec.seed = number(values.seed);
  if (typeof values.method === 'string') spec.method = values.method;
  if (typeof values.missing === 'string') spec.missing = values.missing;
  return spec;
}

async function chartOf(file: UncertaintyFileV1, title: string): Promise<Uint8Array> {
  const spec = rankIntervalsChart(rankIntervalsOf(file, title));
  return (await renderCharts([spec])).get(spec.name) as Uint8Array;
}

function printTable(result: UncertaintyResult, title: string): void {
  const names = new Map(result.units.map((u) => [u.code, u.name]));
  process.stdout.write(`${title}：名次的不确定性\n${variedCountWords(result)}，${scenarioWords(result)}。\n\n`);
  const flagLabels = result.flagSets.map((f) => f.label);
  const rows = [
    ['名次', '单位', '结果', '名次中位数', '5%–95% 名次区间', '各等次概率', ...flagLabels],
    ...result.units.map((u) => [
      String(u.published.rank),
      u.name,
      u.published.grade,
      String(u.medianRank),
      u.rankInterval[0] === u.rankInterval[1] ? `${u.rankInterval[0]}` : `${u.rankInterval[0]}–${u.rankInterval[1]}`,
      u.grades.map((g) => `${g.grade} ${percentText(g.probability)}`).join('，'),
      ...result.flagSets.map((f) => {
        const p = u.flags.find((x) => x.code === f.code)?.probability;
        return p === undefined ? '—' : percentText(p);
      }),
    ]),
  ];
  process.stdout.write(`${textTable(rows, ['right', 'left', 'left', 'right', 'right', 'left', ...flagLabels.map(() => 'right' as const)]).join('\n')}\n`);
  printDrivers(result, names);
  for (const f of result.flagSets) {
    process.stdout.write(
      `\n${f.label}名单与公布结果（${f.published.length > 0 ? f.published.map((c) => names.get(c) ?? c).join('、') : '无'}）不同的概率：${percentText(f.changeProbability)}\n`,
    );
  }
}

function printMissing(scenario: MissingScenario, places: number): void {
  const affected = scenario.units.filter((u) => u.missingItems.length > 0);
  process.stdout.write(`\n缺证据的两种情形：按公布结果得 0 分，或按其他单位补齐（数值取中位数，其余取最常见的值）\n`);
  if (affected.length === 0) {
    process.stdout.write('没有单位缺证据。\n');
    return;
  }
  const state = (s: MissingScenarioUnit['published']) => `${toFixed(s.total, places)} 分，第 ${s.rank} 名，${s.grade}`;
  const rows = [
    ['单位', '缺证据的考核要点', '得 0 分（公布）', '补齐后'],
    ...affected.map((u) => [u.name, u.missingItems.join('、'), state(u.published), state(u.imputed)]),
  ];
  process.stdout.write(`${textTable(rows).join('\n')}\n`);
  const moved = scenario.units.filter((u) => u.published.rank !== u.imputed.rank || u.published.grade !== u.imputed.grade);
  process.stdout.write(
    moved.length === 0
      ? '补齐后各单位的名次和结果都不变。\n'
      : `补齐后名次或结果改变的单位：${moved.map((u) => `${u.name}（第 ${u.published.rank} 名 ${u.published.grade} → 第 ${u.imputed.rank} 名 ${u.imputed.grade}）`).join('、')}\n`,
  );
}

/** The fields that drive the flagged units' ranks, with the unit they belong to when it is another. */
function printDrivers(result: UncertaintyResult, names: ReadonlyMap<string, string>): void {
  const explained = result.drivers.filter((d) => d.drivers.length > 0);
  if (explained.length === 0) return;
  process.stdout.write('\n名次的主要影响因素（一阶敏感度指数：该项单独解释的名次方差比例）：\n');
  for (const { code, drivers } of explained) {
    const words = drivers.map((d) =>
      d.unit === ''
        ? `${d.item} 的${d.label} ${d.index.toFixed(2)}`
        : `${d.unit === code ? '' : `${names.get(d.unit) ?? d.unit}的`}${d.item}“${d.label}” ${d.index.toFixed(2)}`,
    );
    process.stdout.write(`  ${names.get(code) ?? code}：${words.join('；')}\n`);
  }
}
