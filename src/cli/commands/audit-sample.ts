/** kaohe audit sample: a reproducible, weighted, unit-stratified sample of checkpoints to re-check, as a table and a CSV file. */
import { writeWhole } from '../../adapters/files/write-whole.js';
import path from 'node:path';
import { failureMessage, openCliServices } from '../service-connection.js';
import { InputError } from '../../adapters/files/input-error.js';
import { engineVersion } from '../../package-info.js';
import { type BundleV1, SAMPLE_COLUMNS, type Sample, sampleCheckpoints, sampleCsv, sampleRows } from '../../audit/index.js';
import { exportBundle } from '../../services/audit/bundles.js';
import { cycleOf, parse, required } from '../args.js';
import type { CycleKey } from '../../records/index.js';
import { readBundleFile } from '../bundle-file.js';
import { type Command, UsageError } from '../command.js';
import { shown } from '../defaults.js';
import { printInputError } from '../report-problems.js';
import { textTable } from '../text-table.js';
import { CLI_ACTOR } from './users.js';

export const auditSample: Command = {
  name: 'audit sample',
  summary: '抽取待复核的考核要点样本（按单位分层、按分值和自评差距加权，给定种子可重现）',
  help: `用法：kaohe audit sample --year <年度> --size <样本量> --seed <种子> [--bundle <审计包>] [--run <评分编号>] [--out <CSV 文件>]

为第三方评价机构抽取待复核的考核要点（单位 × 考核要点）。相同的审计包、样本量和种子
总是抽出相同的样本（CSV 文件逐字节相同），任何人都可以重新抽取、核对抽样没有被挑选。
  --year    考核年度，例如 2015；与 --bundle 同时给出时须与审计包的年度一致
  --size    样本量（考核要点个数），正整数；超过总体时全部列出
  --seed    随机种子，任意文字或数字，例如 20160301；请与样本一同记录
  --bundle  审计包文件（kaohe assess --bundle 或 kaohe audit bundle 写出）；
            不给出时从数据库导出该年度的评分（默认最近一次定稿的评分）
  --run     从数据库抽样时的评分编号，例如 2015-2
  --out     CSV 文件，默认为当前目录下的 audit-sample-<年度>-seed<种子>.csv

抽样方法：
  总体：每个单位的每个考核要点，以及得分不为 0 或填有自评分的加分项、扣分项。
  分层：按单位分层，样本量平均分给各单位（样本量不少于单位数时每个单位至少 1 个）；
        余下的名额按各单位权重合计加权随机分配。
  加权：单位内按权重不放回抽样（Efraimidis–Spirakis：每个要点取 u^(1/w)，u 为种子决定的
        均匀随机数，取最大的若干个）。权重
          w = 分值 + 2 × 差距 + 考核组改动
        分值：考核要点的分值（有更高上限时取上限）；
        差距：|自评分 − 得分|，未填自评分时为 0；
        考核组改动：考核组核实值与单位填报值不同（仅数据库导出的审计包可知），
                    或考核组调整了得分时，再加一次分值，否则为 0。
        分值大、自评与核定得分相差大、经考核组改动的要点更可能被抽中。
  每一行的“抽样理由”列出权重的各项。

输出：终端打印样本表，并写出 CSV（UTF-8 带 BOM，Excel/WPS 可直接打开），列为
  ${SAMPLE_COLUMNS.join('、')}。
退出码：成功为 0；审计包或数据库有误时为 1；参数有误时为 2。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。`,
  async run(argv) {
    const { values } = parse(argv, {
      year: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      bundle: { type: 'string' },
      run: { type: 'string' },
      out: { type: 'string' },
    });
    const year = values.year === undefined ? undefined : yearOf(values.year);
    const size = sizeOf(required(values.size, '--size'));
    const seed = required(values.seed, '--seed');
    if (values.bundle === undefined && year === undefined) throw new UsageError('缺少 --year（从数据库抽样时须给出年度）');
    if (values.bundle !== undefined && values.run !== undefined) throw new UsageError('--run 只用于从数据库抽样，不能与 --bundle 同时给出');

    let source: { bundle: BundleV1; from: string };
    try {
      source =
        values.bundle === undefined
          ? await fromDatabase(cycleOf(values.year ?? ''), values.run)
          : { bundle: readBundleFile(values.bundle), from: `审计包 ${values.bundle}` };
    } catch (error) {
      if (error instanceof InputError) {
        printInputError(error, true);
        return 1;
      }
      const message = failureMessage(error);
      if (message === null) throw error;
      process.stderr.write(`kaohe audit sample: ${message}\n`);
      return 1;
    }
    const bundleYear = source.bundle.manifest.year;
    if (year !== undefined && year !== bundleYear) throw new UsageError(`--year ${year} 与审计包的年度 ${bundleYear} 不一致`);

    const sample = sampleCheckpoints(source.bundle, { size, seed });
    const out = path.resolve(values.out ?? `audit-sample-${bundleYear}-seed${fileSafe(seed)}.csv`);
    process.stdout.write(sampleText(sample, source.from));
    try {
      writeWhole(out, sampleCsv(sample));
    } catch (error) {
      process.stderr.write(`kaohe audit sample: 无法写出 ${out}：${(error as Error).message}\n`);
      return 1;
    }
    process.stdout.write(`\n已写出 ${shown(out)}（${sample.rows.length} 行）\n`);
    return 0;
  },
};

function yearOf(text: string): number {
  if (!/^\d{4}$/.test(text)) return cycleOf(text).year;
  return Number(text);
}

function sizeOf(text: string): number {
  const size = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(size >= 1)) throw new UsageError(`--size 应为正整数（考核要点个数），而不是“${text}”`);
  return size;
}

/** A seed as part of a file name: characters a file system may refuse become “_”. */
function fileSafe(seed: string): string {
  return seed.replace(/[^\p{L}\p{N}._-]/gu, '_');
}

async function fromDatabase(cycle: CycleKey, runId: string | undefined): Promise<{ bundle: BundleV1; from: string }> {
  if (runId !== undefined && !/^\d{4}-[1-9]\d{0,5}$/.test(runId)) throw new UsageError(`--run 应为评分编号，形如 2015-1，而不是“${runId}”`);
  const app = await openCliServices({ bootstrap: false });
  try {
    const bundle = await exportBundle(app.stores, app.services.deps.unitTree.tree, cycle, {
      runId,
      by: CLI_ACTOR,
      at: new Date().toISOString(),
      engineVersion,
    });
    return { bundle, from: `数据库中的评分 ${bundle.run?.runId ?? ''}（${app.where}）` };
  } finally {
    await app.close();
  }
}

function sampleText(sample: Sample, from: string): string {
  const units = sample.strata.length;
  const lines = [
    `抽样复核：${sample.year} 年度，依据${from}`,
    `样本量 ${sample.size}，种子 ${sample.seed}；总体 ${sample.population} 个考核要点，${units} 个单位，抽中 ${sample.rows.length} 个` +
      (sample.rows.length < sample.size ? '（样本量超过总体，全部列出）' : ''),
    '权重 w = 分值 + 2 × |自评分 − 得分| + 考核组改动（核实值与填报不同或调整了得分时再加一次分值）',
    '',
    ...textTable(
      [[...SAMPLE_COLUMNS], ...sampleRows(sample)],
      ['right', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
  ];
  return `${lines.join('\n')}\n`;
}
