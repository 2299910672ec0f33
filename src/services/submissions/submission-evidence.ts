/**
 * A submission as the engine's evidence document. The stored items of a submitted
 * submission already are that document's items: on submit, each answered item gets
 * the names and hashes of the materials uploaded for it, so a run's evidence hash
 * covers the files too.
 */
import type { EvidenceDocument, Rubric } from '../../core/index.js';
import { type MaterialRecord, type SubmissionRecord, type UnitItem, type UnitItems, type UnitRecord, itemsOf } from '../../records/index.js';

/** The items without any material references (what a city edits and reads back). */
export function itemsWithoutMaterials(items: UnitItems): Record<string, UnitItem> {
  // fromEntries defines own properties: an item coded "__proto__" stays an item.
  return Object.fromEntries(
    Object.entries(items).map(([code, item]) => {
      const { materials: _materials, ...rest } = item;
      return [code, rest];
    }),
  );
}

/**
 * Adds each material to the item it was uploaded for, when the unit answered that item.
 * A material alone does not answer an item: that would turn its field defaults into a score.
 */
export function itemsWithMaterials(items: UnitItems, materials: readonly MaterialRecord[]): Record<string, UnitItem> {
  const out = itemsWithoutMaterials(items);
  for (const m of materials) {
    if (m.itemCode === undefined || !Object.prototype.hasOwnProperty.call(out, m.itemCode)) continue;
    const item = out[m.itemCode];
    out[m.itemCode] = { ...item, materials: [...(item?.materials ?? []), { name: m.originalName, sha256: m.sha256 }] };
  }
  return out;
}

/** The evidence document a submission stands for (the unit's own data; an examiner's review is merged elsewhere). */
export function submissionEvidence(rubric: Rubric, unit: UnitRecord, submission: SubmissionRecord): EvidenceDocument {
  return {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: submission.year,
    unit: { code: unit.code, name: unit.name },
    ...(submission.selfTotal === undefined ? {} : { selfTotal: submission.selfTotal }),
    items: itemsOf<UnitItem>(submission),
  };
}
