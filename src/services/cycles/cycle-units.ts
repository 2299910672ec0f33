/**
 * Whom a cycle assesses: its assessing body (a government of the unit tree) and the
 * units under it. Pure: the tree and the register are given.
 *
 * A cycle stored before cycles had a body reads as the province's cycle over the
 * register, which is what every cycle was then.
 */
import { cycleIdOf, cycleKeyFor, type CycleRecord, findUnit, isWithin, type UnitRecord, type UnitTree } from '../../records/index.js';
import type { ServiceProblem } from '../errors.js';

/** A cycle with its id, body and units resolved, stored or by default. */
export type AssessingCycle = CycleRecord & { readonly id: string; readonly body: string; readonly bodyName: string; readonly units: readonly string[] };

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The register's units the province assesses by default: those not under another unit
 * of the register. A city's cycle adds its counties to the register (so that they can
 * have users and submit); they must not join the province's cycle by that.
 */
export function registerTopUnits(tree: UnitTree, register: readonly UnitRecord[]): string[] {
  const codes = register.map((u) => u.code);
  return codes.filter((code) => !codes.some((other) => other !== code && isWithin(tree, code, other))).sort(byCode);
}

export function assessingCycle(tree: UnitTree, cycle: CycleRecord, register: readonly UnitRecord[]): AssessingCycle {
  const body = cycle.body ?? tree.root.code;
  return {
    ...cycle,
    id: cycleIdOf(cycleKeyFor(cycle.year, body, tree.root.code)),
    body,
    bodyName: tree.byCode.get(body)?.name ?? body,
    units: cycle.units ?? registerTopUnits(tree, register),
  };
}

/** What a cycle being created asks for; absent means the default. */
export interface DeclaredUnits {
  readonly body?: string | undefined;
  readonly units?: readonly string[] | undefined;
}

export type ResolvedUnits = { ok: true; body: string; units: string[] } | { ok: false; problems: ServiceProblem[] };

/**
 * The body and units of a new cycle, or every reason they cannot be: a code outside the
 * tree, a unit outside the body's subtree, the body itself, a unit listed twice. Without
 * declared units the province assesses the register (as before bodies) and any other
 * body its children in the tree.
 */
export function resolveUnits(tree: UnitTree, register: readonly UnitRecord[], declared: DeclaredUnits): ResolvedUnits {
  const bodyCode = declared.body ?? tree.root.code;
  const found = findUnit(tree, bodyCode, '$.body.body');
  if (!found.ok) return { ok: false, problems: [{ ...found.problem, message: `考核主体：${found.problem.message}` }] };
  const body = found.unit;
  const where = `${body.name}（${body.code}）`;
  if (declared.units === undefined) {
    if (body.code === tree.root.code) return { ok: true, body: body.code, units: registerTopUnits(tree, register) };
    const children = (tree.childrenOf.get(body.code) ?? []).map((u) => u.code);
    if (children.length === 0)
      return { ok: false, problems: [{ code: 'unit_not_within', path: '$.body.body', message: `${where}之下没有单位，请用 units 指明所考核的单位` }] };
    return { ok: true, body: body.code, units: children };
  }
  const problems: ServiceProblem[] = [];
  const seen = new Set<string>();
  for (const [i, code] of declared.units.entries()) {
    const path = `$.body.units[${i}]`;
    const unit = findUnit(tree, code, path);
    if (!unit.ok) problems.push(unit.problem);
    else if (code === body.code) problems.push({ code: 'unit_not_within', path, message: `单位 ${code} 是考核主体${where}本身，不能考核自己` });
    else if (!isWithin(tree, code, body.code)) problems.push({ code: 'unit_not_within', path, message: `单位 ${code} 不在${where}的辖区内` });
    else if (seen.has(code)) problems.push({ code: 'unit_duplicate', path, message: `单位 ${code} 重复列出` });
    seen.add(code);
  }
  if (declared.units.length === 0) problems.push({ code: 'unit_none', path: '$.body.units', message: '所考核的单位不能为空；考核下级全部单位时请省略 units' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, body: body.code, units: [...declared.units].sort(byCode) };
}

/** Whom a cycle assesses, in words for the audit log: 考核主体 兰州市（620100），被考核单位 8 个. */
export function assessedWords(tree: UnitTree, body: string, units: readonly string[]): string {
  return `考核主体 ${tree.byCode.get(body)?.name ?? body}（${body}），被考核单位 ${units.length} 个`;
}

/** The cycle's units the register lacks, named from the tree. */
export function unitsMissingFromRegister(tree: UnitTree, units: readonly string[], register: readonly UnitRecord[]): UnitRecord[] {
  const known = new Set(register.map((u) => u.code));
  return units.flatMap((code) => {
    const unit = tree.byCode.get(code);
    return known.has(code) || unit === undefined ? [] : [{ code: unit.code, name: unit.name, kind: unit.kind }];
  });
}
