/**
 * Loading a rubric and a folder of evidence files, checking everything before any
 * scoring: every problem in every file is reported at once, each with its file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type PreparedEvidence, type Problem, type Rubric, checkRubric, evidenceSchema, readEvidence } from '../../core/index.js';
import { parseWith } from '../../core/validation.js';
import { InputError } from './input-error.js';
import { tryReadJson } from './read-json.js';

export function loadRubric(file: string): Rubric {
  const read = tryReadJson(file);
  if (!read.ok) throw new InputError([{ file, problems: read.problems }], '考核细则文件有误');
  const check = checkRubric(read.value);
  if (!check.ok) throw new InputError([{ file, problems: check.problems }], '考核细则文件有误');
  return check.rubric;
}

export function evidenceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new InputError([{ file: dir, problems: [{ code: 'json_invalid', path: '$', message: '证据目录不存在或无法读取' }] }], '证据目录有误');
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * Parses each file and checks its values against the rubric, preparing it for scoring
 * on the way (so nothing is checked twice); throws InputError listing every bad file.
 */
export function loadEvidence(rubric: Rubric, files: readonly string[]): PreparedEvidence[] {
  const bad: { file: string; problems: Problem[] }[] = [];
  const prepared: PreparedEvidence[] = [];
  const owner = new Map<string, string>();
  for (const file of files) {
    const read = tryReadJson(file);
    if (!read.ok) {
      bad.push({ file, problems: read.problems });
      continue;
    }
    const parsed = parseWith(evidenceSchema, read.value);
    if (!parsed.ok) {
      bad.push({ file, problems: parsed.problems });
      continue;
    }
    const { inputs, problems } = readEvidence(rubric, parsed.value);
    const first = owner.get(parsed.value.unit.code);
    if (first !== undefined) {
      problems.push({ code: 'evidence_duplicate_unit', path: '$.unit.code', message: `单位 ${parsed.value.unit.code} 已由 ${first} 提供证据` });
    }
    owner.set(parsed.value.unit.code, file);
    if (problems.length > 0) bad.push({ file, problems });
    else prepared.push(inputs);
  }
  if (bad.length > 0) throw new InputError(bad, '证据文件有误');
  return prepared;
}
