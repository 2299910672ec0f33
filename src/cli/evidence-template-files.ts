/**
 * kaohe evidence template from files alone (--rubric, --evidence): the template of the
 * unit an evidence file names, pre-filled with the unit's part of it (the examiners'
 * values, findings and adjustments are left out, as the database's template leaves
 * them). The offline twin of `kaohe evidence import --rubric … --out`.
 */
import { readFileSync } from 'node:fs';
import { KaoheError, type Rubric, parseEvidence, parseRubric } from '../core/index.js';
import { xlsxWorkbookFiles } from '../adapters/xlsx/workbook-files.js';
import { splitEvidence } from '../records/index.js';
import { evidenceTemplate } from '../spreadsheet/evidence-template.js';
import { filingOfEvidence } from '../spreadsheet/target-cells.js';
import { evidenceTemplateFileName } from '../spreadsheet/template-file-name.js';
import { templateContact } from '../services/submissions/evidence-template.js';

/** What a cover says for the deadline when no cycle (and so no deadline) is known. */
export const DEADLINE_UNKNOWN = '以考核通知为准';

export interface TemplateFromFiles {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly unit: { readonly code: string; readonly name: string };
  readonly year: number;
}

/** A refusal the user can fix (a file that does not read, a rubric and evidence that do not belong together): exit 1. */
export class TemplateFilesError extends Error {
  override name = 'TemplateFilesError';
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateFilesError(`无法读取${what} ${file}：${(error as Error).message}`);
  }
}

function problemsText(error: unknown): string {
  return error instanceof KaoheError ? error.problems.map((p) => `${p.path} ${p.message}`).join('；') : (error as Error).message;
}

/** What the cover says beyond the files: the deadline and whom to contact, each with a default. */
export interface CoverOptions {
  readonly deadline?: string | undefined;
  readonly contact?: string | undefined;
}

export async function templateFromFiles(rubricFile: string, evidenceFile: string, cover: CoverOptions = {}): Promise<TemplateFromFiles> {
  let rubric: Rubric;
  try {
    rubric = parseRubric(readJson(rubricFile, '考核细则'));
  } catch (error) {
    if (error instanceof TemplateFilesError) throw error;
    throw new TemplateFilesError(`考核细则 ${rubricFile} 有误：${problemsText(error)}`);
  }
  let evidence;
  try {
    evidence = parseEvidence(readJson(evidenceFile, '证据文件'));
  } catch (error) {
    if (error instanceof TemplateFilesError) throw error;
    throw new TemplateFilesError(`证据文件 ${evidenceFile} 有误：${problemsText(error)}`);
  }
  if (evidence.rubric !== rubric.id || evidence.year !== rubric.year) {
    throw new TemplateFilesError(`证据文件 ${evidenceFile} 属于考核细则 ${evidence.rubric}（${evidence.year}年度），而不是 ${rubric.id}（${rubric.year}年度）`);
  }
  const { submitted } = splitEvidence(rubric, evidence.items ?? {});
  const layout = evidenceTemplate({
    rubric,
    unit: evidence.unit,
    cycle: { year: evidence.year, deadline: cover.deadline ?? DEADLINE_UNKNOWN },
    draft: { items: submitted, ...(evidence.selfTotal === undefined ? {} : { selfTotal: evidence.selfTotal }), version: 0 },
    contact: templateContact(cover.contact),
    // The file's approved targets, shown read-only beside their checkpoints as the service's template shows the filing.
    ...(evidence.targets === undefined ? {} : { targets: filingOfEvidence(evidence.targets) }),
  });
  return {
    bytes: await xlsxWorkbookFiles.write(layout),
    fileName: evidenceTemplateFileName(evidence.year, evidence.unit.name),
    unit: evidence.unit,
    year: evidence.year,
  };
}
