#!/usr/bin/env node
/**
 * kaohe: the command line. Each command lives in commands/; this file only
 * dispatches and prints help.
 */
import { engineVersion } from '../package-info.js';
import { type Command, UsageError } from './command.js';
import { analyseUncertaintyCommand } from './commands/analyse-uncertainty.js';
import { analyseWhatIf } from './commands/analyse-what-if.js';
import { assessCommand } from './commands/assess.js';
import { auditBundle } from './commands/audit-bundle.js';
import { auditDiff } from './commands/audit-diff.js';
import { auditReplay } from './commands/audit-replay.js';
import { auditSample } from './commands/audit-sample.js';
import { auditVerify } from './commands/audit-verify.js';
import { dbStart, dbStatus, dbStop } from './commands/db.js';
import { evidenceImportCommand } from './commands/evidence-import.js';
import { evidenceTemplateCommand } from './commands/evidence-template.js';
import { reviewTemplateCommand } from './commands/review-template.js';
import { reviewImportCommand } from './commands/review-import.js';
import { targetsDecide, targetsFile, targetsList } from './commands/targets.js';
import { explainCommand } from './commands/explain.js';
import { reportCommand } from './commands/report.js';
import { rubricAnalyse } from './commands/rubric-analyse.js';
import { rubricLint } from './commands/rubric-lint.js';
import { rubricSchemaCommand } from './commands/rubric-schema.js';
import { scoreCommand } from './commands/score.js';
import { seedCommand } from './commands/seed.js';
import { usersAdd } from './commands/users.js';
import { unitsCommand } from './commands/units.js';

const COMMANDS: readonly Command[] = [
  assessCommand,
  reportCommand,
  scoreCommand,
  explainCommand,
  analyseUncertaintyCommand,
  analyseWhatIf,
  rubricLint,
  rubricAnalyse,
  rubricSchemaCommand,
  unitsCommand,
  dbStart,
  dbStop,
  dbStatus,
  usersAdd,
  seedCommand,
  auditVerify,
  auditBundle,
  auditReplay,
  auditDiff,
  auditSample,
  evidenceTemplateCommand,
  evidenceImportCommand,
  reviewTemplateCommand,
  reviewImportCommand,
  targetsList,
  targetsFile,
  targetsDecide,
];

/** The names' column of the overview: as wide as the longest name, and two spaces. */
const NAME_WIDTH = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;

const OVERVIEW = `kaohe ${engineVersion} —— 质量工作考核引擎（考核细则即代码）

用法：kaohe <命令> [选项]

命令：
${COMMANDS.map((c) => `  ${c.name.padEnd(NAME_WIDTH)}${c.summary}`).join('\n')}

每个命令都可加 --help 查看详细说明，例如：kaohe assess --help
`;

function find(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(OVERVIEW);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${engineVersion}\n`);
    return 0;
  }
  const found = find(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    const hint = group.length > 0 ? `\n可用的子命令：${group.map((c) => c.name).join('、')}` : '';
    process.stderr.write(`kaohe: 不认识的命令“${argv.join(' ')}”。${hint}\n运行 kaohe --help 查看全部命令。\n`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kaohe ${command.name}: ${error.message}\n运行 kaohe ${command.name} --help 查看用法。\n`);
      return 2;
    }
    throw error;
  }
}

// Output piped into `head` and the like may close early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
