/**
 * The field sheet's unit sheet names, by the same rules as the report's unit sheets
 * (sheet-names.ts): the layout must know the names so that the cover can point to each
 * unit's sheet.
 */
import { SheetNames } from './sheet-names.js';

/** One valid, unique name per unit, in order, none equal to a name in `taken`. */
export function unitSheetNames(units: readonly { readonly code: string; readonly name: string }[], taken: readonly string[]): string[] {
  const names = new SheetNames(taken);
  return units.map((unit) => names.next(unit.name, unit.code || '单位'));
}
