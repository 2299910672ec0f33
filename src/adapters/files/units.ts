/**
 * The register of assessed units (seeds/units.json): code, name and kind. A register
 * that names its unit tree (`"tree"`, a path from the register's folder) is checked
 * against it: every unit must be a unit of the tree, under the tree's name for it.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { KINDS_BY_LEVEL, registerProblems } from '../../records/index.js';
import { InputError } from './input-error.js';
import { tryReadJson } from './read-json.js';
import { loadUnitTree } from './unit-tree.js';

const KINDS = [...KINDS_BY_LEVEL.province, ...KINDS_BY_LEVEL.city, ...KINDS_BY_LEVEL.county] as [string, ...string[]];

const unitRegisterSchema = z.strictObject({
  province: z.strictObject({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) }),
  tree: z.string().min(1).optional(),
  units: z
    .array(
      z.strictObject({
        code: z.string().regex(/^\d{6}$/),
        name: z.string().min(1),
        kind: z.enum(KINDS),
      }),
    )
    .min(1),
});

export type UnitRegister = z.output<typeof unitRegisterSchema>;

export function loadUnits(file: string): UnitRegister {
  const read = tryReadJson(file);
  const parsed = read.ok ? parseWith(unitRegisterSchema, read.value) : read;
  if (!parsed.ok) throw new InputError([{ file, problems: parsed.problems }], '单位名录有误');
  const register = parsed.value;
  if (register.tree !== undefined) {
    const { tree } = loadUnitTree(path.resolve(path.dirname(file), register.tree));
    const problems = registerProblems(tree, register.units).map((p) => ({ code: 'schema_invalid' as const, path: p.path, message: p.message }));
    if (tree.root.code !== register.province.code)
      problems.unshift({
        code: 'schema_invalid',
        path: '$.province.code',
        message: `名录的省 ${register.province.code} 不是单位树的根 ${tree.root.code}（${tree.root.name}）`,
      });
    if (problems.length > 0) throw new InputError([{ file, problems }], '单位名录与单位树不符');
  }
  return register;
}
