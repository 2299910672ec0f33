/**
 * The unit tree: governments by administrative division (GB/T 2260), country →
 * province → city → county. A code's digits say where it sits (two for the province,
 * two for the city, two for the county; trailing zeros give the level), so a tree is
 * checked against its codes as it is built: a child must carry its parent's prefix and
 * sit one level down, or, for a county with no city above it (a municipality's
 * district), two.
 * Pure: the seed file is read by adapters/files/unit-tree.ts.
 */

/** 省级, 地级 and 县级, the three levels of GB/T 2260, and the country above them. */
export type UnitLevel = 'country' | 'province' | 'city' | 'county';

export const LEVEL_WORDS: Readonly<Record<UnitLevel, string>> = { country: '国家级', province: '省级', city: '地级', county: '县级' };

/**
 * The country's code. GB/T 2260 gives the country none; six zeros keep the rule that
 * trailing zeros give the level (no significant digit: above every province), so every
 * province carries its prefix. Some map services use 100000 (高德's adcode), which is
 * not in the standard and would break that rule.
 */
export const COUNTRY_CODE = '000000';

/** A unit as written in the seed: its children nested under it. */
export interface UnitTreeNode {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly children?: readonly UnitTreeNode[];
}

/** A unit as the tree knows it: where it sits, and its parent (none for the root). */
export interface TreeUnit {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly level: UnitLevel;
  readonly parent?: string;
}

export interface UnitTree {
  readonly root: TreeUnit;
  /** Every unit, parents before their children, siblings by code. */
  readonly units: readonly TreeUnit[];
  readonly byCode: ReadonlyMap<string, TreeUnit>;
  readonly childrenOf: ReadonlyMap<string, readonly TreeUnit[]>;
}

export type UnitTreeProblemCode =
  | 'unit_code_format'
  | 'unit_code_level'
  | 'unit_code_prefix'
  | 'unit_code_duplicate'
  | 'unit_kind_level'
  | 'unit_name_empty'
  | 'unit_name_duplicate'
  | 'unit_name_mismatch'
  | 'unit_tree_depth'
  | 'unit_not_in_tree';

/** What is wrong, where (a JSON path), in words a user reads. */
export interface UnitTreeProblem {
  readonly code: UnitTreeProblemCode;
  readonly path: string;
  readonly message: string;
}

export type TreeBuilt = { ok: true; tree: UnitTree } | { ok: false; problems: UnitTreeProblem[] };
export type UnitFound = { ok: true; unit: TreeUnit } | { ok: false; problem: UnitTreeProblem };

/** How many leading digits name a unit at each level; the rest are zeros. */
const SIGNIFICANT: Readonly<Record<UnitLevel, number>> = { country: 0, province: 2, city: 4, county: 6 };
const CODE = /^\d{6}$/;

/** The kinds of government at each level (GB/T 2260's names for them). */
export const KINDS_BY_LEVEL: Readonly<Record<UnitLevel, readonly string[]>> = {
  country: ['国家'],
  province: ['省', '自治区', '直辖市'],
  city: ['地级市', '自治州', '地区', '盟'],
  county: ['区', '县', '县级市', '自治县', '旗', '自治旗', '特区', '林区'],
};

/**
 * Which levels may sit directly under each. A county-level unit may sit under its
 * province where no city stands between (a municipality's districts, 110101 under
 * 110000; a province's directly administered cities, 429004 仙桃市 under 420000).
 */
const CHILD_LEVELS: Readonly<Record<UnitLevel, readonly UnitLevel[]>> = {
  country: ['province'],
  province: ['city', 'county'],
  city: ['county'],
  county: [],
};

/** A code's level by its shape: 000000 the country, 620000 a province, 620100 a city, 620102 a county. */
export function levelOfCode(code: string): UnitLevel {
  return code === COUNTRY_CODE ? 'country' : code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';
}

export function codeFormatProblem(code: string, path = '$'): UnitTreeProblem | undefined {
  if (!CODE.test(code)) return { code: 'unit_code_format', path, message: `单位代码“${code}”不是 6 位数字的行政区划代码（GB/T 2260）` };
  // No province is numbered 00: below the country, the first two digits name one (11–82).
  if (code !== COUNTRY_CODE && code.startsWith('00'))
    return { code: 'unit_code_format', path, message: `单位代码“${code}”的第 1–2 位为 00，不是省级以下的行政区划代码（GB/T 2260）` };
  // The city digits of any unit below a province name its city (01–99) or its province's direct administration (90).
  if (levelOfCode(code) === 'county' && code.slice(2, 4) === '00')
    return { code: 'unit_code_format', path, message: `单位代码“${code}”的第 3–4 位为 00，不是县级行政区划代码（GB/T 2260）` };
  return undefined;
}

/** The tree from its nested form, or every problem found in it, each at its JSON path. */
export function buildUnitTree(root: UnitTreeNode, rootPath = '$'): TreeBuilt {
  const problems: UnitTreeProblem[] = [];
  const units: TreeUnit[] = [];
  const byCode = new Map<string, TreeUnit>();
  const childrenOf = new Map<string, TreeUnit[]>();

  const visit = (node: UnitTreeNode, parent: TreeUnit | undefined, path: string): TreeUnit | undefined => {
    const where = `${node.code}（${node.name}）`;
    const format = codeFormatProblem(node.code, `${path}.code`);
    if (format) return void problems.push(format);
    const level = levelOfCode(node.code);
    if (parent === undefined && level !== 'province' && level !== 'country')
      problems.push({
        code: 'unit_code_level',
        path: `${path}.code`,
        message: `单位树的根 ${where}应为国家（${COUNTRY_CODE}）或省级单位，代码以 0000 结尾`,
      });
    if (parent?.level === 'county')
      return void problems.push({ code: 'unit_tree_depth', path, message: `${where}在县级单位 ${parent.code}（${parent.name}）之下：单位树只到县级` });
    if (parent && !CHILD_LEVELS[parent.level].includes(level))
      problems.push({
        code: 'unit_code_level',
        path: `${path}.code`,
        message: `${where}的代码是${LEVEL_WORDS[level]}单位的代码，不能在${LEVEL_WORDS[parent.level]}单位 ${parent.code}（${parent.name}）之下`,
      });
    if (!KINDS_BY_LEVEL[level].includes(node.kind))
      problems.push({
        code: 'unit_kind_level',
        path: `${path}.kind`,
        message: `${where}是${LEVEL_WORDS[level]}单位，类别应为${KINDS_BY_LEVEL[level].join('、')}之一，而不是“${node.kind}”`,
      });
    if (parent) {
      const prefix = parent.code.slice(0, SIGNIFICANT[parent.level]);
      if (!node.code.startsWith(prefix))
        problems.push({
          code: 'unit_code_prefix',
          path: `${path}.code`,
          message: `${where}不在上级 ${parent.code}（${parent.name}）之下：代码应以 ${prefix} 开头`,
        });
    }
    if (node.name.trim() === '') problems.push({ code: 'unit_name_empty', path: `${path}.name`, message: `单位 ${node.code} 没有名称` });
    if (byCode.has(node.code))
      return void problems.push({ code: 'unit_code_duplicate', path: `${path}.code`, message: `单位代码 ${node.code} 出现了不止一次` });
    const unit: TreeUnit = { code: node.code, name: node.name, kind: node.kind, level, ...(parent ? { parent: parent.code } : {}) };
    units.push(unit);
    byCode.set(unit.code, unit);
    const children: TreeUnit[] = [];
    childrenOf.set(unit.code, children);
    const namesSeen = new Set<string>();
    for (const [i, child] of (node.children ?? []).entries()) {
      const childPath = `${path}.children[${i}]`;
      if (namesSeen.has(child.name))
        problems.push({ code: 'unit_name_duplicate', path: `${childPath}.name`, message: `${where}之下有两个单位都名为“${child.name}”` });
      namesSeen.add(child.name);
      const added = visit(child, unit, childPath);
      if (added) children.push(added);
    }
    // Siblings by code, whatever order the file lists them in (problems above follow the file).
    children.sort((a, b) => a.code.localeCompare(b.code));
    return unit;
  };

  visit(root, undefined, rootPath);
  // A county placed under its province while its city is in the tree belongs under that city.
  for (const unit of units) {
    const city = `${unit.code.slice(0, 4)}00`;
    if (unit.level === 'county' && unit.parent !== city && byCode.has(city))
      problems.push({
        code: 'unit_code_prefix',
        path: rootPath,
        message: `${unit.code}（${unit.name}）应在 ${city}（${byCode.get(city)?.name}）之下，却在 ${unit.parent}（${byCode.get(unit.parent ?? '')?.name}）之下`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  const top = units[0] as TreeUnit;
  const ordered: TreeUnit[] = [];
  const walk = (u: TreeUnit): void => {
    ordered.push(u);
    for (const child of childrenOf.get(u.code) ?? []) walk(child);
  };
  walk(top);
  return { ok: true, tree: { root: top, units: ordered, byCode, childrenOf } };
}

/** The unit of a code, or why there is none: a malformed code, or one outside the tree, named in the message. */
export function findUnit(tree: UnitTree, code: string, path = '$'): UnitFound {
  const format = codeFormatProblem(code, path);
  if (format) return { ok: false, problem: format };
  const unit = tree.byCode.get(code);
  if (unit) return { ok: true, unit };
  return { ok: false, problem: { code: 'unit_not_in_tree', path, message: `单位代码 ${code} 不在${tree.root.name}（${tree.root.code}）的单位树中` } };
}

/** From the root down to the unit itself: 甘肃省 › 兰州市 › 城关区 (中华人民共和国 first in the country's tree). */
export function pathOf(tree: UnitTree, unit: TreeUnit): TreeUnit[] {
  const path: TreeUnit[] = [];
  for (let at: TreeUnit | undefined = unit; at !== undefined; at = at.parent === undefined ? undefined : tree.byCode.get(at.parent)) path.unshift(at);
  return path;
}

/** The unit and everything under it, parents before children. */
export function subtreeOf(tree: UnitTree, unit: TreeUnit): TreeUnit[] {
  const out: TreeUnit[] = [];
  const walk = (u: TreeUnit): void => {
    out.push(u);
    for (const child of tree.childrenOf.get(u.code) ?? []) walk(child);
  };
  walk(unit);
  return out;
}

/** Whether `code` is `ancestor` or sits anywhere under it. */
export function isWithin(tree: UnitTree, code: string, ancestor: string): boolean {
  for (let at = tree.byCode.get(code); at !== undefined; at = at.parent === undefined ? undefined : tree.byCode.get(at.parent))
    if (at.code === ancestor) return true;
  return false;
}

/** The nested form again, from a unit down, each unit with its level. */
export interface LeveledNode extends TreeUnit {
  readonly children: readonly LeveledNode[];
}

export function nestedFrom(tree: UnitTree, unit: TreeUnit): LeveledNode {
  return { ...unit, children: (tree.childrenOf.get(unit.code) ?? []).map((c) => nestedFrom(tree, c)) };
}

/**
 * A register of assessed units against the tree: each must be a unit of the tree, under
 * the same name. What a cycle assesses can then be placed in the tree.
 */
export function registerProblems(tree: UnitTree, register: readonly { code: string; name: string }[], path = '$.units'): UnitTreeProblem[] {
  return register.flatMap((u, i): UnitTreeProblem[] => {
    const found = findUnit(tree, u.code, `${path}[${i}].code`);
    if (!found.ok) return [found.problem];
    if (found.unit.name !== u.name)
      return [{ code: 'unit_name_mismatch', path: `${path}[${i}].name`, message: `单位 ${u.code} 在单位树中名为“${found.unit.name}”，名录中却为“${u.name}”` }];
    return [];
  });
}
