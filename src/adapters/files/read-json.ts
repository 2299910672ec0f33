/** Reading JSON files with errors that name the file, the line and the reason. */
import { readFileSync } from 'node:fs';
import { type Problem } from '../../core/index.js';
import { InputError } from './input-error.js';

export type JsonRead = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `第 ${line} 行第 ${column} 列`;
}

/** Why a file could not be read, as the JSON readers say it. */
export function readProblem(error: unknown): Problem {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : `无法读取（${(error as Error).message}）`;
  return { code: 'json_invalid', path: '$', message: reason };
}

export function tryReadJson(file: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [readProblem(error)] };
  }
  return parseJsonText(text);
}

/** A file's text as JSON (a leading byte-order mark allowed), or where and why it is not. */
export function parseJsonText(text: string): JsonRead {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? `${lineAndColumn(text, Number(position[1]))}：` : '';
    return { ok: false, problems: [{ code: 'json_invalid', path: '$', message: `不是有效的 JSON（${where}${message}）` }] };
  }
}

export function readJson(file: string): unknown {
  const read = tryReadJson(file);
  if (!read.ok) throw new InputError([{ file, problems: read.problems }], `${file}: ${read.problems[0]?.message}`);
  return read.value;
}
