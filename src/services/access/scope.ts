/**
 * How far an overseer reaches down the unit tree. An examiner or evaluator may belong
 * to a body (their unitCode: 兰州市's examiners to 620100); they see and act on the
 * cycles that body or a body below it runs, and no others. Without a body they serve
 * the tree's root, which reaches every cycle. A city (or county) user is scoped by its
 * own unit elsewhere (actor.ts, and a cycle must assess the unit).
 */
import { type CycleKey, isWithin, roleWords, type UnitTree } from '../../records/index.js';
import { forbidden } from '../errors.js';
import type { Actor } from './actor.js';
import { cycleName } from '../cycles/cycle-lookup.js';

/** The body an overseer serves: its unit, else the tree's root. */
export function servedBody(tree: UnitTree, actor: Actor): string {
  return actor.role === 'examiner' || actor.role === 'auditor' ? (actor.unitCode ?? tree.root.code) : tree.root.code;
}

/** Whether the actor may see and act on cycles run by `body`. Cities: every body (their unit decides). */
export function reachesBody(tree: UnitTree, actor: Actor, body: string): boolean {
  if (actor.role === 'city' || actor.role === 'admin') return true;
  const own = servedBody(tree, actor);
  return body === own || isWithin(tree, body, own);
}

const unitWords = (tree: UnitTree, code: string): string => `${tree.byCode.get(code)?.name ?? code}（${code}）`;

/** Refuses (403) an overseer reaching a cycle of a body outside its own subtree. */
export function requireCycleScope(tree: UnitTree, actor: Actor, key: CycleKey): void {
  const body = key.body ?? tree.root.code;
  if (reachesBody(tree, actor, body)) return;
  const own = servedBody(tree, actor);
  throw forbidden(`${unitWords(tree, own)}的${roleWords(actor)}只能查看和处理本级及下级组织的考核；${cycleName(tree, key)}考核由${unitWords(tree, body)}组织`);
}
