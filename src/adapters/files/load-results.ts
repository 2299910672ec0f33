/**
 * Reading results.json files handed to `kaohe report` (this year's and last year's),
 * and finding the rubric they name, so a report explains with the rules that scored it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type ResultsV1, type Rubric, checkRubric, resultsSchema } from '../../core/index.js';
import { parseWith } from '../../core/validation.js';
import { InputError } from './input-error.js';
import { tryReadJson } from './read-json.js';

export function loadResults(file: string): ResultsV1 {
  const read = tryReadJson(file);
  if (!read.ok) throw new InputError([{ file, problems: read.problems }], '结果文件有误');
  const parsed = parseWith(resultsSchema, read.value);
  if (!parsed.ok) throw new InputError([{ file, problems: parsed.problems }], '结果文件有误');
  return parsed.value;
}

/**
 * The rubric in `dir` whose content hash is the one the results name: rubrics/<id>.json
 * first, then any other rubric there (a renamed file still matches by content).
 */
export function findRubric(dir: string, results: ResultsV1): Rubric | undefined {
  if (!existsSync(dir)) return undefined;
  const preferred = `${path.basename(results.rubric.id)}.json`;
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  const ordered = [...names.filter((n) => n === preferred), ...names.filter((n) => n !== preferred).sort()];
  for (const name of ordered) {
    const rubric = rubricIfMatching(path.join(dir, name), results);
    if (rubric) return rubric;
  }
  return undefined;
}

/** The rubric in `file` if it is valid and is the one the results were scored with. */
export function rubricIfMatching(file: string, results: ResultsV1): Rubric | undefined {
  const read = tryReadJson(file);
  if (!read.ok) return undefined;
  const check = checkRubric(read.value);
  return check.ok && check.rubric.hash === results.rubric.hash ? check.rubric : undefined;
}
