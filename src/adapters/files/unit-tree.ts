/**
 * The unit tree's seed file (seeds/units-tree/*.json): the province and its units
 * nested by administrative division, with the source the codes were taken from.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseWith, tooDeep } from '../../core/validation.js';
import { type UnitTree, type UnitTreeNode, buildUnitTree } from '../../records/index.js';
import { packageRoot } from '../../package-info.js';
import { InputError } from './input-error.js';
import { tryReadJson } from './read-json.js';

/** Gansu's province, 14 cities and prefectures and 86 county-level units as they stood in 2015. */
export const GANSU_UNIT_TREE = path.join(packageRoot, 'seeds', 'units-tree', 'gansu-2015.json');

/** The country (000000), its 31 provinces, 334 prefecture-level and 2,850 county-level units as they stood at the end of 2015. */
export const CHINA_UNIT_TREE = path.join(packageRoot, 'seeds', 'units-tree', 'china-2015.json');

const nodeSchema: z.ZodType<UnitTreeNode> = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  get children() {
    return z.array(nodeSchema).optional();
  },
});

const treeFileSchema = z.strictObject({
  source: z.strictObject({
    title: z.string().min(1),
    asOf: z.iso.date(),
    retrieved: z.string().min(1),
    checked: z.array(z.string()).optional(),
    /** What the file decided where the source leaves a choice (what is left out, where a unit without a city sits). */
    notes: z.array(z.string()).optional(),
  }),
  root: nodeSchema,
});

export type UnitTreeSource = z.output<typeof treeFileSchema>['source'];

export interface LoadedUnitTree {
  readonly tree: UnitTree;
  /** Where the codes come from and the day they stand at. */
  readonly source: UnitTreeSource;
}

/** Country, province, city, county (each with its children list), and the file's own level above them. */
const MAX_DEPTH = 8;

export function loadUnitTree(file: string = GANSU_UNIT_TREE): LoadedUnitTree {
  const read = tryReadJson(file);
  const deep = read.ok ? tooDeep(read.value, MAX_DEPTH) : null;
  const parsed = !read.ok ? read : deep ? { ok: false as const, problems: [deep] } : parseWith(treeFileSchema, read.value);
  if (!parsed.ok) throw new InputError([{ file, problems: parsed.problems }], '单位树文件有误');
  const built = buildUnitTree(parsed.value.root, '$.root');
  if (!built.ok) {
    // InputError carries the core's problems: a tree that does not hold together is a fault of the file's content.
    const problems = built.problems.map((p) => ({ code: 'schema_invalid' as const, path: p.path, message: p.message }));
    throw new InputError([{ file, problems }], '单位树文件有误');
  }
  return { tree: built.tree, source: parsed.value.source };
}
