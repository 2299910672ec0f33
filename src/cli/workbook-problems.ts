/**
 * How the import commands (kaohe evidence import, kaohe review import) tell a clerk what
 * is wrong with a workbook: every problem on its own line, the cell first.
 */
import { ServiceError } from '../services/errors.js';
import { failureMessage } from './service-connection.js';

/** Every problem on its own line, the cell first, as a clerk looks for it. */
export function listProblems(problems: readonly { path: string; message: string }[], indent = '  '): string {
  return problems.map((p) => `${indent}${p.path === '' ? '（整个文件）' : p.path}  ${p.message}`).join('\n');
}

/**
 * What an import prints when the service refuses it or the database cannot be reached: a
 * workbook refused for its contents lists each problem at its cell. The exit code (1);
 * anything else is a bug and is thrown again.
 */
export function importFailure(command: string, error: unknown): number {
  if (error instanceof ServiceError && error.problems.length > 0) {
    process.stderr.write(`${command}: ${error.message}\n${listProblems(error.problems)}\n`);
    return 1;
  }
  const message = failureMessage(error);
  if (message === null) throw error;
  process.stderr.write(`${command}: ${message}\n`);
  return 1;
}
