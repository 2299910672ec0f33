/**
 * --group-by for `kaohe assess` and `kaohe report`: each assessed unit's group at a
 * level of the unit tree (a county's city), so the reports rank units within their
 * groups as well as overall. The tree is the register's when it names one, else
 * --tree, else Gansu's.
 */
import path from 'node:path';
import { InputError } from '../adapters/files/input-error.js';
import { GANSU_UNIT_TREE, loadUnitTree } from '../adapters/files/unit-tree.js';
import { GROUP_LEVEL_WORDS, type GroupLevel, groupUnits, groupingTellsMore } from '../records/index.js';
import type { UnitGroups } from '../report/index.js';
import { UsageError } from './command.js';

/** What an examiner may type: the level's name in the tree's terms or in the bulletin's. */
const LEVELS: Readonly<Record<string, GroupLevel>> = { city: 'city', 市州: 'city', province: 'province', 省份: 'province' };

/** The help lines of --group-by and --tree; `treeDefault` says where the tree comes from when --tree is not given. */
export const groupByHelp = (treeDefault: string): string => `  --group-by  分组排名的层级：city（市州）或 province（省份）。报告在总排名之外，另列各单位在所属
              市州内的名次（ranking.csv、report.xlsx 增加“所属市州”“市州内名次”两列，通报增加
              “按市州排名”一部分，每个市州一张表）；组内名次与总名次同样比较，总分相同者名次相同
  --tree      分组所依据的单位树（默认：${treeDefault}）`;

export function parseGroupLevel(value: string | undefined): GroupLevel | undefined {
  if (value === undefined) return undefined;
  const level = LEVELS[value];
  if (level === undefined) throw new UsageError(`--group-by 应为 city（市州）或 province（省份），而不是“${value}”`);
  return level;
}

/** The register's tree when it names one (a path from the register's folder). */
export function registerTreeFile(unitsFile: string | undefined, tree: string | undefined): string | undefined {
  return unitsFile === undefined || tree === undefined ? undefined : path.resolve(path.dirname(unitsFile), tree);
}

/**
 * Each unit's group, or an InputError naming every unit code (from `source`, at $.units[i])
 * the tree does not hold; undefined, with a note, when every group would hold one unit.
 */
export function unitGroups(level: GroupLevel, codes: readonly string[], source: string, treeFile: string = GANSU_UNIT_TREE): UnitGroups | undefined {
  const { tree } = loadUnitTree(treeFile);
  const grouped = groupUnits(tree, codes, level);
  if (!grouped.ok)
    throw new InputError(
      [{ file: source, problems: grouped.problems.map((p) => ({ code: 'schema_invalid' as const, path: p.path, message: p.message })) }],
      `有单位不在单位树 ${path.basename(treeFile)} 中，无法按${GROUP_LEVEL_WORDS[level]}分组`,
    );
  if (!groupingTellsMore(grouped.groupOf)) {
    const word = GROUP_LEVEL_WORDS[level];
    process.stderr.write(`提示：按${word}分组后每组只有一个单位（或全部在同一${word}），报告不另列${word}内名次。\n`);
    return undefined;
  }
  return { title: GROUP_LEVEL_WORDS[level], of: Object.fromEntries(grouped.groupOf) };
}
