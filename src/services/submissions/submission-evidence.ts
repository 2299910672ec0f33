/**
 * A submission's items with and without the materials they cite. The stored items of
 * a submitted submission are its evidence document's items: on submit, each answered
 * item gets the names and hashes of the materials uploaded for it, so a run's evidence
 * hash covers the files too.
 */
import type { MaterialRecord, UnitItem, UnitItems } from '../../records/index.js';

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
