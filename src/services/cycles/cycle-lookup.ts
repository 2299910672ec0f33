/**
 * Finding a cycle by its key (records/cycle-key.ts), and naming it to a user. The
 * root's cycle is stored without a body, like every record of its cycle; for a short
 * while cycles were stored with the root's code as their body, and read as the root's.
 */
import { type CycleKey, type CycleRecord, cycleKeyFor, cycleWords, type UnitTree } from '../../records/index.js';
import { notFound } from '../errors.js';
import type { Stores } from '../ports.js';

export async function findCycle(stores: Stores, tree: UnitTree, key: CycleKey): Promise<CycleRecord | null> {
  if (key.body !== undefined) return key.body === tree.root.code ? null : stores.cycles.get(key);
  return (await stores.cycles.get(key)) ?? stores.cycles.get({ year: key.year, body: tree.root.code });
}

/** The cycle, or 404 naming it. */
export async function requireCycle(stores: Stores, tree: UnitTree, key: CycleKey): Promise<CycleRecord> {
  const cycle = await findCycle(stores, tree, key);
  if (!cycle) throw notFound(`${cycleName(tree, key)}考核周期`);
  return cycle;
}

/** A stored cycle's key. */
export function keyOfCycle(tree: UnitTree, cycle: CycleRecord): CycleKey {
  return cycleKeyFor(cycle.year, cycle.body, tree.root.code);
}

/** How messages name a cycle (records/cycle-key.ts: cycleWords), its body named from the tree. */
export function cycleName(tree: UnitTree, key: CycleKey): string {
  return cycleWords(key, key.body === undefined ? undefined : tree.byCode.get(key.body)?.name);
}
