import { GANSU_UNIT_TREE, loadUnitTree } from '../../adapters/files/unit-tree.js';
import { type TreeUnit, type UnitTree, findUnit, nestedFrom, pathOf, subtreeOf } from '../../records/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { shown } from '../defaults.js';
import { handleError } from '../report-problems.js';
import { textTable } from '../text-table.js';

/** "地级单位 14 个，县级单位 86 个": what lies under a unit, by level (省级 too in the country's tree). */
function countsUnder(units: readonly TreeUnit[]): string {
  const provinces = units.filter((u) => u.level === 'province').length;
  const cities = units.filter((u) => u.level === 'city').length;
  const counties = units.filter((u) => u.level === 'county').length;
  return [provinces > 0 ? `省级单位 ${provinces} 个` : '', cities > 0 ? `地级单位 ${cities} 个` : '', `县级单位 ${counties} 个`]
    .filter((s) => s !== '')
    .join('，');
}

function listing(tree: UnitTree, top: TreeUnit, asOf: string): string {
  const under = subtreeOf(tree, top);
  const path = pathOf(tree, top)
    .map((u) => u.name)
    .join(' › ');
  const depth = (u: TreeUnit) => pathOf(tree, u).length - pathOf(tree, top).length;
  const rows = under.map((u) => {
    const children = tree.childrenOf.get(u.code) ?? [];
    const note = u.level !== 'city' ? '' : children.length > 0 ? `下辖县级单位 ${children.length} 个` : '不设县级单位';
    return [`${'  '.repeat(depth(u))}${u.code}`, u.name, u.kind, note];
  });
  return [`${path}（${top.code}）：${countsUnder(under.slice(1))}；行政区划截至 ${asOf}`, '', ...textTable(rows)].join('\n');
}

export const unitsCommand: Command = {
  name: 'units',
  summary: '列出单位树（省、市州、县级单位及其行政区划代码）',
  help: `用法：kaohe units [--under <单位代码>] [--tree <单位树文件>] [--json]

按行政区划（GB/T 2260）列出单位树：省、其下的市州，以及各市州下辖的县级单位
（市辖区、县级市、县、自治县），每个单位一行：代码、名称、类别。不需要数据库。

选项：
  --under   只列出该单位及其下的单位，例如 --under 620100 列出兰州市及其 8 个县级单位
  --tree    单位树文件（默认为 ${shown(GANSU_UNIT_TREE)}，甘肃省 2015 年的行政区划）
  --json    以 JSON 输出（嵌套的单位，各带层级 province、city、county）`,
  run(argv) {
    const { values } = parse(argv, { under: { type: 'string' }, tree: { type: 'string' }, json: { type: 'boolean' } });
    try {
      const { tree, source } = loadUnitTree(values.tree ?? GANSU_UNIT_TREE);
      let top = tree.root;
      if (values.under !== undefined) {
        const found = findUnit(tree, values.under, '--under');
        if (!found.ok) {
          process.stderr.write(`kaohe units: ${found.problem.message}。\n`);
          return 1;
        }
        top = found.unit;
      }
      if (values.json) {
        const output = { kaohe: 'unit-tree/v1', asOf: source.asOf, path: pathOf(tree, top).map((u) => u.code), unit: nestedFrom(tree, top) };
        process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      } else process.stdout.write(`${listing(tree, top, source.asOf)}\n`);
      return 0;
    } catch (error) {
      return handleError(error);
    }
  },
};
