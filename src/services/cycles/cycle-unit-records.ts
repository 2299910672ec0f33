/**
 * The units a cycle assesses, as records with their names: the one answer to "which
 * units" for runs, progress boards and field sheets, so that none of them reads the
 * whole register (which holds every cycle's units).
 */
import type { CycleRecord, UnitRecord, UnitTree } from '../../records/index.js';
import { ServiceError } from '../errors.js';
import type { Stores } from '../ports.js';
import { assessingCycle } from './cycle-units.js';
import { cycleName, keyOfCycle } from './cycle-lookup.js';

/** The cycle's units in unit-code order, named by the register, else (a creation cut short) by the tree. */
export async function cycleUnitRecords(stores: Stores, tree: UnitTree, cycle: CycleRecord): Promise<UnitRecord[]> {
  const register = await stores.units.list();
  const named = new Map<string, UnitRecord>(register.map((u) => [u.code, u]));
  return assessingCycle(tree, cycle, register)
    .units.map((code): UnitRecord => {
      const unit = named.get(code) ?? tree.byCode.get(code);
      return unit ? { code: unit.code, name: unit.name, kind: unit.kind } : { code, name: code, kind: '' };
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Refuses a unit the cycle does not assess (404, as an unknown unit), so that nothing is filed for it. */
export async function requireAssessed(stores: Stores, tree: UnitTree, cycle: CycleRecord, code: string): Promise<void> {
  // A cycle stored before bodies has no list: its units come from the register.
  const units = cycle.units ?? assessingCycle(tree, cycle, await stores.units.list()).units;
  if (!units.includes(code)) throw new ServiceError('not_found', `单位 ${code} 不在 ${cycleName(tree, keyOfCycle(tree, cycle))}考核的被考核单位中`);
}
