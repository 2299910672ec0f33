/**
 * Importing a filled field sheet (.xlsx): each unit's review is its own write, with the
 * versions read at export. A unit whose submission or review changed since the export
 * is refused and named (its examiner saw something that is no longer there), as is a
 * unit whose sheet has a problem (every problem at its cell) or whose sheet is gone from
 * the file; the other units go in.
 * A unit whose review is as stored (or still empty) is not written at all, so an
 * unedited sheet imported back leaves every review as it was, version and all, and a
 * sheet imported a second time (its refused unit corrected) finds the others unchanged.
 */
import { canonicalJson } from '../../core/provenance/canonical-json.js';
import { type CycleKey, itemsOf, type ReviewItem, subjects } from '../../records/index.js';
import { importReviewSheet, type UnitReviewImport } from '../../spreadsheet/review-import.js';
import { type Actor, requireExaminer } from '../access/actor.js';
import { ServiceError, type ServiceProblem, invalid } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { workbookProblem } from '../submissions/evidence-import.js';
import { recordLock } from '../record-lock.js';
import { textFault } from '../text.js';
import type { reviewService } from './reviews.js';

export interface UnitImportOutcome {
  readonly unit: string;
  readonly name: string;
  /** imported: written (version: the review's new version); unchanged: as stored, not written; refused: not written, with why. */
  readonly outcome: 'imported' | 'unchanged' | 'refused';
  readonly version?: number;
  readonly reason?: string;
  readonly problems?: readonly ServiceProblem[];
}

type ReadyUnit = Extract<UnitReviewImport, { ok: true }>;

export interface ReviewImportResult {
  readonly year: number;
  readonly units: readonly UnitImportOutcome[];
}

/** A stored review's items as the sheet shows them: without who made each adjustment. */
function withoutAuthors(items: Readonly<Record<string, ReviewItem>>): Record<string, ReviewItem> {
  const out: Record<string, ReviewItem> = {};
  for (const [code, { adjustment, ...rest }] of Object.entries(items))
    out[code] = adjustment === undefined ? rest : { ...rest, adjustment: { score: adjustment.score, justification: adjustment.justification } };
  return out;
}

/** `reviews` is the one review service, so that its per-review write lock covers imports too. */
export function reviewImportService(deps: ServiceDeps, reviews: ReturnType<typeof reviewService>) {
  const { stores } = deps;
  const rubrics = rubricReader(stores);
  // The submission's writers queue on this lock (submissions.ts), so no submission is
  // saved between the check of its version and the review's write.
  const withRecordLock = recordLock(stores);

  async function importUnit(actor: Actor, key: CycleKey, unit: ReadyUnit, name: string): Promise<UnitImportOutcome> {
    const submission = await stores.submissions.get(key, unit.unit);
    if ((submission?.version ?? 0) !== unit.submissionVersion) {
      const reason = `导出后单位材料已有变动（导出时第 ${unit.submissionVersion} 版，现为第 ${submission?.version ?? 0} 版）；请重新导出该单位的实地核查表`;
      return { unit: unit.unit, name, outcome: 'refused', reason };
    }
    const stored = await stores.reviews.get(key, unit.unit);
    const storedVersion = stored?.version ?? 0;
    const same = canonicalJson(withoutAuthors(itemsOf<ReviewItem>(stored))) === canonicalJson(unit.items);
    // As stored, whatever the version: the same file imported again after a refused unit's
    // cells were corrected finds the units that went in the first time as they are.
    if (same) return { unit: unit.unit, name, outcome: 'unchanged', version: storedVersion };
    try {
      const saved = await reviews.save(actor, key, unit.unit, unit.items, unit.reviewVersion === 0 ? undefined : unit.reviewVersion);
      return { unit: unit.unit, name, outcome: 'imported', version: saved.version };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const changed = error.code === 'stale' || error.code === 'version_required';
      const reason = changed ? `导出后审核记录已被修改（导出时第 ${unit.reviewVersion} 版）；请重新导出该单位的实地核查表` : error.message;
      return { unit: unit.unit, name, outcome: 'refused', reason, ...(changed ? {} : { problems: error.problems }) };
    }
  }

  return {
    async importWorkbook(actor: Actor, key: CycleKey, bytes: Uint8Array): Promise<ReviewImportResult> {
      requireExaminer(actor);
      const { cycle, rubric } = await rubrics.forCycle(deps.unitTree.tree, key);
      const read = await deps.workbooks.read(bytes);
      if (!read.ok) throw invalid(`无法导入：${read.reason}`, [{ path: '$.body', code: 'workbook_unreadable', message: read.reason }]);
      const units = new Map((await stores.units.list()).map((u) => [u.code, { code: u.code, name: u.name }]));
      const result = importReviewSheet(read.workbook, rubric, { year: key.year, rubricHash: cycle.rubricHash }, units, { textFault });
      if (!result.ok) throw invalid(`工作簿中有 ${result.problems.length} 个问题，未导入任何内容`, result.problems.map(workbookProblem));

      const outcomes: UnitImportOutcome[] = [];
      for (const unit of result.units) {
        const name = units.get(unit.unit)?.name ?? unit.unit;
        if (!unit.ok) {
          const problems = unit.problems.map(workbookProblem);
          outcomes.push({ unit: unit.unit, name, outcome: 'refused', reason: `工作表中有 ${problems.length} 个问题`, problems });
          continue;
        }
        outcomes.push(await withRecordLock(subjects.submission(key, unit.unit), () => importUnit(actor, key, unit, name)));
      }
      for (const code of result.absent) {
        const reason = '文件中已没有该单位的工作表（被删除或移到了其他文件），该单位未导入，审核记录保持不变';
        outcomes.push({ unit: code, name: units.get(code)?.name ?? code, outcome: 'refused', reason });
      }
      return { year: key.year, units: outcomes };
    },
  };
}
