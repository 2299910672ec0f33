/** How bad input is shown: each file, then each problem with its JSON path and code. */
import { InputError } from '../adapters/files/input-error.js';
import { KaoheError } from '../core/index.js';

export function printInputError(error: InputError, nothingWritten: boolean): void {
  const lines = [`kaohe: ${error.message}${nothingWritten ? '，未生成任何输出文件' : ''}。`];
  for (const { file, problems } of error.files) {
    lines.push(`  ${file}`);
    for (const p of problems) lines.push(`    ${p.path}: ${p.message} [${p.code}]`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** Turns known error kinds into messages and exit codes; anything else is a bug and is rethrown. */
export function handleError(error: unknown, nothingWritten = true): number {
  if (error instanceof InputError) {
    printInputError(error, nothingWritten);
    return 1;
  }
  if (error instanceof KaoheError) {
    printInputError(new InputError([{ file: '(输入)', problems: error.problems }], '输入有误'), nothingWritten);
    return 1;
  }
  throw error;
}
