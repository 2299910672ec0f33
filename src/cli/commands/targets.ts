/**
 * kaohe targets list | file | decide: target filing (目标备案) from the server's command
 * line, through the same service as the API: list every unit's filing, file a unit's
 * targets from a JSON file (as that unit, recorded as cli), approve or return them (as
 * the examiners, recorded as cli). Each write reads the current version first.
 */
import { readFileSync } from 'node:fs';
import type { Actor } from '../../services/access/actor.js';
import type { TargetFilingView, TargetInput } from '../../services/targets/targets.js';
import { type CliServices, failureMessage, openCliServices } from '../service-connection.js';
import { cycleOf, parse, required } from '../args.js';
import { type CycleKey, cycleIdOf } from '../../records/index.js';
import { type Command, UsageError } from '../command.js';
import { shown } from '../defaults.js';
import { CLI_ACTOR } from './users.js';

const DB = '数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库。';
const STATE_WORDS = { filed: '待审核', approved: '已批准', returned: '已退回' } as const;

function yearOf(text: string | undefined): CycleKey {
  return cycleOf(required(text, '--year'));
}

function unitOf(text: string | undefined): string {
  const unit = required(text, '--unit');
  if (!/^\d{6}$/.test(unit)) throw new UsageError(`--unit 应为6位行政区划代码，例如 620100，而不是“${unit}”`);
  return unit;
}

/** Opens the service, runs, prints a refusal or an unreachable database in words (exit 1), and closes. */
async function withService(name: string, run: (app: CliServices) => Promise<number>): Promise<number> {
  let app: CliServices | undefined;
  try {
    app = await openCliServices({ bootstrap: false });
    return await run(app);
  } catch (error) {
    const message = failureMessage(error);
    if (message === null) throw error;
    process.stderr.write(`${name}: ${message}\n`);
    return 1;
  } finally {
    await app?.close();
  }
}

/** One unit's filing, a line per target. */
function filingLines(v: TargetFilingView): string[] {
  const lines = [`${v.unit.name}（${v.unit.code}）目标备案，第 ${v.version} 版`];
  for (const [code, fields] of Object.entries(v.targets)) {
    for (const [key, t] of Object.entries(fields)) {
      const why = t.state === 'returned' && t.reason !== undefined ? `：${t.reason}` : '';
      lines.push(`  ${code} ${key} = ${JSON.stringify(t.value)}  ${STATE_WORDS[t.state]}${why}`);
    }
  }
  // A target's label says （已备案） of the value it will hold; beside 未备案 that would contradict itself.
  for (const u of v.unfiled) lines.push(`  ${u.item} ${u.field}（${u.label.replace(/（已备案）$/, '')}）  未备案`);
  return lines;
}

export const targetsList: Command = {
  name: 'targets list',
  summary: '列出各单位的目标备案及审核状态',
  help: `用法：kaohe targets list --year <年度>

列出每个单位备案的目标及其状态（待审核、已批准、已退回及退回理由），以及考核细则要求备案、尚未备案的目标。
  --year  考核年度，例如 2015
${DB}`,
  async run(argv) {
    const { values } = parse(argv, { year: { type: 'string' } });
    const year = yearOf(values.year);
    const cli: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'admin' };
    return withService('kaohe targets list', async (app) => {
      const filings = await app.services.targets.list(cli, year);
      process.stdout.write(`${cycleIdOf(year)}年度目标备案（截止 ${filings[0]?.filingDeadline ?? '—'}）\n${filings.flatMap(filingLines).join('\n')}\n`);
      return 0;
    });
  },
};

export const targetsFile: Command = {
  name: 'targets file',
  summary: '为一个单位备案目标（JSON 文件）',
  help: `用法：kaohe targets file --year <年度> --unit <单位代码> <目标.json>

以该单位的名义（审计记录中记为 cli）备案目标，如同市州在系统中备案：
目标.json 形如 {"Q04.1": {"goodAirDaysTarget": 80}}（考核要点编码 → 字段 → 目标值），
只备案文件中的目标，其余保持不变；每个目标值按考核细则检查；已批准的目标不能修改；目标备案截止后不能备案。
  --year  考核年度，例如 2015
  --unit  单位的6位行政区划代码，例如 620100
成功时退出码为 0；被拒绝（目标值有误、已批准、已过截止时间）或数据库无法连接时为 1；参数有误时为 2。
${DB}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { year: { type: 'string' }, unit: { type: 'string' } }, 1);
    const year = yearOf(values.year);
    const unit = unitOf(values.unit);
    const [file] = positionals;
    if (file === undefined) throw new UsageError('请给出目标文件（JSON）');
    let targets: TargetInput;
    try {
      targets = JSON.parse(readFileSync(file, 'utf8')) as TargetInput;
    } catch (error) {
      process.stderr.write(`kaohe targets file: 无法读取 ${shown(file)}：${(error as Error).message}\n`);
      return 1;
    }
    if (
      targets === null ||
      typeof targets !== 'object' ||
      Array.isArray(targets) ||
      Object.values(targets).some((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    ) {
      process.stderr.write(`kaohe targets file: ${shown(file)} 应为 {"考核要点编码": {"字段": 目标值}} 形式的 JSON 对象\n`);
      return 1;
    }
    const city: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'city', unitCode: unit };
    return withService('kaohe targets file', async (app) => {
      const current = await app.services.targets.get(city, year, unit);
      const saved = await app.services.targets.file(city, year, unit, targets, current.version);
      process.stdout.write(`${filingLines(saved).join('\n')}\n`);
      return 0;
    });
  },
};

export const targetsDecide: Command = {
  name: 'targets decide',
  summary: '批准或退回一个单位的备案目标',
  help: `用法：kaohe targets decide --year <年度> --unit <单位代码> (--approve | --return <理由>) [--item <编码> --field <字段>]

以考核组的名义（审计记录中记为 cli）审核一个单位待审核的备案目标：
  --approve         批准（批准后目标冻结，不能再修改）
  --return <理由>   退回，须说明理由；单位可以重新备案
  --item, --field   只审核这一个目标；省略时审核该单位全部待审核的目标
  --year, --unit    考核年度、单位的6位行政区划代码
成功时退出码为 0；没有待审核的目标或数据库无法连接时为 1；参数有误时为 2。
${DB}`,
  async run(argv) {
    const { values } = parse(argv, {
      year: { type: 'string' },
      unit: { type: 'string' },
      approve: { type: 'boolean' },
      return: { type: 'string' },
      item: { type: 'string' },
      field: { type: 'string' },
    });
    const year = yearOf(values.year);
    const unit = unitOf(values.unit);
    if ((values.approve === true) === (values.return !== undefined)) throw new UsageError('请给出 --approve 或 --return <理由> 之一');
    if (values.return !== undefined && values.return.trim() === '') throw new UsageError('--return 须说明退回理由');
    if ((values.item === undefined) !== (values.field === undefined)) throw new UsageError('--item 与 --field 须同时给出，或都省略（审核全部待审核的目标）');
    const decision = values.approve === true ? { approve: true as const } : { approve: false as const, reason: (values.return ?? '').trim() };
    const only = values.item !== undefined && values.field !== undefined ? { item: values.item, field: values.field } : undefined;
    const examiner: Actor = { userId: CLI_ACTOR, username: CLI_ACTOR, role: 'admin' };
    return withService('kaohe targets decide', async (app) => {
      const current = await app.services.targets.get(examiner, year, unit);
      const saved = await app.services.targets.decide(examiner, year, unit, decision, only, current.version);
      process.stdout.write(`${filingLines(saved).join('\n')}\n`);
      return 0;
    });
  },
};
