/**
 * `kaohe assess --previous <dir>`: last year's evidence files, for a rubric whose rules
 * read last year (`previous`). Each file is checked as an evidence file (JSON, the
 * evidence schema) and must be of the year before the rubric's, one per unit; every
 * problem is reported at once with its file, before anything is scored. Its values are
 * checked against this year's rubric by the core, whose problems (at `$.previous[i]…`)
 * are named here by their file.
 */
import { statSync } from 'node:fs';
import { type EvidenceDocument, KaoheError, type Problem, evidenceSchema } from '../core/index.js';
import { parseWith } from '../core/validation.js';
import { evidenceFiles } from '../adapters/files/load.js';
import { InputError } from '../adapters/files/input-error.js';
import { tryReadJson } from '../adapters/files/read-json.js';

export interface PreviousEvidence {
  readonly files: readonly string[];
  readonly documents: readonly EvidenceDocument[];
}

/** Whether `--previous` names a folder (last year's evidence) rather than a file (last year's results.json). */
export function isDirectory(given: string | undefined): given is string {
  if (given === undefined) return false;
  try {
    return statSync(given).isDirectory();
  } catch {
    return false;
  }
}

export function loadPreviousEvidence(dir: string, year: number): PreviousEvidence {
  const bad: { file: string; problems: Problem[] }[] = [];
  const files: string[] = [];
  const documents: EvidenceDocument[] = [];
  const owner = new Map<string, string>();
  for (const file of evidenceFiles(dir)) {
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
    const doc = parsed.value;
    const problems: Problem[] = [];
    if (doc.year !== year) {
      problems.push({
        code: 'evidence_mismatch',
        path: '$.year',
        message: `这是 ${doc.year} 年度的证据，上年证据应为 ${year} 年度的（--previous 应给出 ${year} 年度的证据目录）`,
      });
    }
    const first = owner.get(doc.unit.code);
    if (first !== undefined)
      problems.push({ code: 'evidence_duplicate_unit', path: '$.unit.code', message: `单位 ${doc.unit.code} 的上年证据已由 ${first} 提供` });
    owner.set(doc.unit.code, file);
    if (problems.length > 0) bad.push({ file, problems });
    else {
      files.push(file);
      documents.push(doc);
    }
  }
  if (bad.length > 0) throw new InputError(bad, '上年证据文件（--previous）有误');
  return { files, documents };
}

/** The core's refusal of last year's evidence ($.previous[i]…) as the files' problems; any other error as it is. */
export function namedByFile(error: unknown, previous: PreviousEvidence | undefined): unknown {
  if (!(error instanceof KaoheError) || previous === undefined) return error;
  const bad: { file: string; problems: Problem[] }[] = [];
  for (const p of error.problems) {
    const match = /^\$\.previous\[(\d+)\](.*)$/.exec(p.path);
    const file = match ? previous.files[Number(match[1])] : undefined;
    if (!match || file === undefined) return error;
    bad.push({ file, problems: [{ ...p, path: `$${match[2] ?? ''}` }] });
  }
  return new InputError(bad, '上年证据文件（--previous）有误');
}
