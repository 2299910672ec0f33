/** Option parsing on node:util's parseArgs, with errors in the user's language. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type CycleKey, parseCycleId } from '../records/index.js';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: readonly string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (parsed.positionals.length > positionals) throw new UsageError(`多余的参数：${parsed.positionals.slice(positionals).join(' ')}`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `不认识的选项 ${unknown[1]}` : message);
  }
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`缺少 ${option}`);
  return value;
}

/**
 * The cycle a `--year` names: "2015" for the province's, "2015-620100" for the cycle
 * 兰州市 runs (records/cycle-key.ts).
 */
export function cycleOf(text: string, option = '--year'): CycleKey {
  const key = parseCycleId(text);
  if (!key) throw new UsageError(`${option} 应为4位年度（例如 2015），市县组织的考核为“年度-考核主体代码”（例如 2015-620100），而不是“${text}”`);
  return key;
}
