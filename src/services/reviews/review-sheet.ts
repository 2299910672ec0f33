/**
 * The examiners' field sheet (实地核查表) of a cycle: one workbook for the on-site team
 * with, per unit, the unit's submission read-only beside the examiner's columns,
 * pre-filled with the unit's current review. Examiners and admins only: it is the
 * examiners' working copy, and only they may save what it brings back.
 */
import { type Actor, requireExaminer } from '../access/actor.js';
import { notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { type CycleKey, filedTargetsOf, itemsOf, type ReviewItem, type UnitItem, type UnitRecord, type CycleRecord } from '../../records/index.js';
import { reviewSheet, type ReviewSheetUnit } from '../../spreadsheet/review-sheet.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { itemsWithoutMaterials } from '../submissions/submission-evidence.js';
import { cycleUnitRecords } from '../cycles/cycle-unit-records.js';

/** Who the examiners ask about the field sheet, on its cover. */
export const REVIEW_SHEET_CONTACT = '如对考核要点有疑问，请联系省质量发展领导小组办公室（考核组）；系统使用问题请联系考核系统管理员。';

export interface ReviewSheetFile {
  readonly bytes: Uint8Array;
  /** e.g. 2015年度质量工作考核实地核查表.xlsx */
  readonly fileName: string;
  /** The units in the workbook, in sheet order. */
  readonly units: readonly string[];
}

export const reviewSheetFileName = (year: number): string => `${year}年度质量工作考核实地核查表.xlsx`;

export function reviewSheetService(deps: ServiceDeps) {
  const { stores } = deps;
  const rubrics = rubricReader(stores);

  /** The units asked for, in the order given (the cycle's units, by code, when none are named); an unknown code is refused by name. */
  async function unitsOf(cycle: CycleRecord, codes: readonly string[] | undefined): Promise<UnitRecord[]> {
    if (codes === undefined || codes.length === 0) return cycleUnitRecords(stores, deps.unitTree.tree, cycle);
    const all = await stores.units.list();
    const byCode = new Map(all.map((u) => [u.code, u]));
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length > 0) throw notFound(`单位 ${unknown.join('、')} `);
    return [...new Set(codes)].map((c) => byCode.get(c) as UnitRecord);
  }

  return {
    async template(actor: Actor, key: CycleKey, unitCodes?: readonly string[]): Promise<ReviewSheetFile> {
      requireExaminer(actor);
      const { cycle, rubric } = await rubrics.forCycle(deps.unitTree.tree, key);
      const units = await unitsOf(cycle, unitCodes);
      const sheets: ReviewSheetUnit[] = [];
      for (const unit of units) {
        const submission = await stores.submissions.get(key, unit.code);
        const review = await stores.reviews.get(key, unit.code);
        const filing = await stores.targets.get(key, unit.code);
        sheets.push({
          unit: { code: unit.code, name: unit.name },
          submission: {
            items: itemsWithoutMaterials(itemsOf<UnitItem>(submission)),
            version: submission?.version ?? 0,
            submitted: submission?.state === 'submitted',
          },
          review: { items: itemsOf<ReviewItem>(review), version: review?.version ?? 0 },
          targets: filedTargetsOf(filing),
        });
      }
      const layout = reviewSheet({ rubric, cycle: { year: cycle.year, deadline: cycle.deadline }, units: sheets, contact: REVIEW_SHEET_CONTACT });
      return { bytes: await deps.workbooks.write(layout), fileName: reviewSheetFileName(key.year), units: units.map((u) => u.code) };
    },
  };
}
