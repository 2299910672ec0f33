/**
 * The unit tree as the service reads it: the whole tree or the subtree of one unit,
 * with the path from the province down to it. Read-only, for every role: who may act
 * on which part of the tree is not decided here.
 */
import { type GroupLevel, type LeveledNode, type TreeUnit, type UnitTree, findUnit, nestedFrom, pathOf } from '../../records/index.js';
import { ServiceError } from '../errors.js';
import { type RankingGroups, groupRanking } from './ranking-groups.js';

/** The tree and the day its administrative divisions stand at (the seed's source). */
export interface KnownUnitTree {
  readonly tree: UnitTree;
  readonly asOf: string;
}

export interface UnitTreeView {
  readonly asOf: string;
  /** From the province down to the unit asked for (the province alone for the whole tree). */
  readonly path: readonly TreeUnit[];
  readonly unit: LeveledNode;
}

export function unitTreeService(known: KnownUnitTree) {
  return {
    /** The subtree of `under` (the whole tree without it); a code outside the tree is refused by name. */
    read(under?: string): UnitTreeView {
      const { tree } = known;
      let top = tree.root;
      if (under !== undefined) {
        const found = findUnit(tree, under, '$.under');
        if (!found.ok) {
          const { problem } = found;
          throw new ServiceError(problem.code === 'unit_not_in_tree' ? 'not_found' : 'invalid', problem.message, [problem]);
        }
        top = found.unit;
      }
      return { asOf: known.asOf, path: pathOf(tree, top), unit: nestedFrom(tree, top) };
    },

    /** Ranking rows (rank order) grouped at `level`, each with its rank in its group. */
    grouped<R extends { readonly code: string; readonly name: string; readonly rank: number }>(rows: readonly R[], level: GroupLevel): RankingGroups<R> {
      return groupRanking(known.tree, rows, level);
    },
  };
}
